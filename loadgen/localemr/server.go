package localemr

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Server is the local emr-containers endpoint. All job state lives behind one mutex and is
// advanced lazily: every request (and Truth) first applies the lifecycle events that are due
// at the current clock, so there is no goroutine per job and a fake clock drives it exactly.
type Server struct {
	cfg Config
	now func() time.Time

	mu    sync.Mutex
	store *store

	faultMu  sync.Mutex
	faults   Faults
	faultRng *rand.Rand

	stallUntil atomic.Int64 // wall-clock unix nanos; requests arriving before it wait
	calls      sync.Map     // operation name -> *atomic.Int64
	latency    latencies    // operation name -> server-side latency histogram (stats.go)
	handler    http.Handler

	httpSrv *http.Server
	ln      net.Listener
}

// JobTruth is the server's ground truth for one accepted job run. Times are the model's
// transition times on the server clock (Config.Now); StartedAt is when it entered RUNNING
// and FinishedAt when it reached a terminal state; each is zero if that never happened.
type JobTruth struct {
	ID, VirtualClusterID, Name, ClientToken, State, StateDetails string
	Tags                                                         map[string]string
	CreatedAt, StartedAt, FinishedAt                             time.Time
}

// New validates cfg (every problem at once, each naming the field) and builds a server with
// cfg.VirtualClusters pre-created in state RUNNING.
func New(cfg Config) (*Server, error) {
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("invalid local EMR config: %w", err)
	}
	if cfg.Region == "" {
		cfg.Region = defaultRegion
	}
	if cfg.AccountID == "" {
		cfg.AccountID = defaultAccountID
	}
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	seed := uint64(cfg.Seed)
	s := &Server{
		cfg:      cfg,
		now:      now,
		faults:   cfg.Faults,
		faultRng: rand.New(rand.NewPCG(seed, seed^0x5eed)),
	}
	s.store = newStore(&s.cfg, rand.New(rand.NewPCG(seed, seed^0x10b5)))
	if cfg.PodBackend != nil {
		if err := cfg.PodBackend.bind(s); err != nil {
			return nil, err
		}
		s.store.backend = cfg.PodBackend
	}
	at := now()
	for _, vc := range cfg.VirtualClusters {
		if _, err := s.store.addVirtualCluster(vc, "", "local", at); err != nil {
			return nil, fmt.Errorf("pre-creating virtual cluster %q: %w", vc.Name, err)
		}
	}
	s.handler = s.routes()
	return s, nil
}

// Handler serves the emr-containers REST API (for httptest or a caller-owned http.Server).
func (s *Server) Handler() http.Handler { return s.handler }

// Start listens on addr ("127.0.0.1:0" picks a free port) and serves in the background until
// Close. It returns the base URL to give the SDK (BaseEndpoint) or the CLI (--endpoint-url).
func (s *Server) Start(addr string) (string, error) {
	if s.httpSrv != nil {
		return "", errors.New("local EMR server already started")
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("listening on %s: %w", addr, err)
	}
	s.ln = ln
	s.httpSrv = &http.Server{Handler: s.handler, ReadHeaderTimeout: 30 * time.Second}
	go func() { _ = s.httpSrv.Serve(ln) }()
	return "http://" + ln.Addr().String(), nil
}

// Close stops a server started with Start, dropping open connections.
func (s *Server) Close() error {
	if s.httpSrv == nil {
		return nil
	}
	err := s.httpSrv.Close()
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// Shutdown stops a started server gracefully, waiting for in-flight requests until ctx ends.
func (s *Server) Shutdown(ctx context.Context) error {
	if s.httpSrv == nil {
		return nil
	}
	return s.httpSrv.Shutdown(ctx)
}

// Stall makes every request that arrives within the next d (wall clock) wait until the
// stall ends before it is answered: a frozen control plane, as seen from the client.
func (s *Server) Stall(d time.Duration) {
	s.stallUntil.Store(time.Now().Add(d).UnixNano())
}

// SetFaults replaces the fault ratios for requests arriving from now on.
func (s *Server) SetFaults(f Faults) {
	s.faultMu.Lock()
	s.faults = f
	s.faultMu.Unlock()
}

// Truth returns a copy of the ground truth of every accepted job, in acceptance order, with
// the lifecycle advanced to the current clock.
func (s *Server) Truth() []JobTruth {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.store.advance(s.now())
	return s.store.truth()
}

// Calls returns the number of requests per operation ("StartJobRun", "ListJobRuns", ...),
// including requests answered with an injected fault or an error.
func (s *Server) Calls() map[string]int64 {
	out := map[string]int64{}
	s.calls.Range(func(k, v any) bool {
		out[k.(string)] = v.(*atomic.Int64).Load()
		return true
	})
	return out
}

// Accepted is the number of distinct jobs accepted; a retry carrying an already-seen
// clientToken returns the original job and is not counted again.
func (s *Server) Accepted() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return int64(len(s.store.jobs))
}
