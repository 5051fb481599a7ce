package compare

import (
	"strings"
	"testing"
	"time"
)

// apiserverMetrics is a trimmed kube-apiserver /metrics exposition (v1.34 label set).
const apiserverMetrics = `# HELP apiserver_request_total [STABLE] Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, scope, component, and HTTP response code.
# TYPE apiserver_request_total counter
apiserver_request_total{code="200",component="apiserver",dry_run="",group="",resource="pods",scope="namespace",subresource="",verb="LIST",version="v1"} 4
apiserver_request_total{code="200",component="apiserver",dry_run="",group="",resource="pods",scope="namespace",subresource="",verb="WATCH",version="v1"} 9
apiserver_request_total{code="403",component="apiserver",dry_run="",group="",resource="pods",scope="namespace",subresource="",verb="LIST",version="v1"} 1
apiserver_request_total{code="200",component="apiserver",dry_run="",group="",resource="pods",scope="cluster",subresource="",verb="LIST",version="v1"} 1
apiserver_request_total{code="200",component="apiserver",dry_run="",group="",resource="pods",scope="cluster",subresource="",verb="WATCH",version="v1"} 3
apiserver_request_total{code="201",component="apiserver",dry_run="",group="",resource="pods",scope="resource",subresource="",verb="POST",version="v1"} 1000
apiserver_request_total{code="200",component="apiserver",dry_run="",group="",resource="pods",scope="resource",subresource="status",verb="PUT",version="v1"} 2000
apiserver_request_total{code="200",component="apiserver",dry_run="",group="",resource="pods",scope="namespace",subresource="log",verb="LIST",version="v1"} 7
apiserver_request_total{code="200",component="apiserver",dry_run="",group="",resource="namespaces",scope="namespace",subresource="",verb="WATCH",version="v1"} 5
# HELP apiserver_longrunning_requests [ALPHA] Gauge of all active long-running apiserver requests broken out by verb, group, version, resource, scope and component. Not all requests are tracked this way.
# TYPE apiserver_longrunning_requests gauge
apiserver_longrunning_requests{component="apiserver",group="",resource="pods",scope="cluster",subresource="",verb="WATCH",version="v1"} 1
apiserver_longrunning_requests{component="apiserver",group="",resource="pods",scope="namespace",subresource="",verb="WATCH",version="v1"} 4
`

func TestPodListWatch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		text    string
		want    KubeRequests
		wantErr string
	}{
		{"namespaced pod lists and watches, all codes; not the apiserver's own cluster-wide watch, writes, subresources or other resources",
			apiserverMetrics, KubeRequests{List: 5, Watch: 9, OpenWatches: 4}, ""},
		{"no request counter", "# TYPE x counter\nx 1\n", KubeRequests{}, "lack apiserver_request_total"},
		{"not an exposition", "apiserver_request_total{ 1\n", KubeRequests{}, "parsing kube-apiserver metrics"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := podListWatch([]byte(tc.text))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("podListWatch() error = %v, want it to mention %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("podListWatch() = %+v, %v; want %+v", got, err, tc.want)
			}
		})
	}
}

func TestKubeRequestsSubKeepsTheGauge(t *testing.T) {
	t.Parallel()
	got := KubeRequests{List: 6, Watch: 20, OpenWatches: 4}.Sub(KubeRequests{List: 5, Watch: 9, OpenWatches: 3})
	if want := (KubeRequests{List: 1, Watch: 11, OpenWatches: 4}); got != want {
		t.Errorf("Sub() = %+v, want %+v (counts subtracted, open watches as of the later scrape)", got, want)
	}
}

func TestMaxSafetyNetCalls(t *testing.T) {
	t.Parallel()
	tests := []struct {
		window, interval time.Duration
		want             int64
	}{
		{30 * time.Minute, 30 * time.Minute, 8}, // one interval: one scan, two at the edges
		{25 * time.Second, 10 * time.Second, 12},
		{9 * time.Second, 10 * time.Second, 4},
	}
	for _, tc := range tests {
		if got := MaxSafetyNetCalls(tc.window, tc.interval, 4); got != tc.want {
			t.Errorf("MaxSafetyNetCalls(%s, %s, 4) = %d, want %d", tc.window, tc.interval, got, tc.want)
		}
	}
}
