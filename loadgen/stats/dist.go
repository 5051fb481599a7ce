package stats

import (
	"time"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"
)

// Histogram range and precision. Values are recorded in microseconds from 1 µs to 7 days, so that a
// Spark job that runs for hours is tracked as precisely as a 20 ms API call. Values below 0 (client
// and server clocks disagree) or above the range are clamped and counted in Dist.Clamped.
const (
	HistLowestMicros  = 1
	HistHighestMicros = int64(7 * 24 * time.Hour / time.Microsecond)
	// HistSigFigs: whole-run distributions keep 3 significant digits (error <= 0.1 %).
	HistSigFigs = 3
	// BucketSigFigs: per-bucket distributions of the time series keep 2 (error <= 1 %) to stay small.
	BucketSigFigs = 2
)

// Dist is a latency distribution. The percentiles are read from H when the Summary is built or
// merged; H is the source of truth and the only thing that is merged.
type Dist struct {
	Count   int64         // recorded values
	Clamped int64         // values that were negative or above HistHighestMicros, recorded at the bound
	Min     time.Duration // all fields are zero when Count is 0
	Mean    time.Duration
	P50     time.Duration
	P90     time.Duration
	P95     time.Duration
	P99     time.Duration
	Max     time.Duration
	// H holds the values in microseconds. Never nil in a finished Dist built by this package (a
	// Summary's); while a Summary is accumulated it is made at the first value, so that the many
	// distributions that stay empty (series buckets, the phases of an EMR run) cost nothing.
	H *hdrhistogram.Histogram

	sigFigs int // H's precision
}

func newDist(sigFigs int) Dist { return Dist{sigFigs: sigFigs} }

// hist returns H, made on first use.
func (d *Dist) hist() *hdrhistogram.Histogram {
	if d.H == nil {
		sig := d.sigFigs
		if sig == 0 {
			sig = HistSigFigs
		}
		d.H = hdrhistogram.New(HistLowestMicros, HistHighestMicros, sig)
	}
	return d.H
}

// record adds one duration; it is clamped to the histogram range.
func (d *Dist) record(v time.Duration) {
	us := int64(v / time.Microsecond)
	if us < 0 || us > HistHighestMicros {
		d.Clamped++
		us = min(max(us, 0), HistHighestMicros)
	}
	_ = d.hist().RecordValue(us) // cannot fail: us is within the range
	d.Count++
}

// merge adds o's values to d (counts and histogram) and refreshes the percentiles.
func (d *Dist) merge(o Dist) {
	if o.H != nil {
		d.hist().Merge(o.H)
	}
	d.Count += o.Count
	d.Clamped += o.Clamped
}

// finish computes the summary fields from the histogram.
func (d *Dist) finish() {
	if d.hist().TotalCount() == 0 {
		*d = Dist{Clamped: d.Clamped, H: d.H}
		return
	}
	d.Min = d.Percentile(0)
	d.Mean = micros(int64(d.H.Mean()))
	d.P50 = d.Percentile(50)
	d.P90 = d.Percentile(90)
	d.P95 = d.Percentile(95)
	d.P99 = d.Percentile(99)
	d.Max = micros(d.H.Max())
}

// Percentile returns the value at percentile p (0..100) as HDR histograms define it: the highest
// value equivalent (within the precision) to the smallest recorded value at or above p percent.
// Zero when the distribution is empty.
func (d Dist) Percentile(p float64) time.Duration {
	if d.H == nil || d.H.TotalCount() == 0 {
		return 0
	}
	if p <= 0 {
		return micros(d.H.Min())
	}
	return micros(d.H.ValueAtPercentile(p))
}

func micros(us int64) time.Duration { return time.Duration(us) * time.Microsecond }
