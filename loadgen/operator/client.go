package operator

import (
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"

	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
)

// Client-side rate limits. client-go defaults to 5 QPS / burst 10, which
// caps a load generator at 5 submissions/s; these defaults leave the API
// server's own flow control (APF) as the limit being measured.
const (
	DefaultQPS   = 500
	DefaultBurst = 1000
)

// GVR is the SparkApplication resource.
var GVR = schema.GroupVersionResource{Group: Group, Version: Version, Resource: Resource}

// ClientConfig says which cluster to talk to and how fast.
type ClientConfig struct {
	Kubeconfig string  // path; empty: $KUBECONFIG, ~/.kube/config, then in-cluster
	Context    string  // kubeconfig context; empty: the current one
	QPS        float32 // 0: DefaultQPS
	Burst      int     // 0: DefaultBurst
	Rest       *rest.Config
}

// Clients are the API clients of the target plus a count of the requests
// they made (the benchmark reports API requests per tracked job).
type Clients struct {
	Dynamic  dynamic.Interface
	Kube     kubernetes.Interface
	Requests *RequestCounts
	Host     string
}

// RequestCounts counts HTTP requests to the API server by kind.
type RequestCounts struct {
	Create, Delete, Get, List, Watch, Other atomic.Int64
}

// Total is every request counted.
func (r *RequestCounts) Total() int64 {
	return r.Create.Load() + r.Delete.Load() + r.Get.Load() + r.List.Load() + r.Watch.Load() + r.Other.Load()
}

// Polls is GET and LIST requests that were not watches: tracking by
// watch makes none after the informers' initial lists.
func (r *RequestCounts) Polls() int64 { return r.Get.Load() + r.List.Load() }

// NewClients loads the kubeconfig (or uses cfg.Rest), raises QPS/burst and
// builds the clients.
func NewClients(cfg ClientConfig) (*Clients, error) {
	rc := cfg.Rest
	if rc == nil {
		var err error
		if rc, err = LoadRest(cfg.Kubeconfig, cfg.Context); err != nil {
			return nil, err
		}
	}
	rc = rest.CopyConfig(rc)
	rc.QPS, rc.Burst = cfg.QPS, cfg.Burst
	if rc.QPS <= 0 {
		rc.QPS = DefaultQPS
	}
	if rc.Burst <= 0 {
		rc.Burst = DefaultBurst
	}
	rc.UserAgent = "emr-eks-loadtest-loadgen"
	counts := &RequestCounts{}
	rc.Wrap(func(rt http.RoundTripper) http.RoundTripper { return &counting{rt: rt, c: counts} })
	dyn, err := dynamic.NewForConfig(rc)
	if err != nil {
		return nil, fmt.Errorf("building the dynamic client: %w", err)
	}
	kube, err := kubernetes.NewForConfig(rc)
	if err != nil {
		return nil, fmt.Errorf("building the Kubernetes client: %w", err)
	}
	return &Clients{Dynamic: dyn, Kube: kube, Requests: counts, Host: rc.Host}, nil
}

// LoadRest loads a kubeconfig: the file at path, else $KUBECONFIG,
// ~/.kube/config, then the in-cluster configuration; context picks one of its
// contexts (empty: the current one).
func LoadRest(path, context string) (*rest.Config, error) {
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	if path != "" {
		rules.ExplicitPath = path
	}
	cc := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, &clientcmd.ConfigOverrides{CurrentContext: context})
	rc, err := cc.ClientConfig()
	if err != nil {
		return nil, fmt.Errorf("loading kubeconfig (--kubeconfig %q, --context %q): %w", path, context, err)
	}
	return rc, nil
}

type counting struct {
	rt http.RoundTripper
	c  *RequestCounts
}

func (t *counting) RoundTrip(req *http.Request) (*http.Response, error) {
	switch {
	case req.URL.Query().Get("watch") == "true" || req.URL.Query().Get("watch") == "1":
		t.c.Watch.Add(1)
	case req.Method == http.MethodPost:
		t.c.Create.Add(1)
	case req.Method == http.MethodDelete:
		t.c.Delete.Add(1)
	case req.Method == http.MethodGet && isCollection(req.URL.Path):
		t.c.List.Add(1)
	case req.Method == http.MethodGet:
		t.c.Get.Add(1)
	default:
		t.c.Other.Add(1)
	}
	return t.rt.RoundTrip(req)
}

// isCollection reports whether an API path names a collection
// (/api/v1/namespaces/ns/pods, /apis/g/v/namespaces/ns/r) rather than one object.
func isCollection(path string) bool {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	n := len(parts)
	if parts[0] == "api" {
		parts = parts[2:] // api, v1
	} else if parts[0] == "apis" && n >= 3 {
		parts = parts[3:] // apis, group, version
	}
	switch len(parts) {
	case 1: // resource
		return true
	case 3: // namespaces/ns/resource
		return parts[0] == "namespaces"
	}
	return false
}
