// Command compareold runs the side-by-side benchmark of the old Locust toolkit's submission
// path against loadgen (see bench/compareold/compare) and writes the markdown results.
//
// Submissions: the old path, loadgen in the open and the closed model, and two floor rows (a
// bare net/http POST and an aws-sdk-go-v2 StartJobRun loop, bench/compareold/floor) that show
// what one request per job costs on this machine. Tracking, concurrently: the old state poll,
// loadgen polling (--track-pods off) and loadgen watching driver pods (--track-pods on) in a
// local control plane it starts (etcd + kube-apiserver from scripts/testbin.sh build).
//
//	go run ./bench/compareold                     # full run: 2,000 jobs at 50/s, 1,000 live jobs (44 min on an idle 2-core VM, up to ~1.5 h on a busy one)
//	go run ./bench/compareold --jobs 200 --rate 10 --users 10 --track-window 30s --poll-interval 5s --pod-full-interval 1m
//	go run ./bench/compareold --tracking-only     # the tracking cost alone (~32 min: the pod watch is counted over its 30 min safety-net interval)
//
// Exit codes: 0 done (targets met or not: the results say), 1 the run failed, 2 bad flags.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/bench/compareold/compare"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:])
	switch {
	case err == nil || errors.Is(err, flag.ErrHelp):
		return
	case errors.Is(err, errUsage):
		fmt.Fprintln(os.Stderr, "compareold:", err)
		stop()
		os.Exit(2)
	}
	fmt.Fprintln(os.Stderr, "compareold:", err)
	stop()
	os.Exit(1)
}

var errUsage = errors.New("bad flags")

func run(ctx context.Context, args []string) error {
	var c compare.Config
	var out string
	fs := flag.NewFlagSet("compareold", flag.ContinueOnError)
	fs.IntVar(&c.Jobs, "jobs", compare.DefaultJobs, "submissions per tool")
	fs.Float64Var(&c.Rate, "rate", compare.DefaultRate, "target submissions per second")
	fs.IntVar(&c.Users, "users", compare.DefaultUsers, "closed model users (Locust and loadgen); think time = users/rate ± 20%")
	fs.IntVar(&c.Namespaces, "namespaces", compare.DefaultNamespaces, "virtual clusters the submissions spread over")
	fs.IntVar(&c.LiveJobs, "live-jobs", compare.DefaultLiveJobs, "tracking: live jobs")
	fs.IntVar(&c.TrackVCs, "track-vcs", compare.DefaultTrackVCs, "tracking: virtual clusters")
	fs.DurationVar(&c.TrackWindow, "track-window", compare.DefaultTrackWindow, "tracking: how long the polling row (loadgen --track-pods off) is counted, after settling")
	fs.DurationVar(&c.PollInterval, "poll-interval", compare.DefaultPollInterval, "tracking: the old poll's interval (old toolkit: 60s)")
	fs.DurationVar(&c.TrackFullInterval, "track-full-interval", 0, "tracking: the polling row's --track-full-interval (default: loadgen's when polling, 5m)")
	fs.DurationVar(&c.PodFullInterval, "pod-full-interval", 0, "tracking: the pod-watch row's --track-full-interval, its safety-net scan interval (default: loadgen's, 30m)")
	fs.DurationVar(&c.PodWindow, "pod-window", 0, "tracking: how long the pod-watch row is counted, at least --pod-full-interval (default: --pod-full-interval)")
	fs.BoolVar(&c.TrackingOnly, "tracking-only", false, "run only the tracking measurement (no Locust needed)")
	fs.IntVar(&c.PollRounds, "poll-rounds", compare.DefaultPollRounds, "tracking: old poll rounds counted")
	fs.StringVar(&c.Locust, "locust", compare.DefaultLocust, "locust binary (Debian python3-locust)")
	fs.StringVar(&c.AWS, "aws", compare.DefaultAWS, "aws CLI binary (Debian awscli)")
	fs.StringVar(&c.Loadgen, "loadgen", "", "loadgen binary (default: go build -o into the work dir)")
	fs.StringVar(&c.WorkDir, "work-dir", "", "scratch directory (default: a new temporary one, removed at the end)")
	fs.StringVar(&out, "out", "", "results markdown (default: bench/results/compare-old-<date>.md)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	repo, err := os.Getwd()
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(repo, "bench", "oldtoolkit", "locustfile.py")); err != nil {
		return fmt.Errorf("%w: run from the repository root (no bench/oldtoolkit/locustfile.py here)", errUsage)
	}
	c.Repo = repo
	if c.WorkDir == "" {
		if c.WorkDir, err = os.MkdirTemp("", "compareold-"); err != nil {
			return err
		}
		defer os.RemoveAll(c.WorkDir)
	}
	if out == "" {
		kind := "compare-old-"
		if c.TrackingOnly {
			kind = "compare-old-tracking-"
		}
		out = filepath.Join(repo, "bench", "results", kind+time.Now().UTC().Format("2006-01-02")+".md")
	}
	if err := c.Defaults().Validate(); err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	return compareAndWrite(ctx, c, out)
}

func compareAndWrite(ctx context.Context, c compare.Config, out string) error {
	r, err := compare.Run(ctx, c, os.Stderr)
	if err != nil {
		return err
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	r.WriteMarkdown(f)
	if err := f.Close(); err != nil {
		return err
	}
	r.WriteMarkdown(os.Stdout)
	fmt.Fprintln(os.Stderr, "results written to", out)
	return nil
}
