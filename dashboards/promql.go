package dashboards

import (
	"fmt"
	"regexp"
	"sort"

	"github.com/prometheus/prometheus/model/labels"
	"github.com/prometheus/prometheus/promql/parser"
)

// GrafanaBuiltins are the values Substitute puts in for Grafana's built-in
// interval variables: long enough for rate() over a 15 s scrape interval.
var GrafanaBuiltins = map[string]string{
	"__rate_interval": "2m",
	"__interval":      "1m",
	"__range":         "1h",
}

// variableRef matches ${name}, ${name:format}, $name and [[name]].
var variableRef = regexp.MustCompile(`\$\{(\w+)(?::\w+)?\}|\$(\w+)|\[\[(\w+)\]\]`)

// Substitute replaces Grafana variables in expr: names in values first, then
// the built-ins, and every other (template) variable with ".*", which is
// what an "All" selection sends. Dashboards use template variables only
// inside =~ matchers, so the result is plain PromQL.
func Substitute(expr string, values map[string]string) string {
	return variableRef.ReplaceAllStringFunc(expr, func(ref string) string {
		m := variableRef.FindStringSubmatch(ref)
		name := m[1] + m[2] + m[3]
		if v, ok := values[name]; ok {
			return v
		}
		if v, ok := GrafanaBuiltins[name]; ok {
			return v
		}
		return ".*"
	})
}

// Parse substitutes variables (see Substitute) and parses the result.
func (q Query) Parse() (parser.Expr, error) {
	e, err := parser.ParseExpr(Substitute(q.Expr, nil))
	if err != nil {
		return nil, fmt.Errorf("%s, %s: %w", q.Dashboard, q.Where, err)
	}
	return e, nil
}

// MetricNames returns the metric names the expression selects, sorted.
// A selector without an exact metric name is an error: dashboards must
// name what they read, or the keep-list cannot keep it.
func MetricNames(e parser.Expr) ([]string, error) {
	set := map[string]bool{}
	var bad error
	parser.Inspect(e, func(n parser.Node, _ []parser.Node) error {
		vs, ok := n.(*parser.VectorSelector)
		if !ok {
			return nil
		}
		name := selectorName(vs)
		if name == "" {
			bad = fmt.Errorf("selector %s has no exact metric name", vs)
			return bad
		}
		set[name] = true
		return nil
	})
	if bad != nil {
		return nil, bad
	}
	out := make([]string, 0, len(set))
	for n := range set {
		out = append(out, n)
	}
	sort.Strings(out)
	return out, nil
}

func selectorName(vs *parser.VectorSelector) string {
	if vs.Name != "" {
		return vs.Name
	}
	for _, m := range vs.LabelMatchers {
		if m.Name == labels.MetricName && m.Type == labels.MatchEqual {
			return m.Value
		}
	}
	return ""
}

// Metrics returns every metric name any dashboard reads (panels and
// variables), sorted and unique: the input of the Prometheus keep-list.
func Metrics() ([]string, error) {
	all, err := All()
	if err != nil {
		return nil, err
	}
	set := map[string]bool{}
	for _, d := range all {
		if err := addMetrics(d, set); err != nil {
			return nil, err
		}
	}
	out := make([]string, 0, len(set))
	for n := range set {
		out = append(out, n)
	}
	sort.Strings(out)
	return out, nil
}

func addMetrics(d Dashboard, set map[string]bool) error {
	qs, err := d.Queries()
	if err != nil {
		return err
	}
	for _, q := range qs {
		e, err := q.Parse()
		if err != nil {
			return err
		}
		names, err := MetricNames(e)
		if err != nil {
			return fmt.Errorf("%s, %s: %w", q.Dashboard, q.Where, err)
		}
		for _, n := range names {
			set[n] = true
		}
	}
	return nil
}
