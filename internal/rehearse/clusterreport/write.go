package clusterreport

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"os"
	"slices"
	"strings"
)

//go:embed cluster.html.tmpl
var pageTemplate string

var page = template.Must(template.New("cluster").Funcs(template.FuncMap{
	"chart": chart, "f2": func(f float64) string { return fmt.Sprintf("%.2f", f) },
	"f3":     func(f float64) string { return fmt.Sprintf("%.3f", f) },
	"groups": groups,
}).Parse(pageTemplate))

// WriteJSON writes the section as indented JSON.
func WriteJSON(path string, s Section) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("cluster report: %w", err)
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// WriteHTML writes the section as a standalone page.
func WriteHTML(path string, s Section) error {
	var buf bytes.Buffer
	if err := page.Execute(&buf, s); err != nil {
		return fmt.Errorf("cluster report: %w", err)
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

// groups are the node groups seen in the series, sorted.
func groups(s Section) []string {
	var out []string
	for _, p := range s.Series {
		for g := range p.Nodes {
			if !slices.Contains(out, g) {
				out = append(out, g)
			}
		}
	}
	slices.Sort(out)
	return out
}

var palette = []string{"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"}

// chart draws one line per series name over the section's time axis:
// what is "nodes:<group>", "nodes", "pending", "cpu" or "memory" (packing
// in percent of allocatable).
func chart(s Section, what ...string) template.HTML {
	const w, h, pad = 640.0, 180.0, 30.0
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
		span = s.Series[n-1].At
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg width="%.0f" height="%.0f" role="img"><g font-size="10">`, w, h+pad)
	fmt.Fprintf(&b, `<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="#999"/>`, pad, h, w, h)
	fmt.Fprintf(&b, `<text x="0" y="12">%.0f</text><text x="0" y="%.0f">0</text><text x="%.0f" y="%.0f">%.0f s</text>`, top, h, w-40, h+14, span)
	for i, vs := range values {
		var pts []string
		for j, v := range vs {
			x := pad + (w-pad)*s.Series[j].At/span
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x, h-(h-10)*v/top))
		}
		color := palette[i%len(palette)]
		fmt.Fprintf(&b, `<polyline fill="none" stroke="%s" stroke-width="1.5" points="%s"/>`, color, strings.Join(pts, " "))
		fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" fill="%s">%s</text>`, pad+5+float64(i)*110, h+26, color, template.HTMLEscapeString(what[i]))
	}
	b.WriteString(`</g></svg>`)
	return template.HTML(b.String()) //nolint:gosec // built from numbers and escaped names
}

func seriesValue(p Point, name string) float64 {
	switch {
	case name == "nodes":
		return float64(total(p.Nodes))
	case strings.HasPrefix(name, "nodes:"):
		return float64(p.Nodes[strings.TrimPrefix(name, "nodes:")])
	case name == "pending":
		return float64(p.Pending)
	case name == "cpu %":
		return percent(p.ReqMilliCPU, p.AllocMilliCPU)
	case name == "memory %":
		return percent(p.ReqMemMiB, p.AllocMemMiB)
	}
	return 0
}

func percent(a, b int64) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}
