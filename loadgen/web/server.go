package web

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// DefaultAddr is where the page is served unless --web-addr says otherwise
// (Locust's port), on loopback: the page and /metrics show the run to anyone
// who can reach them (give --web-addr :8089 to serve every interface).
// FallbackAddr is used when DefaultAddr's port is taken.
const (
	DefaultAddr  = "127.0.0.1:8089"
	FallbackAddr = "127.0.0.1:0"
)

//go:embed assets
var assets embed.FS

// Server serves the live page, its JSON, /metrics and, once written, the
// run's reports.
type Server struct {
	live *Live
	srv  *http.Server
	ln   net.Listener
	stop chan struct{}
	wg   sync.WaitGroup
}

// Options of a Server.
type Options struct {
	Addr       string              // listen address; "" is DefaultAddr, "127.0.0.1:0" picks a port
	Gatherer   prometheus.Gatherer // for /metrics; nil: no /metrics
	ReportsDir string              // served under /reports/ (the run directory)
	Tick       time.Duration       // series step; 0: SeriesStep
}

// Start listens and serves until Close. The live state's series advances
// every Tick.
func Start(live *Live, opts Options) (*Server, error) {
	if opts.Addr == "" {
		opts.Addr = DefaultAddr
	}
	if opts.Tick <= 0 {
		opts.Tick = SeriesStep
	}
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return nil, fmt.Errorf("live page: listening on %s (use --web-addr to pick another, --web=false to disable): %w", opts.Addr, err)
	}
	s := &Server{live: live, ln: ln, stop: make(chan struct{})}
	s.srv = &http.Server{Handler: s.handler(opts), ReadHeaderTimeout: 10 * time.Second}
	s.wg.Go(func() { _ = s.srv.Serve(ln) })
	s.wg.Go(func() { s.tick(opts.Tick) })
	return s, nil
}

// URL is the page's address.
func (s *Server) URL() string {
	addr := s.ln.Addr().(*net.TCPAddr)
	host := addr.IP.String()
	if addr.IP.IsUnspecified() {
		host = "localhost"
	}
	return fmt.Sprintf("http://%s/", net.JoinHostPort(host, fmt.Sprint(addr.Port)))
}

// Close stops serving.
func (s *Server) Close() error {
	close(s.stop)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	err := s.srv.Shutdown(ctx)
	s.wg.Wait()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

func (s *Server) tick(every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			s.live.Tick()
		}
	}
}

func (s *Server) handler(opts Options) http.Handler {
	mux := http.NewServeMux()
	static, _ := fs.Sub(assets, "assets")
	mux.Handle("GET /", securityHeaders(http.FileServerFS(static)))
	mux.Handle("GET /api/state", securityHeaders(http.HandlerFunc(s.state)))
	if opts.Gatherer != nil {
		mux.Handle("GET /metrics", promhttp.HandlerFor(opts.Gatherer, promhttp.HandlerOpts{}))
	}
	if opts.ReportsDir != "" {
		mux.Handle("GET /reports/", http.StripPrefix("/reports/", http.FileServer(http.Dir(opts.ReportsDir))))
	}
	return mux
}

func (s *Server) state(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_ = json.NewEncoder(w).Encode(s.live.Snapshot())
}

// securityHeaders forbids the page anything not served from here: it works
// offline, and a test catches an accidental CDN reference as a CSP error.
// (The reports under /reports/ are self-contained with inline styles.)
func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'self'; style-src 'self'; script-src 'self'; img-src 'self' data:")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		h.ServeHTTP(w, r)
	})
}
