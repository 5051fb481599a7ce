package dashboards_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/prometheus/prometheus/promql/parser"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/dashboards"
)

func TestSubstitute(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, want string }{
		{"rate interval", `rate(x[$__rate_interval])`, `rate(x[2m])`},
		{"braced template variable is All", `x{a=~"${target}"}`, `x{a=~".*"}`},
		{"formatted variable", `x{a=~"${target:regex}"}`, `x{a=~".*"}`},
		{"bare and bracketed", `x{a=~"$zone", b=~"[[zone]]"}`, `x{a=~".*", b=~".*"}`},
		{"given value wins", `x{a=~"$ns"}`, `x{a=~"jobs-1"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := dashboards.Substitute(tt.in, map[string]string{"ns": "jobs-1"})
			if got != tt.want {
				t.Errorf("Substitute(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestMetricNames(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		expr    string
		want    []string
		wantErr bool
	}{
		{"histogram and or", `histogram_quantile(0.9, sum by (le) (rate(a_bucket[1m]))) or b`, []string{"a_bucket", "b"}, false},
		{"name matcher", `{__name__="c", x="y"}`, []string{"c"}, false},
		{"binary with vector()", `d / vector(8)`, []string{"d"}, false},
		{"regex name is refused", `{__name__=~"e.*"}`, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e, err := parser.ParseExpr(tt.expr)
			if err != nil {
				t.Fatal(err)
			}
			got, err := dashboards.MetricNames(e)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestQueryParseNamesWhereItFailed(t *testing.T) {
	t.Parallel()
	q := dashboards.Query{Dashboard: "d", Where: "Panel / A", Expr: `sum(rate(x[$__rate_interval])`}
	_, err := q.Parse()
	if err == nil || !strings.Contains(err.Error(), "d, Panel / A") {
		t.Fatalf("err = %v, want it to name the dashboard and panel", err)
	}
}
