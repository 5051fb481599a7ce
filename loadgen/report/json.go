package report

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"time"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/search"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats"
)

// SchemaVersion identifies the layout of report.json; it changes only when a field changes meaning
// or disappears (new fields may be added without a change).
const SchemaVersion = "emr-eks-loadtest/report/v1"

// jsonReport is report.json. Field order is the output order; maps are written with sorted keys.
// Times are RFC 3339 UTC with nanoseconds, durations are milliseconds (float, microsecond precision).
type jsonReport struct {
	Schema    string              `json:"schema"`
	Session   string              `json:"session"`
	Target    string              `json:"target"`
	Start     string              `json:"start"`
	End       string              `json:"end"`
	DurationS float64             `json:"duration_s"`
	Plan      map[string]string   `json:"plan"`
	Workers   []int               `json:"workers"`
	Counts    jsonCounts          `json:"counts"`
	Outcomes  map[string]int      `json:"outcomes"`
	States    map[string]int      `json:"final_states"`
	Rates     jsonRates           `json:"rates_per_min"`
	Ratios    jsonRatios          `json:"ratios"`
	Latency   map[string]jsonDist `json:"latency_ms"`
	// Phases: the operator target's phase distributions (stats.PhaseFromCreated, stats.PhaseSteps);
	// absent when no job had a phase.
	Phases  map[string]jsonDist `json:"phase_latency_ms,omitempty"`
	Series  jsonSeries          `json:"series"`
	Slowest []jsonSlow          `json:"slowest"`
	Search  *search.Result      `json:"search,omitempty"` // a capacity search's record (search.json)
	Verdict jsonVerdict         `json:"verdict"`
	Cluster any                 `json:"cluster,omitempty"` // a rehearsal's cluster section (cluster.go)
}

type jsonCounts struct {
	Jobs         int `json:"jobs"`
	Scheduled    int `json:"scheduled"`
	Submitted    int `json:"submitted"`
	Accepted     int `json:"accepted"`
	SubmitErrors int `json:"submit_errors"`
	Unknown      int `json:"unknown"` // sent, no answer in the journal (the process died during the call)
	// IDConflicts: job-run ids the server accepted for two jobs (kept apart, see their state details).
	IDConflicts int `json:"id_conflicts"`
	Finished    int `json:"finished"`
	Completed   int `json:"completed"`
	Failed      int `json:"failed"`
	Cancelled   int `json:"cancelled"`
}

type jsonRates struct {
	Target    float64 `json:"target"`
	Achieved  float64 `json:"achieved"`
	Accepted  float64 `json:"accepted"`
	Completed float64 `json:"completed"`
}

type jsonRatios struct {
	Failed    float64 `json:"failed"`
	Error     float64 `json:"error"`
	Throttled float64 `json:"throttled"`
	Dropped   float64 `json:"dropped"`
	Late      float64 `json:"late"`
}

type jsonDist struct {
	Count   int64   `json:"count"`
	Clamped int64   `json:"clamped"`
	Min     float64 `json:"min"`
	Mean    float64 `json:"mean"`
	P50     float64 `json:"p50"`
	P90     float64 `json:"p90"`
	P95     float64 `json:"p95"`
	P99     float64 `json:"p99"`
	Max     float64 `json:"max"`
	// HDR is the histogram (microseconds) in the HdrHistogram V2 compressed base64 encoding, so that
	// reports can be merged or re-analysed with any HdrHistogram library. Omitted in series buckets.
	HDR string `json:"hdr,omitempty"`
}

type jsonSeries struct {
	BucketS        float64      `json:"bucket_s"`
	InFlightSource string       `json:"in_flight_source"`
	Buckets        []jsonBucket `json:"buckets"`
}

type jsonBucket struct {
	Start         string         `json:"start"`
	Scheduled     int            `json:"scheduled"`
	Sent          int            `json:"sent"`
	Outcomes      map[string]int `json:"outcomes"`
	InFlight      map[string]int `json:"in_flight"`
	Submit        jsonDist       `json:"submit_ms"`
	ScheduleLag   jsonDist       `json:"schedule_lag_ms"`
	TimeToRunning jsonDist       `json:"time_to_running_ms"`
}

type jsonSlow struct {
	Key              string  `json:"key"`
	Worker           int     `json:"worker"`
	ID               string  `json:"id"`
	VirtualClusterID string  `json:"virtual_cluster_id"`
	Namespace        string  `json:"namespace"`
	AZ               string  `json:"az"`
	SubmitStart      string  `json:"submit_start"`
	ElapsedMs        float64 `json:"elapsed_ms"`
	Unfinished       bool    `json:"unfinished"`
	FinalState       string  `json:"final_state"`
	StateDetails     string  `json:"state_details"`
}

// WriteJSON writes report.json (indented, stable: same Summary, same bytes).
func WriteJSON(w io.Writer, s stats.Summary) error { return writeJSON(w, s, Extras{}) }

func writeJSON(w io.Writer, s stats.Summary, e Extras) error {
	rep, err := toJSON(s)
	if err != nil {
		return err
	}
	rep.Search = e.Search
	rep.Verdict = verdictJSON(e)
	rep.Counts.IDConflicts, rep.Cluster = e.IDConflicts, clusterJSON(e)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}

func toJSON(s stats.Summary) (jsonReport, error) {
	lat := map[string]jsonDist{}
	for _, name := range stats.LatencyNames {
		d, err := distJSON(s.Latency[name], true)
		if err != nil {
			return jsonReport{}, fmt.Errorf("encoding %s histogram: %w", name, err)
		}
		lat[name] = d
	}
	phases, err := phasesJSON(s)
	if err != nil {
		return jsonReport{}, err
	}
	return jsonReport{Phases: phases, Schema: SchemaVersion, Session: s.Session, Target: s.Target,
		Start: ts(s.Start), End: ts(s.End), DurationS: s.Duration.Seconds(),
		Plan: nonNil(s.Plan), Workers: append([]int{}, s.Workers...),
		Counts: jsonCounts{Jobs: s.Jobs, Scheduled: s.Scheduled, Submitted: s.Submitted, Accepted: s.Accepted,
			SubmitErrors: s.SubmitErrors, Unknown: s.Unknown, Finished: s.Finished, Completed: s.Completed, Failed: s.Failed,
			Cancelled: s.Cancelled},
		Outcomes: nonNil(s.Outcomes), States: nonNil(s.FinalStates),
		Rates: jsonRates{Target: round3(s.Rates.TargetPerMin), Achieved: round3(s.Rates.AchievedPerMin),
			Accepted: round3(s.Rates.AcceptedPerMin), Completed: round3(s.Rates.CompletedPerMin)},
		Ratios: jsonRatios{Failed: round6(s.Ratios.Failed), Error: round6(s.Ratios.Error),
			Throttled: round6(s.Ratios.Throttled), Dropped: round6(s.Ratios.Dropped), Late: round6(s.Ratios.Late)},
		Latency: lat, Series: seriesJSON(s.Series), Slowest: slowJSON(s.Slowest)}, nil
}

func phasesJSON(s stats.Summary) (map[string]jsonDist, error) {
	if !s.HasPhases() {
		return nil, nil
	}
	out := map[string]jsonDist{}
	for _, name := range append(append([]string{}, stats.PhaseFromCreated...), stats.PhaseSteps...) {
		d, err := distJSON(s.PhaseLatency[name], true)
		if err != nil {
			return nil, fmt.Errorf("encoding %s histogram: %w", name, err)
		}
		out[name] = d
	}
	return out, nil
}

func distJSON(d stats.Dist, withHDR bool) (jsonDist, error) {
	out := jsonDist{Count: d.Count, Clamped: d.Clamped, Min: ms(d.Min), Mean: ms(d.Mean), P50: ms(d.P50),
		P90: ms(d.P90), P95: ms(d.P95), P99: ms(d.P99), Max: ms(d.Max)}
	if !withHDR || d.H == nil {
		return out, nil
	}
	b, err := d.H.Encode(hdrhistogram.V2CompressedEncodingCookieBase)
	out.HDR = string(b)
	return out, err
}

func seriesJSON(s stats.Series) jsonSeries {
	out := jsonSeries{BucketS: s.Width.Seconds(), InFlightSource: s.InFlightSource, Buckets: []jsonBucket{}}
	for _, b := range s.Buckets {
		sub, _ := distJSON(b.Submit, false)
		lag, _ := distJSON(b.ScheduleLag, false)
		run, _ := distJSON(b.TimeToRunning, false)
		out.Buckets = append(out.Buckets, jsonBucket{Start: ts(b.Start), Scheduled: b.Scheduled, Sent: b.Sent,
			Outcomes: nonNil(b.Outcomes), InFlight: nonNil(b.InFlight), Submit: sub, ScheduleLag: lag,
			TimeToRunning: run})
	}
	return out
}

func slowJSON(sl []stats.SlowJob) []jsonSlow {
	out := []jsonSlow{}
	for _, s := range sl {
		j := s.Job
		out = append(out, jsonSlow{Key: j.Key, Worker: j.Worker, ID: j.ID, VirtualClusterID: j.VirtualClusterID,
			Namespace: j.Namespace, AZ: j.AZ, SubmitStart: ts(j.SubmitStart), ElapsedMs: ms(s.Elapsed),
			Unfinished: s.Unfinished, FinalState: j.FinalState, StateDetails: j.StateDetails})
	}
	return out
}

// ts formats a time as RFC 3339 UTC with nanoseconds; "" for the zero time.
func ts(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// ms converts to milliseconds with microsecond precision.
func ms(d time.Duration) float64 { return float64(d/time.Microsecond) / 1000 }

func round3(v float64) float64 { return math.Round(v*1e3) / 1e3 }
func round6(v float64) float64 { return math.Round(v*1e6) / 1e6 }

func nonNil[M ~map[K]V, K comparable, V any](m M) M {
	if m == nil {
		return M{}
	}
	return m
}
