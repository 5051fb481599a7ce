package stats

import (
	"slices"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
)

// MaxBuckets bounds the time series: the bucket width is the smallest of BucketWidths that covers
// the run in at most this many buckets.
const MaxBuckets = 120

// BucketWidths are the possible bucket widths. Each divides the next and buckets start at multiples
// of their width (time.Truncate), so the series of workers line up and merge bucket by bucket.
var BucketWidths = []time.Duration{time.Second, 5 * time.Second, 10 * time.Second, 30 * time.Second,
	time.Minute, 5 * time.Minute, 10 * time.Minute, 30 * time.Minute, time.Hour, 6 * time.Hour,
	24 * time.Hour, 7 * 24 * time.Hour}

// In-flight sources (Series.InFlightSource).
const (
	InFlightSamples = "samples" // tracking samples: per worker the last sample before the bucket's end
	InFlightJobs    = "jobs"    // no samples: derived from the jobs' server timestamps
	InFlightMixed   = "mixed"   // merged parts used different sources
)

// Series is the run cut into equal buckets.
type Series struct {
	Width          time.Duration
	InFlightSource string // "" when there are no buckets
	Buckets        []Bucket
}

// Bucket is one interval [Start, Start+Width). Jobs are placed by SubmitStart, or by Scheduled when
// never sent.
type Bucket struct {
	Start     time.Time
	Scheduled int            // jobs the pacer scheduled in the bucket (the target rate)
	Sent      int            // calls started in the bucket (the achieved rate)
	Outcomes  map[string]int // jobs by outcome
	// InFlight counts jobs by server state at the bucket's end (a gauge: it is not summed over time).
	InFlight map[string]int
	// Latencies of the calls started in the bucket, at BucketSigFigs precision.
	Submit        Dist
	ScheduleLag   Dist
	TimeToRunning Dist
}

// WidthFor returns the bucket width for a run of length span.
func WidthFor(span time.Duration) time.Duration {
	for _, w := range BucketWidths {
		if span/w < MaxBuckets {
			return w
		}
	}
	return BucketWidths[len(BucketWidths)-1]
}

func newBuckets(start, end time.Time, w time.Duration) []Bucket {
	if start.IsZero() || end.Before(start) {
		return nil
	}
	first := start.Truncate(w)
	n := int(end.Sub(first)/w) + 1
	b := make([]Bucket, n)
	for i := range b {
		b[i] = Bucket{Start: first.Add(time.Duration(i) * w), Outcomes: map[string]int{},
			InFlight: map[string]int{}, Submit: newDist(BucketSigFigs),
			ScheduleLag: newDist(BucketSigFigs), TimeToRunning: newDist(BucketSigFigs)}
	}
	return b
}

// index returns the bucket holding t, clamped to the series.
func (s *Series) index(t time.Time) int {
	i := int(t.Sub(s.Buckets[0].Start) / s.Width)
	if t.Before(s.Buckets[0].Start) {
		i = 0
	}
	return min(max(i, 0), len(s.Buckets)-1)
}

func (s *Series) addJob(j *Job) {
	if !j.Scheduled.IsZero() {
		s.Buckets[s.index(j.Scheduled)].Scheduled++
	}
	at := j.Scheduled
	if sent(j) && !j.SubmitStart.IsZero() {
		at = j.SubmitStart
	}
	if at.IsZero() {
		return
	}
	b := &s.Buckets[s.index(at)]
	b.Outcomes[j.Outcome]++
	if !sent(j) || j.SubmitStart.IsZero() {
		return
	}
	b.Sent++
	recordIf(&b.Submit, j.SubmitStart, j.SubmitEnd)
	recordIf(&b.ScheduleLag, j.Scheduled, j.SubmitStart)
	if j.Outcome == job.OutcomeAccepted {
		recordIf(&b.TimeToRunning, j.SubmitStart, j.Started)
	}
}

func recordIf(d *Dist, from, to time.Time) {
	if !from.IsZero() && !to.IsZero() {
		d.record(to.Sub(from))
	}
}

// inFlightFromSamples sets each bucket to the sum over workers of the worker's latest sample taken
// before the bucket's end (carried forward across buckets without a sample).
func (s *Series) inFlightFromSamples(samples []Sample) {
	byWorker := map[int][]Sample{}
	for _, smp := range samples {
		byWorker[smp.Worker] = append(byWorker[smp.Worker], smp)
	}
	for _, ws := range byWorker {
		slices.SortStableFunc(ws, func(a, b Sample) int { return a.T.Compare(b.T) })
		next := 0
		var last map[string]int
		for i := range s.Buckets {
			end := s.Buckets[i].Start.Add(s.Width)
			for next < len(ws) && ws[next].T.Before(end) {
				last = ws[next].ByState
				next++
			}
			for state, n := range last {
				s.Buckets[i].InFlight[state] += n
			}
		}
	}
}

// Server states used when in-flight counts are derived from job timestamps.
const (
	DerivedSubmitted = "SUBMITTED" // created on the server, not yet running
	DerivedRunning   = "RUNNING"
)

// inFlightJob marks, in the difference arrays sub and run (one slot per bucket, plus one), when
// an accepted job was created and not yet running (SUBMITTED) and running and not yet finished
// (RUNNING); inFlightTotals turns them into each bucket's gauge at its end. A job with a final
// state but no finish time is left out of the phase it ended in: when it left is unknown.
func (s *Series) inFlightJob(sub, run []int, j *Job) {
	if j.Outcome != job.OutcomeAccepted || j.Created.IsZero() {
		return
	}
	known := !j.Finished.IsZero() || j.FinalState == ""
	if j.Started.IsZero() {
		s.span(sub, j.Created, j.Finished, known)
		return
	}
	s.span(sub, j.Created, j.Started, true)
	s.span(run, j.Started, j.Finished, known)
}

// inFlightTotals sets each bucket's in-flight gauge from the difference arrays of inFlightJob.
func (s *Series) inFlightTotals(sub, run []int) {
	for i := range s.Buckets {
		if i > 0 {
			sub[i] += sub[i-1]
			run[i] += run[i-1]
		}
		setIf(s.Buckets[i].InFlight, DerivedSubmitted, sub[i])
		setIf(s.Buckets[i].InFlight, DerivedRunning, run[i])
	}
}

// span marks [from, to) in a difference array, in buckets: a job is in flight at the end of every
// bucket from from's to the one before to's. A zero to lasts past the end; ok=false marks nothing.
func (s *Series) span(diff []int, from, to time.Time, ok bool) {
	if !ok {
		return
	}
	i := s.index(from)
	k := len(s.Buckets) // past the end
	if !to.IsZero() && to.Before(s.Buckets[0].Start.Add(time.Duration(k)*s.Width)) {
		k = s.index(to)
	}
	if k > i {
		diff[i]++
		diff[k]--
	}
}

func setIf(m map[string]int, k string, n int) {
	if n > 0 {
		m[k] = n
	}
}

// finish computes the buckets' percentiles. A bucket's distribution that
// recorded nothing keeps a nil H (unlike the Summary's whole-run ones):
// hundreds of empty histograms are not worth their memory.
func (s *Series) finish() {
	for i := range s.Buckets {
		b := &s.Buckets[i]
		for _, d := range []*Dist{&b.Submit, &b.ScheduleLag, &b.TimeToRunning} {
			if d.H != nil {
				d.finish()
			}
		}
	}
}
