package localemr

import (
	"encoding/json"
	"net/http"
	"sync"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"
)

// StatsPath is the read-only endpoint where the server reports what it observed: accepted
// jobs, requests per operation and the time each operation took inside the server. It lives
// outside the emr-containers path namespace (every API path starts with /virtualclusters),
// takes no signature, and exists so that benchmarks can count load "by the server, not by the
// client" (bench/compareold).
const StatsPath = "/_local/stats"

// latency bounds of the per-operation histograms, in microseconds: 1 µs to 1 h at 3
// significant digits.
const (
	latencyMinMicros = 1
	latencyMaxMicros = int64(time.Hour / time.Microsecond)
	latencySigFigs   = 3
)

// Stats is the JSON body of GET StatsPath. Times are the server clock (Config.Now).
type Stats struct {
	// Accepted is the number of distinct job runs accepted (as Server.Accepted).
	Accepted int64 `json:"accepted"`
	// Live is the number of accepted job runs not yet in a terminal state.
	Live int `json:"live"`
	// FirstAcceptedAt and LastAcceptedAt bound the acceptance of all jobs (nil before the first).
	FirstAcceptedAt *time.Time `json:"firstAcceptedAt,omitempty"`
	LastAcceptedAt  *time.Time `json:"lastAcceptedAt,omitempty"`
	// Calls is the number of requests per operation (as Server.Calls).
	Calls map[string]int64 `json:"calls"`
	// LatencyMs is, per operation, the time from the request reaching the operation's handler
	// to its response being written (stalls and injected faults included), in milliseconds.
	LatencyMs map[string]LatencySummary `json:"latencyMs"`
}

// LatencySummary holds quantiles of one operation's server-side latency, in milliseconds.
type LatencySummary struct {
	Count int64   `json:"count"`
	P50   float64 `json:"p50"`
	P90   float64 `json:"p90"`
	P99   float64 `json:"p99"`
	Max   float64 `json:"max"`
}

// opLatency is one operation's histogram; hdrhistogram is not safe for concurrent use.
type opLatency struct {
	mu sync.Mutex
	h  *hdrhistogram.Histogram
}

func (l *opLatency) record(d time.Duration) {
	us := min(max(d.Microseconds(), latencyMinMicros), latencyMaxMicros)
	l.mu.Lock()
	_ = l.h.RecordValue(us) // in range by construction
	l.mu.Unlock()
}

func (l *opLatency) summary() LatencySummary {
	l.mu.Lock()
	defer l.mu.Unlock()
	ms := func(us int64) float64 { return float64(us) / 1000 }
	return LatencySummary{Count: l.h.TotalCount(), P50: ms(l.h.ValueAtQuantile(50)),
		P90: ms(l.h.ValueAtQuantile(90)), P99: ms(l.h.ValueAtQuantile(99)), Max: ms(l.h.Max())}
}

// latencies holds one histogram per operation name.
type latencies struct{ byOp sync.Map } // operation -> *opLatency

func (ls *latencies) forOp(op string) *opLatency {
	if l, ok := ls.byOp.Load(op); ok {
		return l.(*opLatency)
	}
	l, _ := ls.byOp.LoadOrStore(op, &opLatency{h: hdrhistogram.New(latencyMinMicros, latencyMaxMicros, latencySigFigs)})
	return l.(*opLatency)
}

// Stats returns what the server observed so far, with the lifecycle advanced to now.
func (s *Server) Stats() Stats {
	out := Stats{Calls: s.Calls(), LatencyMs: map[string]LatencySummary{}}
	s.latency.byOp.Range(func(k, v any) bool {
		if sum := v.(*opLatency).summary(); sum.Count > 0 {
			out.LatencyMs[k.(string)] = sum
		}
		return true
	})
	s.mu.Lock()
	defer s.mu.Unlock()
	s.store.advance(s.now())
	out.Accepted = int64(len(s.store.jobs))
	for _, v := range s.store.vcs {
		out.Live += v.live
	}
	if n := len(s.store.jobs); n > 0 {
		first, last := unixTime(s.store.jobs[0].createdAt), unixTime(s.store.jobs[n-1].createdAt)
		out.FirstAcceptedAt, out.LastAcceptedAt = &first, &last
	}
	return out
}

// serveStats answers GET StatsPath with Stats as JSON.
func (s *Server) serveStats(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_ = json.NewEncoder(w).Encode(s.Stats()) // a failed write means the client went away
}
