package stats

import (
	"errors"
	"fmt"
	"maps"
	"time"
)

// ErrMismatch is returned by Merge when the parts are not workers of the same run.
var ErrMismatch = errors.New("summaries do not belong to the same run")

// Merge combines the Summaries of N workers of one session into the Summary of the whole run:
// counts add up, histograms are merged (percentiles are recomputed from the merged histogram, never
// averaged), time series are re-cut to a common bucket width (the coarsest needed; widths divide each
// other so buckets nest) and in-flight gauges are summed across workers, each carried forward to the
// end of the merged run. Merge(Summarize(a), Summarize(b)) equals Summarize of the concatenated
// Run when a and b hold different workers and share the bucket width.
// The parts must share Session and Target; Plan is taken from the first part.
func Merge(parts ...Summary) (Summary, error) {
	if len(parts) == 0 {
		return Summarize(Run{}), nil
	}
	for _, p := range parts[1:] {
		if p.Session != parts[0].Session || p.Target != parts[0].Target {
			return Summary{}, fmt.Errorf("merging session %q target %q with session %q target %q: %w",
				parts[0].Session, parts[0].Target, p.Session, p.Target, ErrMismatch)
		}
	}
	s := Summary{Session: parts[0].Session, Target: parts[0].Target, Plan: maps.Clone(parts[0].Plan),
		Outcomes: map[string]int{}, FinalStates: map[string]int{}, Latency: newLatencies(HistSigFigs),
		PhaseLatency: newPhaseLatencies()}
	errs := map[string]int{}
	workers := map[int]bool{}
	var slow []SlowJob
	for _, p := range parts {
		s.Start, s.End = widen(s.Start, s.End, p.Start, p.End)
		s.FirstScheduled, s.LastScheduled = widen(s.FirstScheduled, s.LastScheduled, p.FirstScheduled, p.LastScheduled)
		s.addCounts(p)
		for _, w := range p.Workers {
			workers[w] = true
		}
		slow = append(slow, p.Slowest...)
		for _, e := range p.Errors {
			errs[e.Error] += e.N
		}
	}
	s.Errors = sortErrors(errs)
	s.Workers = sortedKeys(workers)
	s.Series = mergeSeries(parts, s.Start, s.End)
	s.Slowest = reElapse(slow, s.End)
	s.finish()
	return s, nil
}

func widen(start, end, pStart, pEnd time.Time) (time.Time, time.Time) {
	if !pStart.IsZero() && (start.IsZero() || pStart.Before(start)) {
		start = pStart
	}
	if pEnd.After(end) {
		end = pEnd
	}
	return start, end
}

func (s *Summary) addCounts(p Summary) {
	s.Jobs += p.Jobs
	s.Scheduled += p.Scheduled
	s.Submitted += p.Submitted
	s.Accepted += p.Accepted
	s.SubmitErrors += p.SubmitErrors
	s.Unknown += p.Unknown
	s.Samples += p.Samples
	addMap(s.Outcomes, p.Outcomes)
	addMap(s.FinalStates, p.FinalStates)
	mergeDists(s.Latency, p.Latency)
	mergeDists(s.PhaseLatency, p.PhaseLatency)
}

func mergeDists(dst, src map[string]Dist) {
	for k, d := range src {
		m, ok := dst[k]
		if !ok {
			continue
		}
		m.merge(d)
		dst[k] = m
	}
}

func addMap(dst, src map[string]int) {
	for k, n := range src {
		dst[k] += n
	}
}

// reElapse measures unfinished jobs to the merged end, then ranks.
func reElapse(slow []SlowJob, end time.Time) []SlowJob {
	for i := range slow {
		if slow[i].Unfinished {
			slow[i].Elapsed = end.Sub(slow[i].Job.SubmitStart)
		}
	}
	return sortSlow(slow)
}

func mergeSeries(parts []Summary, start, end time.Time) Series {
	w := WidthFor(end.Sub(start))
	for _, p := range parts {
		w = max(w, p.Series.Width)
	}
	s := Series{Width: w, Buckets: newBuckets(start, end, w)}
	if len(s.Buckets) == 0 {
		return s
	}
	for _, p := range parts {
		s.addPart(p.Series)
	}
	return s
}

// addPart re-cuts a part's buckets into s's (coarser or equal) buckets. The in-flight gauge of a
// coarse bucket is the part's last fine bucket in it, carried forward past the part's end.
func (s *Series) addPart(p Series) {
	if len(p.Buckets) == 0 {
		return
	}
	s.InFlightSource = mergeSource(s.InFlightSource, p.InFlightSource)
	gauge := make([]map[string]int, len(s.Buckets))
	for _, fb := range p.Buckets {
		i := s.index(fb.Start)
		b := &s.Buckets[i]
		b.Scheduled += fb.Scheduled
		b.Sent += fb.Sent
		addMap(b.Outcomes, fb.Outcomes)
		b.Submit.merge(fb.Submit)
		b.ScheduleLag.merge(fb.ScheduleLag)
		b.TimeToRunning.merge(fb.TimeToRunning)
		gauge[i] = fb.InFlight
	}
	var last map[string]int
	for i := s.index(p.Buckets[0].Start); i < len(s.Buckets); i++ {
		if gauge[i] != nil {
			last = gauge[i]
		}
		addMap(s.Buckets[i].InFlight, last)
	}
}

func mergeSource(a, b string) string {
	switch {
	case a == "" || a == b:
		return b
	case b == "":
		return a
	}
	return InFlightMixed
}
