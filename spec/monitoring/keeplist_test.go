package monitoring

import (
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/dashboards"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/metricnames"
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
	for _, n := range append(read, metricnames.SeriesNames()...) {
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

// registeredSeries gathers the load generator's real registry (what
// metrics.Register exposes on /metrics), with one child of every labelled
// collector made so that every family shows, and returns the names of the
// series Prometheus stores from it (a histogram's _bucket, _sum, _count).
func registeredSeries(t *testing.T) map[string]bool {
	t.Helper()
	reg := prometheus.NewPedanticRegistry()
	m := reflect.ValueOf(metrics.Register(reg)).Elem()
	for i := range m.NumField() {
		makeChild(t, m.Type().Field(i).Name, m.Field(i))
	}
	families, err := reg.Gather()
	if err != nil {
		t.Fatalf("gathering the load generator's registry: %v", err)
	}
	out := map[string]bool{}
	for _, f := range families {
		name := f.GetName()
		switch f.GetType().String() { // client_model's MetricType names
		case "HISTOGRAM":
			out[name+"_bucket"], out[name+"_sum"], out[name+"_count"] = true, true, true
		case "SUMMARY":
			out[name], out[name+"_sum"], out[name+"_count"] = true, true, true
		default:
			out[name] = true
		}
	}
	return out
}

// makeChild makes one child of a labelled collector (a *Vec), trying label
// counts until its GetMetricWithLabelValues accepts one; an unlabelled
// collector is exposed as it is.
func makeChild(t *testing.T, field string, c reflect.Value) {
	t.Helper()
	get := c.MethodByName("GetMetricWithLabelValues")
	if !get.IsValid() {
		return
	}
	for n := range 10 {
		args := make([]reflect.Value, n)
		for i := range args {
			args[i] = reflect.ValueOf("x")
		}
		if out := get.Call(args); out[1].IsNil() {
			return
		}
	}
	t.Fatalf("metrics.Metrics.%s: no label count up to 9 accepted", field)
}

// Every load generator series a dashboard reads, and every one the
// remote-write keep-list keeps, is one the real load generator exposes:
// the names come from internal/metricnames, the check from the registry.
func TestLoadgenSeriesReadAndKeptAreRegistered(t *testing.T) {
	t.Parallel()
	registered := registeredSeries(t)
	read, err := dashboards.Metrics()
	if err != nil {
		t.Fatal(err)
	}
	keep, err := KeepList(nil)
	if err != nil {
		t.Fatal(err)
	}
	for what, names := range map[string][]string{"dashboards read": read, "the keep-list keeps": keep} {
		n := 0
		for _, name := range names {
			if !strings.HasPrefix(name, metricnames.Namespace+"_") {
				continue
			}
			n++
			if !registered[name] {
				t.Errorf("%s %s, which loadgen/metrics does not register", what, name)
			}
		}
		if n < len(metricnames.Names()) {
			t.Errorf("%s only %d load generator series", what, n)
		}
	}
}
