package localemr

import (
	"fmt"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
)

// Client-side rate limits of the pod mirror. client-go's defaults (5 QPS, burst 10) are far
// below what the mirror writes: 50 submissions/s make ~150 pod writes/s.
const (
	MirrorQPS   = 200
	MirrorBurst = 400
)

// NewKubeClient loads kubeconfig (a file path; required: the mirror never falls back to
// $KUBECONFIG or in-cluster config) with context kubeContext (empty: the file's current
// one) and returns a clientset with MirrorQPS/MirrorBurst and the API server's URL.
func NewKubeClient(kubeconfig, kubeContext string) (kubernetes.Interface, string, error) {
	if kubeconfig == "" {
		return nil, "", fmt.Errorf("--kubeconfig is empty: give the path of a kubeconfig file")
	}
	rules := &clientcmd.ClientConfigLoadingRules{ExplicitPath: kubeconfig}
	overrides := &clientcmd.ConfigOverrides{CurrentContext: kubeContext}
	rc, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, overrides).ClientConfig()
	if err != nil {
		return nil, "", fmt.Errorf("loading kubeconfig (--kubeconfig %q, --kube-context %q): %w", kubeconfig, kubeContext, err)
	}
	return kubeClientFor(rc)
}

// kubeClientFor builds the mirror's clientset from rc with the mirror's rate limits.
func kubeClientFor(rc *rest.Config) (kubernetes.Interface, string, error) {
	rc = rest.CopyConfig(rc)
	rc.QPS, rc.Burst = MirrorQPS, MirrorBurst
	rc.UserAgent = "emr-eks-loadtest-localemr"
	c, err := kubernetes.NewForConfig(rc)
	if err != nil {
		return nil, "", fmt.Errorf("building the Kubernetes client for %s: %w", rc.Host, err)
	}
	return c, rc.Host, nil
}
