package localemr

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/client-go/kubernetes"
)

// Defaults of MirrorOptions.
const (
	DefaultMirrorWorkers    = 8
	DefaultMirrorMinBackoff = 50 * time.Millisecond
	DefaultMirrorMaxBackoff = 5 * time.Second
	// maxDriverIdle bounds the clock driver's sleep, so a clock that jumps (Config.Now in
	// tests) is followed within it too.
	maxDriverIdle = 100 * time.Millisecond
)

// MirrorOptions configure Server.StartPodMirror.
type MirrorOptions struct {
	Client kubernetes.Interface // required; NewKubeClient makes one from a kubeconfig
	Host   string               // the API server's URL, shown in messages
	// Workers write pods in parallel (0: DefaultMirrorWorkers); each job's writes go to one
	// worker, in order.
	Workers int
	// Log receives one line when the API server stops answering and one when it answers
	// again (not one per write), and permanent write errors. nil: os.Stderr.
	Log io.Writer
	// MinBackoff and MaxBackoff bound the exponential wait between retries of a failed write
	// (0: DefaultMirrorMinBackoff, DefaultMirrorMaxBackoff).
	MinBackoff, MaxBackoff time.Duration
}

func (o *MirrorOptions) defaults() error {
	if o.Client == nil {
		return errors.New("MirrorOptions.Client is nil: build one with NewKubeClient")
	}
	if o.Workers <= 0 {
		o.Workers = DefaultMirrorWorkers
	}
	if o.Log == nil {
		o.Log = os.Stderr
	}
	if o.MinBackoff <= 0 {
		o.MinBackoff = DefaultMirrorMinBackoff
	}
	if o.MaxBackoff < o.MinBackoff {
		o.MaxBackoff = max(DefaultMirrorMaxBackoff, o.MinBackoff)
	}
	return nil
}

// PodMirror writes every job run of a Server as a Spark driver pod into a Kubernetes API
// server, the way EMR on EKS does (the contract is in kube.go), and drives the lifecycle
// model's clock so that transitions happen on time without EMR API traffic. Writes never
// block the EMR API: transitions are queued (never dropped) to a fixed set of workers.
type PodMirror struct {
	srv    *Server
	opts   MirrorOptions
	queues []*podQueue
	ctx    context.Context // cancelled to abandon writes (Close's deadline passed)
	cancel context.CancelFunc
	wg     sync.WaitGroup // workers
	nsDone chan struct{}  // closed when the namespace set-up is over

	stopDriver, driverDone chan struct{}
	wake                   chan struct{}
	target                 atomic.Int64 // model time (unix nanos) the driver sleeps until

	pending  atomic.Int64 // transitions queued or being written
	written  atomic.Int64 // writes the API server accepted
	failures atomic.Int64 // write attempts that failed and were retried
	outage   atomic.Bool
	logMu    sync.Mutex

	closeOnce sync.Once
	closeErr  error
}

// StartPodMirror starts mirroring s's job runs into opts.Client's cluster: it creates each
// virtual cluster's namespace if missing (in the background, retried), then every later
// transition is written as it happens. Call it before serving requests: jobs accepted
// earlier are not mirrored. Stop it with Close.
func (s *Server) StartPodMirror(opts MirrorOptions) (*PodMirror, error) {
	if err := opts.defaults(); err != nil {
		return nil, err
	}
	m := &PodMirror{srv: s, opts: opts, stopDriver: make(chan struct{}), driverDone: make(chan struct{}),
		wake: make(chan struct{}, 1), nsDone: make(chan struct{})}
	m.ctx, m.cancel = context.WithCancel(context.Background())
	for range opts.Workers {
		m.queues = append(m.queues, newPodQueue())
	}
	s.mu.Lock()
	if s.store.pods != nil || s.store.backend != nil {
		s.mu.Unlock()
		return nil, errors.New("a pod mirror or pod backend is already running for this server")
	}
	s.store.pods, s.store.onSchedule = m, m.onSchedule
	namespaces := make([]string, 0, len(s.store.vcs))
	for _, v := range s.store.vcs {
		namespaces = append(namespaces, v.namespace)
	}
	s.mu.Unlock()
	m.wg.Add(len(m.queues))
	go m.ensureNamespaces(namespaces)
	for _, q := range m.queues {
		go m.work(q)
	}
	go m.drive()
	return m, nil
}

// Host is the API server the pods go to.
func (m *PodMirror) Host() string { return m.opts.Host }

// Pending is the number of transitions queued or being written (a backlog while the API
// server is down).
func (m *PodMirror) Pending() int64 { return m.pending.Load() }

// Written is the number of writes (creates, status updates, deletes) the API server accepted.
func (m *PodMirror) Written() int64 { return m.written.Load() }

// Failures is the number of failed write attempts that were retried.
func (m *PodMirror) Failures() int64 { return m.failures.Load() }

// Close stops the clock driver and mirroring, then lets the workers write what is queued
// until ctx ends; writes still pending then are abandoned and reported in the error. Later
// calls return the first call's result.
func (m *PodMirror) Close(ctx context.Context) error {
	m.closeOnce.Do(func() { m.closeErr = m.close(ctx) })
	return m.closeErr
}

func (m *PodMirror) close(ctx context.Context) error {
	close(m.stopDriver)
	<-m.driverDone
	m.srv.mu.Lock()
	m.srv.store.pods, m.srv.store.onSchedule = nil, nil
	m.srv.mu.Unlock()
	for _, q := range m.queues {
		q.close()
	}
	done := make(chan struct{})
	go func() { m.wg.Wait(); close(done) }()
	var err error
	select {
	case <-done:
	case <-ctx.Done():
		err = fmt.Errorf("stopping the pod mirror: %d pod writes to %s not applied: %w", m.pending.Load(), m.opts.Host, ctx.Err())
	}
	m.cancel() // abandons the writes left, and the namespace set-up (no job needs it now)
	<-done
	<-m.nsDone
	return err
}

// enqueue queues op on its job's worker; called with Server.mu held, it never blocks.
func (m *PodMirror) enqueue(op podOp) {
	h := fnv.New32a()
	_, _ = h.Write([]byte(op.jobID))
	m.pending.Add(1)
	m.queues[h.Sum32()%uint32(len(m.queues))].push(op)
}

// work writes one queue's transitions in order until the queue is closed and empty.
func (m *PodMirror) work(q *podQueue) {
	defer m.wg.Done()
	w := &podWriter{m: m, pods: map[string]*corev1.Pod{}}
	for {
		op, ok := q.pop()
		if !ok {
			return
		}
		w.apply(op)
		m.pending.Add(-1)
	}
}

func (m *PodMirror) ensureNamespaces(namespaces []string) {
	defer close(m.nsDone)
	for _, ns := range namespaces {
		m.retry("creating namespace "+ns, func(ctx context.Context) error { return m.ensureNamespace(ctx, ns) })
	}
}

// podQueue is an unbounded FIFO of one worker's transitions: push never blocks or drops.
type podQueue struct {
	mu     sync.Mutex
	cond   *sync.Cond
	ops    []podOp
	closed bool
}

func newPodQueue() *podQueue {
	q := &podQueue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *podQueue) push(op podOp) {
	q.mu.Lock()
	q.ops = append(q.ops, op)
	q.mu.Unlock()
	q.cond.Signal()
}

// pop waits for the next transition; false once the queue is closed and empty.
func (q *podQueue) pop() (podOp, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.ops) == 0 && !q.closed {
		q.cond.Wait()
	}
	if len(q.ops) == 0 {
		return podOp{}, false
	}
	op := q.ops[0]
	q.ops[0] = podOp{}
	q.ops = q.ops[1:]
	return op, true
}

func (q *podQueue) close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.cond.Broadcast()
}
