package web

import (
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/journal"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/metrics"
)

// SeriesStep is the spacing of the page's time series; MaxPoints bounds it
// (older points are halved, so a long run keeps its whole shape).
const (
	SeriesStep = 2 * time.Second
	MaxPoints  = 600
)

// Point is one step of the time series. Latencies are the submit-call
// percentiles of the calls that returned during the step, in seconds (null
// when none did).
type Point struct {
	T        time.Time `json:"t"`
	Target   float64   `json:"target"`   // jobs/s the plan asked for
	Achieved float64   `json:"achieved"` // jobs/s sent
	InFlight int       `json:"in_flight"`
	P50      *float64  `json:"p50"`
	P95      *float64  `json:"p95"`
	P99      *float64  `json:"p99"`
}

type series struct {
	h      *hdrhistogram.Histogram // microseconds, the current step's calls
	points []Point
}

func newSeries() series {
	return series{h: hdrhistogram.New(1, int64(time.Hour/time.Microsecond), 3)}
}

func (s *series) observe(d time.Duration) {
	_ = s.h.RecordValue(max(1, d.Microseconds())) // beyond an hour is clamped by the error check
}

func (s *series) close(now time.Time, target, achieved float64, inFlight int) {
	p := Point{T: now.UTC(), Target: target, Achieved: achieved, InFlight: inFlight}
	if s.h.TotalCount() > 0 {
		p.P50, p.P95, p.P99 = quantile(s.h, 50), quantile(s.h, 95), quantile(s.h, 99)
	}
	s.h.Reset()
	s.points = append(s.points, p)
	if len(s.points) > MaxPoints {
		half := s.points[:0]
		for i := 0; i < len(s.points); i += 2 {
			half = append(half, s.points[i])
		}
		s.points = half
	}
}

func quantile(h *hdrhistogram.Histogram, q float64) *float64 {
	v := float64(h.ValueAtQuantile(q)) / 1e6
	return &v
}

// recordPhases are the times a state record gives for the phases other
// than finished, by metrics.Phase* name. The operator target journals
// server times for each; an EMR job run has no submitted time, so it is
// when tracking first saw it past PENDING (late by at most one poll, as
// emr.Tracker's Started is).
func recordPhases(r journal.Record) map[string]time.Time {
	submitted := r.Phases["submitted"]
	if submitted.IsZero() && r.Phases == nil && r.State != "" && r.State != "PENDING" {
		submitted = r.T
	}
	return map[string]time.Time{metrics.PhaseSubmitted: submitted,
		metrics.PhaseScheduled: r.Phases["scheduled"], metrics.PhaseRunning: r.Started}
}
