package clusterreport

import (
	_ "embed"
	"fmt"
	"html/template"
	"slices"
	"strings"
)

//go:embed cluster.html.tmpl
var sectionTemplate string

var section = template.Must(template.New("cluster").Funcs(template.FuncMap{
	"chart": chart, "f2": func(f float64) string { return fmt.Sprintf("%.2f", f) },
	"f3":   func(f float64) string { return fmt.Sprintf("%.3f", f) },
	"f1":   func(f float64) string { return fmt.Sprintf("%.1f", f) },
	"keys": keys, "prefixed": prefixed, "ratio": ratio,
	"list":    func(s ...string) []string { return s },
	"prepend": func(s string, l []string) []string { return append([]string{s}, l...) },
	"float":   func(i int) float64 { return float64(i) },
}).Parse(sectionTemplate))

// keys are the names seen in one dimension of the series ("group",
// "type", "zone", "capacity"), sorted.
func keys(s Section, dim string) []string {
	var out []string
	for _, p := range s.Series {
		for k := range dimension(p, dim) {
			if !slices.Contains(out, k) {
				out = append(out, k)
			}
		}
	}
	slices.Sort(out)
	return out
}

func dimension(p Point, dim string) map[string]int {
	switch dim {
	case "group":
		return p.Nodes
	case "type":
		return p.ByType
	case "zone":
		return p.ByZone
	case "capacity":
		return p.ByCap
	}
	return nil
}

// prefixed is "dim:k" for every k: the chart's series names.
func prefixed(dim string, ks []string) []string {
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = dim + ":" + k
	}
	return out
}

var palette = []string{"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"}

// chart draws one line per series name over the section's time axis:
// "nodes", "<dim>:<key>" (nodes of one group, type, zone or capacity
// type), "pending", "cpu %" or "memory %" (packing in percent of
// allocatable).
func chart(s Section, what []string) template.HTML {
	const w, h, pad, legendRow = 640.0, 160.0, 30.0, 14.0
	values := make([][]float64, len(what))
	top := 1.0
	for i, name := range what {
		for _, p := range s.Series {
			v := seriesValue(p, name)
			values[i] = append(values[i], v)
			top = max(top, v)
		}
	}
	span := 1.0
	if n := len(s.Series); n > 1 {
		span = max(s.Series[n-1].At, 1)
	}
	legendH := legendRow * float64((len(what)+3)/4)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg viewBox="0 0 %.0f %.0f" role="img"><g font-size="10">`, w, h+18+legendH)
	fmt.Fprintf(&b, `<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="#999"/>`, pad, h, w, h)
	fmt.Fprintf(&b, `<text x="0" y="12">%.0f</text><text x="0" y="%.0f">0</text><text x="%.0f" y="%.0f">%.0f s</text>`, top, h, w-40, h+12, span)
	for i, vs := range values {
		var pts []string
		for j, v := range vs {
			x := pad + (w-pad)*s.Series[j].At/span
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x, h-(h-10)*v/top))
		}
		color := palette[i%len(palette)]
		fmt.Fprintf(&b, `<polyline fill="none" stroke="%s" stroke-width="1.5" points="%s"/>`, color, strings.Join(pts, " "))
		fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" fill="%s">%s</text>`, pad+float64(i%4)*150, h+26+legendRow*float64(i/4), color, template.HTMLEscapeString(what[i]))
	}
	b.WriteString(`</g></svg>`)
	return template.HTML(b.String()) //nolint:gosec // built from numbers and escaped names
}

func seriesValue(p Point, name string) float64 {
	switch name {
	case "nodes":
		return float64(total(p.Nodes))
	case "pending":
		return float64(p.Pending)
	case "cpu %":
		return percent(p.ReqMilliCPU, p.AllocMilliCPU)
	case "memory %":
		return percent(p.ReqMemMiB, p.AllocMemMiB)
	}
	if dim, k, ok := strings.Cut(name, ":"); ok {
		return float64(dimension(p, dim)[k])
	}
	return 0
}

// ratio is a / b with two decimals, "-" when b is 0.
func ratio(a, b float64) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", a/b)
}

func percent(a, b int64) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}
