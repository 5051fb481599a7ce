package compare

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"sync"
	"syscall"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/localemr"
)

// Tracking rows, as the results name them.
const (
	ToolTrackOld  = "old state poll"
	ToolTrackPoll = "loadgen ListJobRuns poll"
	ToolTrackPods = "loadgen pod watch"
)

// Tracking is what following LiveJobs live jobs costs one tool, counted by the servers.
type Tracking struct {
	Tool     string
	How      string
	LiveJobs int64 // live jobs on the server while counting
	VCs      int
	// ListJobRunsPerMin and OtherPerMin are EMR calls per minute counted by serve-local:
	// ListJobRuns, and every other API call (the old poll's ListVirtualClusters).
	ListJobRunsPerMin, OtherPerMin float64
	// ListJobRuns is the number of ListJobRuns calls counted (over Window).
	ListJobRuns int64
	Window      time.Duration // how long the calls were counted (old poll: PollRounds rounds)
	// Kube is the Kubernetes pod LIST and WATCH requests the kube-apiserver counted in the
	// window; nil where no API server is involved (the old poll, loadgen polling).
	Kube *KubeRequests
}

// KubePerMin is Kubernetes list + watch requests per minute ("n/a" rows: -1).
func (t Tracking) KubePerMin() float64 {
	if t.Kube == nil || t.Window <= 0 {
		return -1
	}
	return float64(t.Kube.List+t.Kube.Watch) / t.Window.Minutes()
}

// progressEvery is how often a long wait prints a line.
const progressEvery = 5 * time.Minute

// runTracking measures the three tracking rows concurrently (they are nearly idle), each on
// its own serve-local with LiveJobs live jobs over TrackVCs virtual clusters: loadgen polling
// then the old poll on the same jobs, and, beside them, loadgen's pod watch against a local
// control plane. Rows: old, loadgen poll, loadgen pod watch.
func runTracking(ctx context.Context, c Config, loadgen string, log io.Writer) ([]Tracking, error) {
	fmt.Fprintf(log, "tracking: %d live jobs over %d virtual clusters; loadgen polling + old poll (~%s) beside the pod watch (~%s) ...\n",
		c.LiveJobs, c.TrackVCs, pollRowsTime(c).Round(time.Minute), (c.PodWindow + podSettle + time.Minute).Round(time.Minute))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	var polls []Tracking
	var pods Tracking
	var pollErr, podErr error
	wg.Go(func() {
		if polls, pollErr = runPollRows(ctx, c, loadgen, log); pollErr != nil {
			cancel()
		}
	})
	wg.Go(func() {
		if pods, podErr = trackPods(ctx, c, loadgen, log); podErr != nil {
			cancel()
		}
	})
	wg.Wait()
	if pollErr != nil || podErr != nil {
		return nil, joinFirst(pollErr, podErr)
	}
	return append(polls, pods), nil
}

// joinFirst prefers a real error over the context cancellation it caused in the other row.
func joinFirst(a, b error) error {
	if a == nil || errors.Is(a, context.Canceled) && b != nil && !errors.Is(b, context.Canceled) {
		return b
	}
	return a
}

// perMinute divides the calls between two stats by minutes: ListJobRuns and all others.
func perMinute(before, after localemr.Stats, minutes float64) (ljr, other float64) {
	var total int64
	for op, n := range after.Calls {
		if op != "StartJobRun" && op != "ListJobRuns" {
			total += n - before.Calls[op]
		}
	}
	return float64(after.Calls["ListJobRuns"]-before.Calls["ListJobRuns"]) / minutes, float64(total) / minutes
}

// trackedRun is a loadgen run that submits LiveJobs jobs, then only tracks them.
type trackedRun struct {
	cmd    *exec.Cmd
	stderr *tailBuffer
	done   chan error
}

// startTrackedRun starts loadgen against srv: LiveJobs jobs in ~5 s round-robin over the
// virtual clusters, then tracking for long after; extra adds the tracking flags.
func startTrackedRun(c Config, loadgen string, srv *server, session string, trackFor time.Duration, extra ...string) (*trackedRun, error) {
	fill := float64(c.LiveJobs) / 5 // submit them all in ~5 s
	args := append(loadgenArgs(c, srv, session, c.LiveJobs), "--rate", rateFlag(fill),
		"--vc-policy", "round-robin", "--track-after", trackFor.String())
	cmd := exec.Command(loadgen, append(args, extra...)...)
	r := &trackedRun{cmd: cmd, stderr: &tailBuffer{}, done: make(chan error, 1)}
	cmd.Env, cmd.Stdout, cmd.Stderr = awsEnv(), &tailBuffer{}, r.stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting loadgen: %w", err)
	}
	go func() { r.done <- cmd.Wait() }()
	return r, nil
}

// stop interrupts loadgen (it drains and writes its report) and joins its exit error to err.
func (r *trackedRun) stop(err error) error {
	_ = r.cmd.Process.Signal(syscall.SIGINT)
	var stopErr error
	select {
	case stopErr = <-r.done:
	case <-time.After(time.Minute):
		_ = r.cmd.Process.Kill()
		stopErr = fmt.Errorf("loadgen did not stop within 1m of SIGINT: %w", <-r.done)
	}
	if ee := (*exec.ExitError)(nil); errors.As(stopErr, &ee) && ee.ExitCode() == 3 {
		stopErr = nil // exit 3: interrupted as asked, report written
	}
	if err == nil && stopErr == nil {
		return nil
	}
	if err == nil {
		err = stopErr
	}
	return fmt.Errorf("loadgen tracking run: %w; stderr ends:\n%s", err, r.stderr)
}

// sleepLogged waits d (or until ctx ends), printing a line every progressEvery.
func sleepLogged(ctx context.Context, d time.Duration, log io.Writer, what string) error {
	end := time.Now().Add(d)
	for {
		left := time.Until(end)
		if left <= 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(min(left, progressEvery)):
		}
		if left > progressEvery {
			fmt.Fprintf(log, "  %s: %s of %s done\n", what, (d - time.Until(end)).Round(time.Second), d)
		}
	}
}

// syncWriter serializes the progress lines of rows running concurrently.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}
