package compare

import (
	"bytes"
	"context"
	"fmt"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"k8s.io/client-go/kubernetes"
)

// apiserverRequests is the kube-apiserver's counter of finished requests, by verb and
// resource. A WATCH is counted when it ends (client-go re-opens each after 5-10 min).
const apiserverRequests = "apiserver_request_total"

// apiserverLongRunning is the kube-apiserver's gauge of open long-running requests (watches).
const apiserverLongRunning = "apiserver_longrunning_requests"

// KubeRequests are namespace-scoped pod LIST and WATCH requests counted by the
// kube-apiserver (all codes and clients): in the pod row only loadgen's watch, one informer
// per namespace, makes them. The pod mirror only writes; the kube-apiserver's own pod watch
// is cluster-wide and left out.
// OpenWatches is a gauge (pod watches open at the later scrape), not a count.
type KubeRequests struct{ List, Watch, OpenWatches int64 }

// Sub returns the requests counted between before and k, and k's open watches.
func (k KubeRequests) Sub(before KubeRequests) KubeRequests {
	return KubeRequests{List: k.List - before.List, Watch: k.Watch - before.Watch, OpenWatches: k.OpenWatches}
}

// podListWatch sums apiserver_request_total{resource="pods", scope="namespace",
// verb="LIST"|"WATCH"} and apiserver_longrunning_requests{resource="pods",
// scope="namespace", verb="WATCH"} in a Prometheus text exposition.
func podListWatch(metrics []byte) (KubeRequests, error) {
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(bytes.NewReader(metrics))
	if err != nil {
		return KubeRequests{}, fmt.Errorf("parsing kube-apiserver metrics: %w", err)
	}
	fam, ok := fams[apiserverRequests]
	if !ok {
		return KubeRequests{}, fmt.Errorf("kube-apiserver metrics lack %s", apiserverRequests)
	}
	var k KubeRequests
	forPods(fam, func(verb string, m *dto.Metric) {
		switch verb {
		case "LIST":
			k.List += int64(m.GetCounter().GetValue())
		case "WATCH":
			k.Watch += int64(m.GetCounter().GetValue())
		}
	})
	forPods(fams[apiserverLongRunning], func(verb string, m *dto.Metric) {
		if verb == "WATCH" {
			k.OpenWatches += int64(m.GetGauge().GetValue())
		}
	})
	return k, nil
}

// forPods calls f with the verb of each sample of fam (nil: none) about pods themselves in
// one namespace.
func forPods(fam *dto.MetricFamily, f func(verb string, m *dto.Metric)) {
	for _, m := range fam.GetMetric() {
		labels := map[string]string{}
		for _, l := range m.GetLabel() {
			labels[l.GetName()] = l.GetValue()
		}
		if labels["resource"] == "pods" && labels["subresource"] == "" && labels["scope"] == "namespace" {
			f(labels["verb"], m)
		}
	}
}

// scrapePodListWatch reads the kube-apiserver's /metrics (admin credentials) and sums its
// pod LIST and WATCH requests.
func scrapePodListWatch(ctx context.Context, cs kubernetes.Interface) (KubeRequests, error) {
	b, err := cs.CoreV1().RESTClient().Get().AbsPath("/metrics").DoRaw(ctx)
	if err != nil {
		return KubeRequests{}, fmt.Errorf("reading the kube-apiserver's /metrics: %w", err)
	}
	return podListWatch(b)
}
