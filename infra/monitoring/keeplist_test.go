package monitoring

import (
	"regexp"
	"slices"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/dashboards"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/metrics"
)

// keeps applies the relabel regex the way Prometheus does (anchored).
func keeps(t *testing.T, regex, name string) bool {
	t.Helper()
	re, err := regexp.Compile("^(?:" + regex + ")$")
	if err != nil {
		t.Fatalf("keep regex does not compile: %v", err)
	}
	return re.MatchString(name)
}

func TestKeepListKeepsEveryDashboardMetric(t *testing.T) {
	t.Parallel()
	keep, err := KeepList(nil)
	if err != nil {
		t.Fatal(err)
	}
	// The regex the values actually carry, not the list.
	regex := helmRemoteWriteRegex(t, HelmValues(ValuesInput{Config: DefaultConfig(), Keep: keep}))
	read, err := dashboards.Metrics()
	if err != nil {
		t.Fatal(err)
	}
	if len(read) < 50 {
		t.Fatalf("dashboards read only %d metrics: parsing lost some", len(read))
	}
	for _, n := range append(read, metrics.SeriesNames()...) {
		if !keeps(t, regex, n) {
			t.Errorf("keep-list drops %s, which a dashboard reads", n)
		}
	}
}

func TestKeepListDropsWhatNoDashboardReads(t *testing.T) {
	t.Parallel()
	keep, err := KeepList([]string{"extra_metric"})
	if err != nil {
		t.Fatal(err)
	}
	regex := KeepRegex(keep)
	for _, n := range []string{"node_cpu_seconds_total", "apiserver_request_duration_seconds_count", "kube_pod_info", "up_extra", "xup"} {
		if keeps(t, regex, n) {
			t.Errorf("keep-list keeps %s, which no dashboard reads", n)
		}
	}
	for _, n := range []string{"up", "extra_metric"} {
		if !keeps(t, regex, n) {
			t.Errorf("keep-list drops %s", n)
		}
	}
	if !slices.IsSorted(keep) || len(slices.Compact(slices.Clone(keep))) != len(keep) {
		t.Error("keep-list not sorted and unique")
	}
}

func helmRemoteWriteRegex(t *testing.T, v map[string]any) string {
	t.Helper()
	spec := v["prometheus"].(map[string]any)["prometheusSpec"].(map[string]any)
	rw := spec["remoteWrite"].([]any)[0].(map[string]any)
	relabel := rw["writeRelabelConfigs"].([]any)[0].(map[string]any)
	if relabel["action"] != "keep" || !slices.Equal(relabel["sourceLabels"].([]string), []string{"__name__"}) {
		t.Fatalf("remote write relabel is not a keep on __name__: %v", relabel)
	}
	return relabel["regex"].(string)
}
