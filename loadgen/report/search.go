package report

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"math"
	"os"
	"path/filepath"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/search"
)

//go:embed search.html.tmpl
var searchSource string

var searchTmpl = template.Must(template.New("search").Funcs(template.FuncMap{
	"secs": func(v float64) string {
		return time.Duration(v * float64(time.Second)).Round(time.Millisecond).String()
	},
	"dur": func(d time.Duration) string { return d.String() },
}).Parse(searchSource))

// Chart geometry of the capacity curve (SVG user units).
const (
	curveW, curveH     = 560.0, 180.0
	curveLeft, curveTp = 56.0, 12.0
	curveRight         = 16.0
	curveBottom        = 30.0
)

type searchPage struct {
	R      search.Result
	Charts []curve
}

// curve is one panel of the capacity curve: a metric against the rate,
// one point per step, the knee (the rate found) marked.
type curve struct {
	Title          string
	Points         []curvePoint
	KneeX          float64 // 0: no knee
	XTicks, YTicks []tick
	W, H           float64
	Left, Bottom   float64
}

type curvePoint struct {
	X, Y  float64
	Good  bool
	Label string
}

type tick struct {
	Pos   float64
	Label string
}

// SearchFile is the capacity search's record in its session directory:
// the search's decisions (which rate, when, why a step was bad) as it made
// them, which the journal alone does not hold.
const (
	SearchFile     = "search.json"
	SearchHTMLFile = "search.html"
)

// ReadSearch reads dir's search.json; nil, nil when dir holds no search.
func ReadSearch(dir string) (*search.Result, error) {
	b, err := os.ReadFile(filepath.Join(dir, SearchFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var r search.Result
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, SearchFile), err)
	}
	return &r, nil
}

// WriteSearch writes search.json and search.html into dir, atomically.
func WriteSearch(dir string, r search.Result) error {
	if err := writeAtomic(filepath.Join(dir, SearchFile), r.WriteJSON); err != nil {
		return fmt.Errorf("writing %s: %w", SearchFile, err)
	}
	return WriteSearchPage(dir, r)
}

// WriteSearchPage writes search.html into dir, atomically (loadgen report
// rebuilds it from search.json).
func WriteSearchPage(dir string, r search.Result) error {
	err := writeAtomic(filepath.Join(dir, SearchHTMLFile), func(w io.Writer) error { return WriteSearchHTML(w, r) })
	if err != nil {
		return fmt.Errorf("writing %s: %w", SearchHTMLFile, err)
	}
	return nil
}

// searchHTML is the capacity search's section of the session's
// report.html: the answer, the bracket, the capacity curve and the steps,
// linking search.html ("" when the session is no search). The section's
// template is search.html's own, so the two pages cannot drift; a
// template that fails (a bug, tested) says so in the page.
func searchHTML(r *search.Result) template.HTML {
	if r == nil {
		return ""
	}
	var b bytes.Buffer
	b.WriteString(`<h2 id="search">Capacity search</h2>` + "\n" + `<p class="note">This session is a capacity search, one arrival rate per step (also <a href="search.html">search.html</a>, <a href="search.json">search.json</a>); the sections after this one cover the jobs of every step together.</p>` + "\n")
	if err := searchTmpl.ExecuteTemplate(&b, "section", searchPageOf(*r)); err != nil {
		return template.HTML("<p class=\"bad\">capacity search section: " + template.HTMLEscapeString(err.Error()) + "</p>")
	}
	return template.HTML(b.String()) // html/template escaped every value in it
}

// WriteSearchHTML writes search.html: the answer, the bracket, one row per
// step and the capacity curve (rate against time-to-running p95, backlog
// slope and failed ratio). Self-contained: inline CSS and SVG, no script.
func WriteSearchHTML(w io.Writer, r search.Result) error {
	return searchTmpl.Execute(w, searchPageOf(r))
}

func searchPageOf(r search.Result) searchPage {
	metrics := []struct {
		title string
		get   func(search.Step) float64
		unit  func(float64) string
	}{
		{"time to running p95 (s)", func(s search.Step) float64 { return s.TimeToRunningP95 }, func(v float64) string { return fmt.Sprintf("%.3gs", v) }},
		{"backlog slope (jobs/s)", func(s search.Step) float64 { return s.Stability.Slope }, func(v float64) string { return fmt.Sprintf("%.3g", v) }},
		{"failed ratio", func(s search.Step) float64 { return s.FailedRatio }, func(v float64) string { return fmt.Sprintf("%.3g", v) }},
	}
	p := searchPage{R: r}
	for _, m := range metrics {
		p.Charts = append(p.Charts, buildCurve(r, m.title, m.get, m.unit))
	}
	return p
}

func buildCurve(r search.Result, title string, get func(search.Step) float64, unit func(float64) string) curve {
	c := curve{Title: title, W: curveW, H: curveH, Left: curveLeft, Bottom: curveH - curveBottom}
	xmax, ymin, ymax := 0.0, 0.0, 0.0
	for _, s := range r.Steps {
		xmax = math.Max(xmax, s.PerMin)
		ymin, ymax = math.Min(ymin, get(s)), math.Max(ymax, get(s))
	}
	if xmax == 0 {
		return c
	}
	if ymax == ymin {
		ymax = ymin + 1
	}
	x := func(v float64) float64 { return curveLeft + v/xmax*(curveW-curveLeft-curveRight) }
	y := func(v float64) float64 { return curveTp + (ymax-v)/(ymax-ymin)*(curveH-curveTp-curveBottom) }
	for _, s := range r.Steps {
		c.Points = append(c.Points, curvePoint{X: x(s.PerMin), Y: y(get(s)), Good: s.Verdict == search.VerdictGood,
			Label: fmt.Sprintf("step %d: %.1f/min, %s, %s", s.N, s.PerMin, unit(get(s)), s.Verdict)})
	}
	if r.LastGood != nil {
		c.KneeX = x(r.FoundMin)
	}
	for i := 0; i <= 4; i++ {
		f := float64(i) / 4
		c.XTicks = append(c.XTicks, tick{Pos: x(f * xmax), Label: fmt.Sprintf("%.0f", f*xmax)})
		c.YTicks = append(c.YTicks, tick{Pos: y(ymin + f*(ymax-ymin)), Label: unit(ymin + f*(ymax-ymin))})
	}
	return c
}
