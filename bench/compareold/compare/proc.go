package compare

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// rssSampleEvery is how often the process tree's resident memory is summed.
const rssSampleEvery = 100 * time.Millisecond

// Usage is what one tool's process tree cost.
type Usage struct {
	// CPU is user + system time of the process and every descendant it waited for (wait4
	// rusage), so the AWS CLI processes that Locust's users spawn are included.
	CPU time.Duration
	// PeakTreeRSS is the largest sum of resident memory over the process and all its live
	// descendants, sampled every rssSampleEvery from /proc, in bytes.
	PeakTreeRSS int64
	// Wall is the process's wall-clock lifetime.
	Wall time.Duration
}

// measure runs cmd to completion, sampling its process tree's memory, and returns its usage.
// A non-zero exit is an error carrying the tail of stderr when cmd.Stderr is a *tailBuffer.
func measure(ctx context.Context, cmd *exec.Cmd) (Usage, error) {
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return Usage{}, fmt.Errorf("starting %s: %w", filepath.Base(cmd.Path), err)
	}
	var peak int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() { peak = samplePeakRSS(cmd.Process.Pid, stop) })
	err := cmd.Wait()
	close(stop)
	wg.Wait()
	u := Usage{PeakTreeRSS: peak, Wall: time.Since(start)}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		u.CPU = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	if err != nil {
		return u, fmt.Errorf("%s: %w%s", filepath.Base(cmd.Path), errors.Join(err, ctx.Err()), stderrTail(cmd))
	}
	return u, nil
}

func samplePeakRSS(pid int, stop <-chan struct{}) int64 {
	t := time.NewTicker(rssSampleEvery)
	defer t.Stop()
	var peak int64
	for {
		peak = max(peak, treeRSS(pid))
		select {
		case <-stop:
			return peak
		case <-t.C:
		}
	}
}

// treeRSS sums the resident memory of pid and its descendants, in bytes.
func treeRSS(pid int) int64 {
	children := map[int][]int{}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if pp, ok := parentOf(p); ok {
			children[pp] = append(children[pp], p)
		}
	}
	var sum int64
	for todo := []int{pid}; len(todo) > 0; {
		p := todo[len(todo)-1]
		todo = append(todo[:len(todo)-1], children[p]...)
		sum += rssOf(p)
	}
	return sum
}

// parentOf reads the parent pid from /proc/<pid>/stat (field 4, after the parenthesised name).
func parentOf(pid int) (int, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, false
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, false
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 2 {
		return 0, false
	}
	pp, err := strconv.Atoi(f[1])
	return pp, err == nil
}

// rssOf reads resident pages from /proc/<pid>/statm, in bytes (0 if the process is gone).
func rssOf(pid int) int64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return 0
	}
	pages, _ := strconv.ParseInt(f[1], 10, 64)
	return pages * int64(os.Getpagesize())
}

// tailBuffer keeps the last tailBytes written to it (a process's stderr for error messages).
type tailBuffer struct {
	mu sync.Mutex
	b  []byte
}

const tailBytes = 2000

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if len(t.b) > tailBytes {
		t.b = t.b[len(t.b)-tailBytes:]
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.b)
}

func stderrTail(cmd *exec.Cmd) string {
	if t, ok := cmd.Stderr.(*tailBuffer); ok && t.String() != "" {
		return "; stderr ends:\n" + t.String()
	}
	return ""
}
