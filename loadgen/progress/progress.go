// Package progress shows a running session: one status block redrawn in
// place on a terminal, or one log line every few seconds otherwise.
package progress

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/engine"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/web"
)

// Printer prints views of one session.
type Printer struct {
	W       io.Writer
	TTY     bool // redraw a block in place (ANSI cursor movement)
	Session string
	lines   int
}

// View is what the progress line presents: the live state's counts (the
// same fold of the journal the page and /metrics show) and the engine's own
// numbers the journal does not carry (Elapsed is the live state's when it
// has seen the session start). Compose makes one.
type View struct {
	Outcomes     map[string]int // planned submissions by outcome so far (live state)
	InFlight     int            // calls sent and not answered, less those being looked up (live state, engine)
	MaxSubmitLat time.Duration  // slowest call since the previous view (live state)
	engine.Snapshot
}

// RunView prints view every interval until ctx is done, then a last time.
// view is usually Compose of the live state (web.Live.Progress) and the
// engine's own numbers (engine.Session.Snapshot).
func (p *Printer) RunView(ctx context.Context, every time.Duration, view func() View) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			p.Print(view())
			return
		case <-t.C:
			p.Print(view())
		}
	}
}

// Compose is the progress line's view: counts from the live state (the
// journal's fold: outcomes, calls in flight, slowest submit), and from the
// engine only what the journal does not carry (retry backlog, calls being
// looked up, tracked job runs right now, ListJobRuns calls, how RUNNING is
// measured, whether scheduling has ended).
func Compose(live web.Progress, eng engine.Snapshot) View {
	// A call cut by its deadline has no result in the journal until it is
	// looked up: the engine counts it as unknown, not in flight.
	v := View{Outcomes: live.Outcomes, InFlight: max(live.Calls-eng.Unknown, 0), MaxSubmitLat: live.MaxSubmitLat, Snapshot: eng}
	if live.Elapsed > 0 {
		v.Elapsed = live.Elapsed
	}
	return v
}

// Print shows one view.
func (p *Printer) Print(s View) { p.print(Lines(p.Session, s)) }

func (p *Printer) print(lines []string) {
	if !p.TTY {
		fmt.Fprintln(p.W, strings.Join(lines, " | "))
		return
	}
	if p.lines > 0 {
		fmt.Fprintf(p.W, "\x1b[%dA\x1b[J", p.lines)
	}
	fmt.Fprintln(p.W, strings.Join(lines, "\n"))
	p.lines = len(lines)
}

// Lines renders a view as the status block.
func Lines(session string, s View) []string {
	phase := "submitting"
	if s.Done {
		phase = "draining / tracking"
	}
	sent := 0
	for _, o := range job.Outcomes {
		sent += s.Outcomes[o]
	}
	return []string{
		fmt.Sprintf("%s  %s  %s", session, s.Elapsed.Truncate(time.Second), phase),
		fmt.Sprintf("planned %d: %s  calls in flight %d%s", sent, outcomes(s.Outcomes), s.InFlight, backlog(s)),
		fmt.Sprintf("job runs live: %s%s  ListJobRuns calls %d  slowest submit %s", states(s.Live), tracking(s), s.ListCalls,
			s.MaxSubmitLat.Round(time.Millisecond)),
	}
}

// backlog shows the calls in flight that are retrying (the queueing the
// SDK's retries and client-side rate limit add) and those cut by a deadline
// whose outcome is being looked up.
func backlog(s View) string {
	out := fmt.Sprintf(" (retry backlog %d)", s.RetryBacklog)
	if s.Unknown > 0 {
		out += fmt.Sprintf("  unknown outcome %d (looking up)", s.Unknown)
	}
	return out
}

// tracking says how RUNNING is measured, and the pod watch's Kubernetes requests.
func tracking(s View) string {
	switch {
	case s.Tracking == "":
		return ""
	case s.KubeRequests > 0:
		return fmt.Sprintf("  RUNNING by %s (Kubernetes requests %d)", s.Tracking, s.KubeRequests)
	}
	return "  RUNNING by " + s.Tracking
}

func outcomes(m map[string]int) string {
	var parts []string
	for _, o := range job.Outcomes {
		if m[o] > 0 || o == job.OutcomeAccepted {
			parts = append(parts, fmt.Sprintf("%s %d", o, m[o]))
		}
	}
	return strings.Join(parts, ", ")
}

func states(m map[string]int) string {
	if len(m) == 0 {
		return "none"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, m[k])
	}
	return strings.Join(parts, ", ")
}
