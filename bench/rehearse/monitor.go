package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/rehearse"
)

// loadSample is /proc/loadavg's 1-minute figure at one time.
type loadSample struct {
	At   time.Time
	Load float64
}

// scrape is the mutating calls' histograms at one time.
type scrape struct {
	At       time.Time
	Mutating rehearse.Mutating
}

// monitor samples the load average every 10 s and, once the plan has
// started (planStarted), scrapes the rehearsal's kube-apiserver /metrics.
// The control plane's folder is found under cpRoot (TESTENV_RUN_ROOT of
// the loadgen process: testenv makes controlplane-* there).
type monitor struct {
	cpRoot      string
	every       time.Duration
	planStarted *atomic.Bool

	mu      sync.Mutex
	cpu     map[int]*procCPU // the twin's processes, sampled from the plan's start
	cpuFrom time.Time
	cpuTo   time.Time
	load    []loadSample
	scrapes []scrape
	errs    []string
	kube    kubernetes.Interface
}

func (m *monitor) run(ctx context.Context) {
	tick := time.NewTicker(10 * time.Second)
	defer tick.Stop()
	var lastScrape time.Time
	for {
		m.sampleLoad()
		if m.planStarted.Load() {
			m.sampleCPU()
		}
		if m.planStarted.Load() && time.Since(lastScrape) >= m.every {
			m.scrape(ctx)
			lastScrape = time.Now()
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

func (m *monitor) sampleLoad() {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return
	}
	f, err := strconv.ParseFloat(strings.Fields(string(b))[0], 64)
	if err != nil {
		return
	}
	m.mu.Lock()
	m.load = append(m.load, loadSample{time.Now(), f})
	m.mu.Unlock()
}

func (m *monitor) sampleCPU() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.cpu == nil {
		m.cpu, m.cpuFrom = map[int]*procCPU{}, time.Now()
	}
	sampleCPU(m.cpu)
	m.cpuTo = time.Now()
}

// cpuUse is the twin's processes' CPU time and the wall time it was sampled over.
func (m *monitor) cpuUse() (map[string]time.Duration, time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return cpuUse(m.cpu), m.cpuTo.Sub(m.cpuFrom)
}

func (m *monitor) scrape(ctx context.Context) {
	if m.kube == nil {
		k, err := m.connect()
		if err != nil {
			m.note("connect: " + err.Error())
			return
		}
		m.kube = k
	}
	sctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	body, err := m.kube.CoreV1().RESTClient().Get().AbsPath("/metrics").DoRaw(sctx)
	if err != nil {
		m.note("scrape: " + err.Error())
		return
	}
	mut, err := rehearse.ParseMutating(bytes.NewReader(body))
	if err != nil {
		m.note(err.Error())
		return
	}
	m.mu.Lock()
	m.scrapes = append(m.scrapes, scrape{time.Now(), mut})
	m.mu.Unlock()
}

func (m *monitor) note(s string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.errs) < 5 {
		m.errs = append(m.errs, s)
	}
}

// connect reads the kubeconfig testbin.sh up wrote for the rehearsal.
func (m *monitor) connect() (kubernetes.Interface, error) {
	files, err := filepath.Glob(filepath.Join(m.cpRoot, "controlplane-*", "kubeconfig"))
	if err != nil || len(files) == 0 {
		return nil, os.ErrNotExist
	}
	cfg, err := clientcmd.BuildConfigFromFlags("", files[len(files)-1])
	if err != nil {
		return nil, err
	}
	cfg.QPS, cfg.Burst = 5, 10
	return kubernetes.NewForConfig(cfg)
}

func (m *monitor) snapshot() ([]loadSample, []scrape, []string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]loadSample(nil), m.load...), append([]scrape(nil), m.scrapes...), append([]string(nil), m.errs...)
}

// lineWatch is a writer that sets flag once a line containing marker has
// been written (the rehearsal's "[rehearse] endpoint ..." line: the twin
// is up and the plan starts).
type lineWatch struct {
	marker string
	flag   *atomic.Bool
	at     *atomic.Int64 // unix nanoseconds when seen
}

func (w lineWatch) Write(b []byte) (int, error) {
	if !w.flag.Load() && bytes.Contains(b, []byte(w.marker)) {
		w.at.Store(time.Now().UnixNano())
		w.flag.Store(true)
	}
	return len(b), nil
}
