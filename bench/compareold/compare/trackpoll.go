package compare

import (
	"context"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/cli"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/emr"
)

// pollTrackerConfig is the tracker of the polling row (loadgen's defaults but FullInterval).
func pollTrackerConfig(c Config) emr.TrackerConfig {
	return emr.TrackerConfig{Interval: cli.DefaultTrackInterval, FullInterval: c.TrackFullInterval}
}

// pollSettle is how long the polling row waits before counting: every job seen RUNNING,
// then the finish scan backed off to its longest interval.
func pollSettle(c Config) time.Duration {
	tc := pollTrackerConfig(c)
	return 10*tc.Interval + tc.QuietAfter()
}

// pollRowsTime is about how long runPollRows takes.
func pollRowsTime(c Config) time.Duration {
	return pollSettle(c) + c.TrackWindow + time.Duration(c.PollRounds)*c.PollInterval + 30*time.Second
}

// runPollRows puts LiveJobs live jobs on a fresh server with loadgen, counts loadgen's
// polling (--track-pods off) over TrackWindow, stops it, then counts PollRounds rounds of
// the old poll on the same jobs. Rows: old, loadgen poll.
func runPollRows(ctx context.Context, c Config, loadgen string, log io.Writer) ([]Tracking, error) {
	srv, err := startServer(ctx, loadgen, append(serverArgs, "--virtual-clusters", strconv.Itoa(c.TrackVCs))...)
	if err != nil {
		return nil, err
	}
	defer srv.stop()
	ours, err := trackPoll(ctx, c, loadgen, srv, log)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", ToolTrackPoll, err)
	}
	fmt.Fprintf(log, "  %s: %.2f ListJobRuns/min; running the old poll (%d rounds every %s) on the same jobs ...\n",
		ToolTrackPoll, ours.ListJobRunsPerMin, c.PollRounds, c.PollInterval)
	old, err := trackOld(ctx, c, srv)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", ToolTrackOld, err)
	}
	fmt.Fprintf(log, "  %s: %.2f ListJobRuns/min\n", ToolTrackOld, old.ListJobRunsPerMin)
	return []Tracking{old, ours}, nil
}

// trackPoll counts loadgen's ListJobRuns polls (what it does outside a cluster).
func trackPoll(ctx context.Context, c Config, loadgen string, srv *server, log io.Writer) (Tracking, error) {
	tc, settle := pollTrackerConfig(c), pollSettle(c)
	run, err := startTrackedRun(c, loadgen, srv, "bench-track-poll", settle+c.TrackWindow+time.Minute,
		"--track-pods", "off", "--track-full-interval", c.TrackFullInterval.String())
	if err != nil {
		return Tracking{}, err
	}
	t := Tracking{Tool: ToolTrackPoll, VCs: c.TrackVCs,
		How: fmt.Sprintf("`--track-pods off` (outside a cluster, or without pod read access): start scans every %s only where jobs are not yet RUNNING (none here once all run); finish scans (final states only, createdAfter) every %s-%s, at %s when no job finishes; counted over %s after %s of settling",
			tc.Interval, tc.FullMin(), tc.FullInterval, tc.FullInterval, c.TrackWindow, settle.Round(time.Second))}
	if _, err := srv.waitAccepted(ctx, int64(c.LiveJobs), time.Minute); err != nil {
		return t, run.stop(err)
	}
	fmt.Fprintf(log, "  %s: %d jobs accepted; settling %s, then counting %s (until ~%s)\n", ToolTrackPoll, c.LiveJobs,
		settle.Round(time.Second), c.TrackWindow, clock(time.Now().Add(settle+c.TrackWindow)))
	if err := sleepLogged(ctx, settle, log, ToolTrackPoll+" settling"); err != nil {
		return t, run.stop(err)
	}
	before, err := srv.stats(ctx)
	if err != nil {
		return t, run.stop(err)
	}
	start := time.Now()
	if err := sleepLogged(ctx, c.TrackWindow, log, ToolTrackPoll+" counting"); err != nil {
		return t, run.stop(err)
	}
	after, err := srv.stats(ctx)
	t.Window = time.Since(start)
	if err := run.stop(err); err != nil {
		return t, err
	}
	t.LiveJobs = int64(after.Live)
	t.ListJobRuns = after.Calls["ListJobRuns"] - before.Calls["ListJobRuns"]
	t.ListJobRunsPerMin, t.OtherPerMin = perMinute(before, after, t.Window.Minutes())
	return t, nil
}

// trackOld counts PollRounds rounds of the old toolkit's state poll (bench/oldtoolkit).
func trackOld(ctx context.Context, c Config, srv *server) (Tracking, error) {
	t := Tracking{Tool: ToolTrackOld, VCs: c.TrackVCs, Window: time.Duration(c.PollRounds) * time.Minute,
		How: "ListVirtualClusters, then ListJobRuns of every state without createdAfter per virtual cluster, all pages, every 60 s"}
	if c.PollInterval != DefaultPollInterval {
		t.How += fmt.Sprintf(" (measured rounds ran every %s; per minute = calls per round)", c.PollInterval)
	}
	before, err := srv.stats(ctx)
	if err != nil {
		return t, err
	}
	cmd := exec.CommandContext(ctx, c.Python, "state_poll.py", "--endpoint-url", srv.URL, "--cluster-name", localCluster,
		"--interval", secs(c.PollInterval), "--rounds", strconv.Itoa(c.PollRounds))
	cmd.Dir = filepath.Join(c.Repo, "bench", "oldtoolkit")
	cmd.Env, cmd.Stdout, cmd.Stderr = awsEnv(), &tailBuffer{}, &tailBuffer{}
	if _, err := measure(ctx, cmd); err != nil {
		return t, fmt.Errorf("old state poll: %w", err)
	}
	after, err := srv.stats(ctx)
	if err != nil {
		return t, err
	}
	t.LiveJobs = int64(after.Live)
	t.ListJobRuns = after.Calls["ListJobRuns"] - before.Calls["ListJobRuns"]
	// one round per minute in the old toolkit: calls per round are calls per minute
	t.ListJobRunsPerMin, t.OtherPerMin = perMinute(before, after, float64(c.PollRounds))
	return t, nil
}

// clock formats a local time of day for progress lines.
func clock(t time.Time) string { return t.Format("15:04:05") }
