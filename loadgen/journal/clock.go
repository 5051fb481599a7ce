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

// clockBounds collects the evidence for the server's clock offset (server
// minus client), so that every phase is measured on one clock (a server 10 s
// ahead made time_to_created read 10 s). Each accepted job bounds it: the
// job was created between its call's start and end, so the offset is in
// [created - end, created - start]; the bounds of all jobs are intersected.
type clockBounds struct {
	lo, hi int64
	n      int
}

func newClockBounds() clockBounds { return clockBounds{lo: math.MinInt64, hi: math.MaxInt64} }

func (b *clockBounds) add(created, start, end time.Time) {
	if created.IsZero() || start.IsZero() || end.IsZero() {
		return
	}
	b.lo, b.hi, b.n = max(b.lo, created.Sub(end).Nanoseconds()), min(b.hi, created.Sub(start).Nanoseconds()), b.n+1
}

// offset is the shift to apply to server times: the offset nearest to zero,
// the least correction the evidence demands, or 0 when the clocks agree or
// the evidence is inconsistent (createdAt that no single offset explains:
// moto truncates it to midnight). note says which, for Plan["clock"] ("" when
// the clocks agree).
func (b clockBounds) offset() (time.Duration, string) {
	agree := int64(ClockAgree)
	switch {
	case b.n == 0 || (b.lo <= agree && b.hi >= -agree):
		return 0, ""
	case b.lo > b.hi:
		return 0, fmt.Sprintf("server createdAt inconsistent with the send times of %d jobs (no single clock offset explains them): server times left as reported, phases from created are not comparable with client times", b.n)
	}
	off := time.Duration(b.lo) // server ahead
	if b.hi < 0 {
		off = time.Duration(b.hi) // server behind
	}
	return off, fmt.Sprintf("server clock %s %s ours (from %d jobs' createdAt): server times shifted onto the client clock",
		(off.Abs()).Round(time.Millisecond), map[bool]string{true: "ahead of", false: "behind"}[off > 0], b.n)
}

// shiftServerTimes puts j's server times on the client clock.
func shiftServerTimes(j *stats.Job, off time.Duration) {
	if off == 0 {
		return
	}
	for _, t := range append([]*time.Time{&j.Created, &j.Started, &j.Finished}, phasePtrs(j)...) {
		if !t.IsZero() {
			*t = t.Add(-off)
		}
	}
}

func phasePtrs(j *stats.Job) []*time.Time {
	if j.Phases == nil {
		return nil
	}
	out := make([]*time.Time, len(j.Phases))
	for i := range j.Phases {
		out[i] = &j.Phases[i]
	}
	return out
}
