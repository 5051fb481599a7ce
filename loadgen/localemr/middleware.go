package localemr

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync/atomic"
	"time"
)

// apiHandler serves one operation: it returns the response body or an AWS-style error.
type apiHandler func(r *http.Request) (any, *apiError)

const maxBodyBytes = 1 << 20

type fault uint8

const (
	faultNone fault = iota
	faultReset
	faultThrottle
	faultServerError
)

var requestSeq atomic.Uint64

// routes maps the emr-containers REST bindings (see aws-sdk-go-v2 service/emrcontainers
// serializers.go) to operations.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	ops := []struct {
		pattern, op string
		h           apiHandler
	}{
		{"POST /virtualclusters/{virtualClusterId}/jobruns", "StartJobRun", s.startJobRun},
		{"GET /virtualclusters/{virtualClusterId}/jobruns", "ListJobRuns", s.listJobRuns},
		{"GET /virtualclusters/{virtualClusterId}/jobruns/{jobRunId}", "DescribeJobRun", s.describeJobRun},
		{"DELETE /virtualclusters/{virtualClusterId}/jobruns/{jobRunId}", "CancelJobRun", s.cancelJobRun},
		{"POST /virtualclusters", "CreateVirtualCluster", s.createVirtualCluster},
		{"GET /virtualclusters", "ListVirtualClusters", s.listVirtualClusters},
		{"GET /virtualclusters/{virtualClusterId}", "DescribeVirtualCluster", s.describeVirtualCluster},
		{"DELETE /virtualclusters/{virtualClusterId}", "DeleteVirtualCluster", s.deleteVirtualCluster},
	}
	for _, o := range ops {
		mux.Handle(o.pattern, s.wrap(o.op, o.h))
	}
	mux.HandleFunc("GET "+StatsPath, s.serveStats) // not an API operation: not counted
	mux.Handle("/", s.wrap("Unknown", func(r *http.Request) (any, *apiError) {
		return nil, &apiError{status: http.StatusNotFound, code: "UnknownOperationException",
			msg: fmt.Sprintf("no emr-containers operation at %s %s", r.Method, r.URL.Path)}
	}))
	return mux
}

func (s *Server) counter(op string) *atomic.Int64 {
	c, _ := s.calls.LoadOrStore(op, new(atomic.Int64))
	return c.(*atomic.Int64)
}

// wrap applies, in order: call counting and latency timing, stalls, fault injection, the
// Authorization check.
func (s *Server) wrap(op string, h apiHandler) http.Handler {
	calls, lat := s.counter(op), s.latency.forOp(op)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		start := time.Now()
		defer func() { lat.record(time.Since(start)) }()
		if !s.waitStall(r) {
			return
		}
		w.Header().Set("X-Amzn-Requestid", fmt.Sprintf("local-%016x", requestSeq.Add(1)))
		// The Date header is the model's clock, like createdAt: clients learn a skewed server's offset from it.
		w.Header().Set("Date", s.now().UTC().Format(http.TimeFormat))
		switch s.drawFault() {
		case faultReset:
			resetConnection(w, r)
			return
		case faultThrottle:
			writeError(w, errThrottled)
			return
		case faultServerError:
			writeError(w, errInternal)
			return
		}
		if r.Header.Get("Authorization") == "" {
			writeError(w, errNoAuth)
			return
		}
		out, e := h(r)
		if e != nil {
			writeError(w, e)
			return
		}
		writeJSON(w, out)
	})
}

// waitStall blocks while a stall is in effect; false if the client went away meanwhile.
func (s *Server) waitStall(r *http.Request) bool {
	until := s.stallUntil.Load()
	d := time.Until(time.Unix(0, until))
	if until == 0 || d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

func (s *Server) drawFault() fault {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	f := s.faults
	if f == (Faults{}) {
		return faultNone
	}
	switch {
	case s.faultRng.Float64() < f.ResetRatio:
		return faultReset
	case s.faultRng.Float64() < f.ThrottleRatio:
		return faultThrottle
	case s.faultRng.Float64() < f.ServerErrorRatio:
		return faultServerError
	}
	return faultNone
}

// resetConnection reads the request, then closes the TCP connection with SO_LINGER 0, so the
// client sees ECONNRESET instead of a response.
func resetConnection(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, io.LimitReader(r.Body, maxBodyBytes))
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler) // HTTP/2 or a recorder: abort the stream instead
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}

// decodeBody reads a JSON request body into v.
func decodeBody(r *http.Request, v any) *apiError {
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, maxBodyBytes))
	if err != nil {
		return &apiError{status: http.StatusBadRequest, code: "SerializationException", msg: "reading request body: " + err.Error()}
	}
	if len(body) == 0 {
		body = []byte("{}")
	}
	if err := json.Unmarshal(body, v); err != nil {
		return &apiError{status: http.StatusBadRequest, code: "SerializationException", msg: "malformed request body: " + err.Error()}
	}
	return nil
}
