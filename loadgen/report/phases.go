package report

import (
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats"
)

// phaseRows are the phase distributions report.html tables: from creation, then the steps.
func phaseRows(s stats.Summary) (fromCreated, steps []latRow) {
	if !s.HasPhases() {
		return nil, nil
	}
	for _, n := range stats.PhaseFromCreated {
		fromCreated = append(fromCreated, latRow{Name: n, D: s.PhaseLatency[n]})
	}
	for _, n := range stats.PhaseSteps {
		steps = append(steps, latRow{Name: n, D: s.PhaseLatency[n]})
	}
	return fromCreated, steps
}

// stackedPhases draws one horizontal bar per quantile (p50, p90), each cut
// into the phase steps' values at that quantile, in lifecycle order: where
// a typical (and a slow) job spends its time from creation to finish.
// Steps are separate distributions, so a bar is a profile, not one job.
func stackedPhases(s stats.Summary) template.HTML {
	const rowH, labelW, barW = 34, 60, chartW - 60 - 80
	quantiles := []struct {
		name string
		pick func(stats.Dist) time.Duration
	}{{"p50", func(d stats.Dist) time.Duration { return d.P50 }}, {"p90", func(d stats.Dist) time.Duration { return d.P90 }}}
	var total time.Duration
	for _, q := range quantiles {
		total = max(total, sumAt(s, q.pick))
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg viewBox="0 0 %d %d" role="img" xmlns="http://www.w3.org/2000/svg">`, chartW, len(quantiles)*rowH+40)
	if total <= 0 {
		b.WriteString(`<text x="10" y="18" class="empty">no phase durations</text></svg>`)
		return template.HTML(b.String())
	}
	for i, q := range quantiles {
		y, x := i*rowH+4, float64(labelW)
		fmt.Fprintf(&b, `<text class="yl" x="%d" y="%d">%s</text>`, labelW-6, y+18, q.name)
		for k, n := range stats.PhaseSteps {
			v := q.pick(s.PhaseLatency[n])
			w := float64(v) / float64(total) * barW
			fmt.Fprintf(&b, `<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s"><title>%s %s</title></rect>`,
				x, y+2, w, rowH-10, palette[k%len(palette)], esc(n), esc(fmtDur(v)))
			x += w
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%d">%s</text>`, x+6, y+18, esc(fmtDur(sumAt(s, q.pick))))
	}
	x := float64(labelW)
	for k, n := range stats.PhaseSteps {
		fmt.Fprintf(&b, `<rect x="%.1f" y="%d" width="10" height="10" fill="%s"/><text x="%.1f" y="%d">%s</text>`,
			x, len(quantiles)*rowH+14, palette[k%len(palette)], x+14, len(quantiles)*rowH+23, esc(strings.TrimPrefix(n, "step_")))
		x += 110
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func sumAt(s stats.Summary, pick func(stats.Dist) time.Duration) time.Duration {
	var sum time.Duration
	for _, n := range stats.PhaseSteps {
		sum += pick(s.PhaseLatency[n])
	}
	return sum
}
