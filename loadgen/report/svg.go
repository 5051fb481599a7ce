package report

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strings"
	"time"
)

// Chart geometry in SVG user units; the SVG scales to the page width.
const (
	chartW, chartH                       = 760, 260
	padLeft, padRight, padTop, padBottom = 64, 28, 28, 30
)

var palette = []string{"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
	"#7f7f7f", "#bcbd22", "#17becf"}

// line is one series of a line chart; NaN values are gaps.
type line struct {
	Name string
	Y    []float64
}

// lineChart is a chart of lines over time: X is seconds since the start of the run.
type lineChart struct {
	YUnit string
	X     []float64
	Lines []line
}

// svg renders the chart. Every text is escaped, so the result is safe to embed as template.HTML.
func (c lineChart) svg() template.HTML {
	var b strings.Builder
	fmt.Fprintf(&b, `<svg viewBox="0 0 %d %d" role="img" xmlns="http://www.w3.org/2000/svg">`, chartW, chartH)
	if len(c.X) == 0 || len(c.Lines) == 0 {
		fmt.Fprintf(&b, `<text x="%d" y="%d" class="empty">no data</text></svg>`, chartW/2, chartH/2)
		return template.HTML(b.String())
	}
	ymax := niceCeil(maxY(c.Lines))
	xmax := math.Max(c.X[len(c.X)-1], 1)
	px := func(x float64) float64 { return padLeft + x/xmax*(chartW-padLeft-padRight) }
	py := func(y float64) float64 { return chartH - padBottom - y/ymax*(chartH-padTop-padBottom) }
	c.axes(&b, xmax, ymax, px, py)
	for i, l := range c.Lines {
		color := palette[i%len(palette)]
		fmt.Fprintf(&b, `<path d="%s" fill="none" stroke="%s" stroke-width="1.6"><title>%s</title></path>`,
			pathD(c.X, l.Y, px, py), color, esc(l.Name))
		lx := padLeft + i*130
		fmt.Fprintf(&b, `<rect x="%d" y="8" width="10" height="10" fill="%s"/><text x="%d" y="17">%s</text>`,
			lx, color, lx+14, esc(l.Name))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func (c lineChart) axes(b *strings.Builder, xmax, ymax float64, px, py func(float64) float64) {
	for i := 0; i <= 4; i++ {
		y := ymax * float64(i) / 4
		fmt.Fprintf(b, `<line class="grid" x1="%d" x2="%d" y1="%.1f" y2="%.1f"/>`, padLeft, chartW-padRight, py(y), py(y))
		fmt.Fprintf(b, `<text class="yl" x="%d" y="%.1f">%s</text>`, padLeft-4, py(y)+4, esc(fmtNum(y)+c.YUnit))
	}
	step := tickStep(xmax)
	for x := 0.0; x <= xmax; x += step {
		d := time.Duration(x * float64(time.Second)).Round(time.Second)
		fmt.Fprintf(b, `<text class="xl" x="%.1f" y="%d">+%s</text>`, px(x), chartH-10, esc(d.String()))
	}
}

// tickSteps are the x-axis tick spacings in seconds; tickStep picks the first giving at most 6 ticks.
var tickSteps = []float64{1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 604800}

func tickStep(xmax float64) float64 {
	for _, s := range tickSteps {
		if xmax/s <= 6 {
			return s
		}
	}
	return math.Ceil(xmax / 6)
}

func pathD(xs, ys []float64, px, py func(float64) float64) string {
	var b strings.Builder
	pen := "M"
	for i, y := range ys {
		if i >= len(xs) || math.IsNaN(y) {
			pen = "M"
			continue
		}
		fmt.Fprintf(&b, "%s%.1f %.1f ", pen, px(xs[i]), py(y))
		pen = "L"
	}
	return strings.TrimSpace(b.String())
}

func maxY(ls []line) float64 {
	m := 0.0
	for _, l := range ls {
		for _, y := range l.Y {
			if !math.IsNaN(y) {
				m = math.Max(m, y)
			}
		}
	}
	return m
}

// niceCeil rounds up to 1, 2, 2.5 or 5 times a power of ten (1 for zero).
func niceCeil(v float64) float64 {
	if v <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if v <= m*p {
			return m * p
		}
	}
	return 10 * p
}

func fmtNum(v float64) string {
	if v == math.Trunc(v) {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.3g", v)
}

// bar is one labelled count of a bar chart.
type bar struct {
	Label string
	N     int
}

// barChart renders horizontal bars, one per entry, scaled to the largest.
func barChart(bars []bar) template.HTML {
	const rowH, labelW, barW = 22, 200, 460
	h := max(len(bars), 1)*rowH + 8
	var b strings.Builder
	fmt.Fprintf(&b, `<svg viewBox="0 0 %d %d" role="img" xmlns="http://www.w3.org/2000/svg">`, chartW, h)
	if len(bars) == 0 {
		b.WriteString(`<text x="10" y="18" class="empty">none</text></svg>`)
		return template.HTML(b.String())
	}
	top := 1
	for _, x := range bars {
		top = max(top, x.N)
	}
	for i, x := range bars {
		y := i*rowH + 4
		w := float64(x.N) / float64(top) * barW
		fmt.Fprintf(&b, `<text class="yl" x="%d" y="%d">%s</text>`, labelW-6, y+15, esc(x.Label))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"/>`, labelW, y+2, w, rowH-6,
			palette[i%len(palette)])
		fmt.Fprintf(&b, `<text x="%.1f" y="%d">%d</text>`, float64(labelW)+w+6, y+15, x.N)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func esc(s string) string { return html.EscapeString(s) }
