package monitoring

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/dashboards"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/metricnames"
)

// AlwaysKeep are kept whatever the dashboards read: scrape health.
var AlwaysKeep = []string{"up"}

// KeepList is the sorted, unique list of metric names the remote write to
// AMP keeps: every metric any dashboard reads, the whole load generator
// contract, AlwaysKeep and extra. Deriving it from the dashboards is what
// keeps panels from going empty under the keep-list (the old toolkit's bug).
func KeepList(extra []string) ([]string, error) {
	read, err := dashboards.Metrics()
	if err != nil {
		return nil, fmt.Errorf("reading dashboard metrics: %w", err)
	}
	set := map[string]bool{}
	for _, group := range [][]string{read, metricnames.SeriesNames(), AlwaysKeep, extra} {
		for _, n := range group {
			set[n] = true
		}
	}
	out := make([]string, 0, len(set))
	for n := range set {
		out = append(out, n)
	}
	sort.Strings(out)
	return out, nil
}

// KeepRegex is the relabel regex of names (Prometheus anchors relabel
// regexes at both ends, so this is an exact-name alternation).
func KeepRegex(names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = regexp.QuoteMeta(n)
	}
	return strings.Join(quoted, "|")
}
