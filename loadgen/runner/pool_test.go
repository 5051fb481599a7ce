package runner

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
)

func TestPoolReusesIdleWorkers(t *testing.T) {
	p := newPool()
	var ran atomic.Int64
	for range 200 {
		done := make(chan struct{})
		p.Go(func() { ran.Add(1); close(done) })
		<-done
		waitIdle(p, 1)
	}
	p.Wait()
	if ran.Load() != 200 {
		t.Fatalf("ran %d functions, want 200", ran.Load())
	}
	if got := p.started.Load(); got != 1 {
		t.Fatalf("sequential submissions started %d workers, want 1 (reused)", got)
	}
}

// waitIdle returns once n workers are listed idle (a worker lists itself
// after its function returned and before it waits for the next).
func waitIdle(p *pool, n int) {
	for {
		p.mu.Lock()
		k := len(p.idle)
		p.mu.Unlock()
		if k >= n {
			return
		}
		runtime.Gosched()
	}
}

func TestPoolNeverBlocksDispatch(t *testing.T) {
	p := newPool()
	release := make(chan struct{})
	var running sync.WaitGroup
	running.Add(50)
	for range 50 {
		p.Go(func() { running.Done(); <-release })
	}
	running.Wait() // all 50 run at once: none waited for another
	if got := p.started.Load(); got != 50 {
		t.Fatalf("50 concurrent submissions started %d workers, want 50", got)
	}
	close(release)
	waitIdle(p, 50)
	// A second burst reuses the 50 idle workers.
	release2 := make(chan struct{})
	running.Add(50)
	for range 50 {
		p.Go(func() { running.Done(); <-release2 })
	}
	running.Wait()
	if got := p.started.Load(); got != 50 {
		t.Fatalf("second burst started workers: %d in all, want 50", got)
	}
	close(release2)
	p.Wait()
}

func TestPoolWaitWaitsForRunningFunctions(t *testing.T) {
	p := newPool()
	release := make(chan struct{})
	var finished atomic.Bool
	p.Go(func() { <-release; finished.Store(true) })
	go close(release)
	p.Wait()
	if !finished.Load() {
		t.Fatal("Wait returned before the dispatched function finished")
	}
}

func TestPoolRetireRacingDispatchRunsTheFunction(t *testing.T) {
	p := newPool()
	inbox := make(chan func(), 1)
	p.idle = append(p.idle, inbox)
	// Go takes the worker off the idle list just as its timer fires: retire
	// must hand back the function Go sent, not drop it.
	var ran atomic.Bool
	p.Go(func() { ran.Store(true) })
	f := p.retire(inbox)
	if f == nil {
		t.Fatal("retire dropped the function Go sent to a worker it took off the idle list")
	}
	f()
	p.tasks.Done()
	if !ran.Load() {
		t.Fatal("the function handed back is not the one dispatched")
	}
	listed := make(chan func(), 1)
	p.idle = append(p.idle, listed)
	if got := p.retire(listed); got != nil || len(p.idle) != 0 {
		t.Fatalf("retire of a still-listed worker: got a function %v, %d left idle; want none, 0", got != nil, len(p.idle))
	}
}
