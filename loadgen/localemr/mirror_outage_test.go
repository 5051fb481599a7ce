package localemr

import (
	"context"
	"io"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"k8s.io/client-go/rest"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/testenv"
)

// TestPodMirrorDeadAPIServer points the mirror at a closed port: the EMR API must answer as
// usual, the outage must be logged once (not once per write), and every transition must
// stay queued.
func TestPodMirrorDeadAPIServer(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	client, host, err := kubeClientFor(&rest.Config{Host: "http://" + addr})
	if err != nil {
		t.Fatal(err)
	}
	srv, emr, _ := startServer(t, Config{RunTime: constDist(10 * time.Millisecond), Seed: 13})
	log := &syncBuffer{}
	mirror, err := srv.StartPodMirror(MirrorOptions{Client: client, Host: host, Log: log, MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	const jobs = 20
	for i := range jobs {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second) // a blocked request path fails here
		_, err := emr.StartJobRun(ctx, startInput("vc1", "s1-dead"))
		cancel()
		if err != nil {
			t.Fatalf("StartJobRun %d with the API server down: %v", i, err)
		}
	}
	waitFor(t, mirrorTestTimeout, "every job to finish and 100 failed writes", func() bool {
		return srv.Stats().Live == 0 && mirror.Failures() >= 100
	})
	if got := mirror.Pending(); got != 3*jobs {
		t.Errorf("pending writes %d, want %d (create, run, finish per job: none dropped)", got, 3*jobs)
	}
	lines := strings.Split(strings.TrimSpace(log.String()), "\n")
	if len(lines) != 1 || !strings.Contains(lines[0], host) {
		t.Errorf("after %d failed writes the log has %d lines, want 1 naming %s:\n%s", mirror.Failures(), len(lines), host, log.String())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := mirror.Close(ctx); err == nil || !strings.Contains(err.Error(), "60 pod writes") {
		t.Errorf("Close with the API server down: %v, want the 60 unwritten pod writes reported", err)
	}
}

// TestPodMirrorCatchesUpAfterOutage runs jobs to their end while the API server is cut off,
// then restores it: every pod must still go through all its phases, in order, to its
// final state, with one line logged for the outage and one for the recovery.
func TestPodMirrorCatchesUpAfterOutage(t *testing.T) {
	t.Parallel()
	cp := testenv.Get(t)
	proxy := startCutProxy(t, cp.Config().Host)
	ns := uniqueNamespaces(t, cp.Client(), 1)
	m := &mirrored{kube: cp.Client(), log: &syncBuffer{},
		vcs: []VirtualCluster{{ID: "vc1", Name: ns[0], Namespace: ns[0]}}}
	m.pods = watchPods(t, cp.Client(), ns)
	m.srv, m.emr, _ = startServer(t, Config{QueueDelay: constDist(50 * time.Millisecond), StartLatency: constDist(50 * time.Millisecond),
		RunTime: constDist(200 * time.Millisecond), FailRatio: 0.5, Seed: 14, VirtualClusters: m.vcs})
	rc := cp.Config()
	rc.Host = "https://" + proxy.addr()
	client, host, err := kubeClientFor(rc)
	if err != nil {
		t.Fatal(err)
	}
	m.mirror, err = m.srv.StartPodMirror(MirrorOptions{Client: client, Host: host, Log: m.log, MinBackoff: 5 * time.Millisecond, MaxBackoff: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeMirror(t, m.mirror) })
	for range 6 {
		if _, err := m.emr.StartJobRun(context.Background(), startInput("vc1", "s1-outage")); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, mirrorTestTimeout, "every job to finish during the outage", func() bool {
		return m.srv.Stats().Live == 0 && m.mirror.Failures() >= 10
	})
	proxy.up.Store(true)
	waitFor(t, mirrorTestTimeout, "every pod's last state after the outage", func() bool { return m.allMirrored(t, false) })
	m.allMirrored(t, true)
	if lines := strings.Split(strings.TrimSpace(m.log.String()), "\n"); len(lines) != 2 || !strings.Contains(lines[1], "answers again") {
		t.Errorf("log has %d lines, want the outage and the recovery:\n%s", len(lines), m.log.String())
	}
}

// cutProxy forwards TCP connections to an API server while up; while down it resets them.
type cutProxy struct {
	ln     net.Listener
	target string
	up     atomic.Bool
	wg     sync.WaitGroup
	mu     sync.Mutex
	conns  map[net.Conn]bool // open client connections, closed at the end
}

// startCutProxy listens on a free port in front of host (an https:// URL), starting down.
func startCutProxy(t *testing.T, host string) *cutProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &cutProxy{ln: ln, target: strings.TrimPrefix(host, "https://"), conns: map[net.Conn]bool{}}
	p.wg.Add(1)
	go p.serve()
	t.Cleanup(func() {
		_ = ln.Close()
		p.mu.Lock()
		for c := range p.conns {
			_ = c.Close()
		}
		p.mu.Unlock()
		p.wg.Wait()
	})
	return p
}

func (p *cutProxy) addr() string { return p.ln.Addr().String() }

func (p *cutProxy) serve() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		if !p.up.Load() {
			_ = c.(*net.TCPConn).SetLinger(0) // a reset, as from a dead server
			_ = c.Close()
			continue
		}
		p.mu.Lock()
		p.conns[c] = true
		p.mu.Unlock()
		p.wg.Add(1)
		go p.forward(c)
	}
}

func (p *cutProxy) forward(c net.Conn) {
	defer p.wg.Done()
	defer c.Close()
	up, err := net.Dial("tcp", p.target)
	if err != nil {
		return
	}
	defer up.Close()
	go func() { _, _ = io.Copy(up, c); _ = up.Close() }()
	_, _ = io.Copy(c, up)
}
