package journal

import (
	"fmt"
	"math"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats"
)

// ClockAgree is how far the server's clock may be from ours and still count
// as agreeing: times are then used as recorded.
const ClockAgree = 50 * time.Millisecond

// alignClocks puts the server's times (Created, Started, Finished) on the
// client clock when the accepted jobs prove the clocks disagree, so that
// every phase is measured on one clock (a server 10 s ahead made
// time_to_created read 10 s). Each job bounds the offset (server minus
// client): it was created between its call's start and end, so the offset is
// in [created - SubmitEnd, created - SubmitStart]; the bounds of all jobs are
// intersected. The shift is the offset nearest to zero: the least correction
// the evidence demands. An empty intersection (createdAt that no single
// offset explains: moto truncates it to midnight) leaves the times as they
// are. Either case is noted in Plan["clock"], which every report shows.
func alignClocks(run *stats.Run) {
	lo, hi, n := int64(math.MinInt64), int64(math.MaxInt64), 0
	for i := range run.Jobs {
		j := &run.Jobs[i]
		if j.Created.IsZero() || j.SubmitStart.IsZero() || j.SubmitEnd.IsZero() {
			continue
		}
		lo, hi, n = max(lo, j.Created.Sub(j.SubmitEnd).Nanoseconds()), min(hi, j.Created.Sub(j.SubmitStart).Nanoseconds()), n+1
	}
	agree := int64(ClockAgree)
	switch {
	case n == 0 || (lo <= agree && hi >= -agree):
		return
	case lo > hi:
		setPlan(run, fmt.Sprintf("server createdAt inconsistent with the send times of %d jobs (no single clock offset explains them): server times left as reported, phases from created are not comparable with client times", n))
		return
	}
	off := time.Duration(lo) // server ahead
	if hi < 0 {
		off = time.Duration(hi) // server behind
	}
	for i := range run.Jobs {
		j := &run.Jobs[i]
		for _, t := range []*time.Time{&j.Created, &j.Started, &j.Finished} {
			if !t.IsZero() {
				*t = t.Add(-off)
			}
		}
	}
	setPlan(run, fmt.Sprintf("server clock %s %s ours (from %d jobs' createdAt): server times shifted onto the client clock",
		(off.Abs()).Round(time.Millisecond), map[bool]string{true: "ahead of", false: "behind"}[off > 0], n))
}

func setPlan(run *stats.Run, note string) {
	if run.Plan == nil {
		run.Plan = map[string]string{}
	}
	run.Plan["clock"] = note
}
