package runner

import (
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// workerIdle is how long an idle open-model worker waits for the next
// submission before it exits.
const workerIdle = 30 * time.Second

// pool runs the open model's submissions on reused goroutines. A goroutine
// per submission would start with a small stack and grow it through the
// SDK's deep middleware chain on every call (runtime.newstack and copystack
// were ~6 % of loadgen's CPU at 50/s); a worker keeps its grown stack.
// Dispatch never waits: with no idle worker it starts a new one, so the
// pool never delays a due submission (the caller bounds concurrency). The
// most recently idle worker is reused first; workers idle for workerIdle exit.
type pool struct {
	mu     sync.Mutex
	idle   []chan func() // each idle worker's inbox (buffered 1), most recent last
	closed bool

	tasks   sync.WaitGroup // dispatched functions not yet returned
	workers sync.WaitGroup
	started atomic.Int64 // workers started so far
}

func newPool() *pool { return &pool{} }

// Go runs f on an idle worker, or on a new one when none is idle.
func (p *pool) Go(f func()) {
	p.tasks.Add(1)
	p.mu.Lock()
	if n := len(p.idle); n > 0 {
		inbox := p.idle[n-1]
		p.idle = p.idle[:n-1]
		p.mu.Unlock()
		inbox <- f // buffered: never blocks
		return
	}
	p.mu.Unlock()
	p.workers.Add(1)
	p.started.Add(1)
	go p.worker(f, make(chan func(), 1))
}

func (p *pool) worker(f func(), inbox chan func()) {
	defer p.workers.Done()
	idle := time.NewTimer(workerIdle)
	defer idle.Stop()
	for f != nil {
		f()
		p.tasks.Done()
		if !p.park(inbox) {
			return
		}
		idle.Reset(workerIdle)
		select {
		case f = <-inbox: // nil once the pool is closed
		case <-idle.C:
			f = p.retire(inbox)
		}
	}
}

// park lists the worker as idle; false when the pool is closed.
func (p *pool) park(inbox chan func()) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return false
	}
	p.idle = append(p.idle, inbox)
	return true
}

// retire takes a timed-out worker off the idle list; when Go already took
// it (and so sends or has sent a function), the worker runs that instead.
func (p *pool) retire(inbox chan func()) func() {
	p.mu.Lock()
	i := slices.Index(p.idle, inbox)
	if i >= 0 {
		p.idle = slices.Delete(p.idle, i, i+1)
	}
	p.mu.Unlock()
	if i >= 0 {
		return nil
	}
	return <-inbox
}

// Wait returns once every dispatched function has returned and every worker
// has exited. Go must not be called after Wait.
func (p *pool) Wait() {
	p.tasks.Wait()
	p.mu.Lock()
	p.closed = true
	for _, inbox := range p.idle {
		close(inbox)
	}
	p.idle = nil
	p.mu.Unlock()
	p.workers.Wait()
}
