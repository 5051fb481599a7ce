// Command rehearse measures one `loadgen rehearse` run for bench/README.md
// ("Rehearsal", "Plan accuracy"): whether the plan held real time (schedule
// lag, late and dropped submissions from report.json), the control plane's
// own latency for mutating calls (kube-apiserver's
// apiserver_request_duration_seconds, scraped from the rehearsal's API
// server while it runs, p99 per resource and verb against the 1 s SLO), the
// machine's load average, and `loadgen plan`'s predicted peak nodes per
// NodePool against what Karpenter launched (the Node objects) and against
// a plan made at the concurrency the run really reached.
//
//	go run ./bench/rehearse --name dev-default -- --preset dev --time-scale 10
//
// Everything after -- goes to `loadgen rehearse` (and, less its own flags,
// to `loadgen plan`). Results: bench/results/rehearse-<date>-<name>.md and
// stdout. Run from the repository root, by hand (not in CI): a run takes
// as long as its plan.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"time"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "bench/rehearse:", err)
		os.Exit(1)
	}
}

type options struct {
	name, loadgen, outDir, runsDir string
	replay                         string // a finished rehearsal's folder: re-plan and compare, run nothing
	scrapeEvery                    time.Duration
	args                           []string
}

func run(argv []string) error {
	var o options
	fs := flag.NewFlagSet("bench/rehearse", flag.ContinueOnError)
	fs.StringVar(&o.name, "name", "run", "short name of the scenario (in the result file's name)")
	fs.StringVar(&o.loadgen, "loadgen", "", "loadgen binary (default: go build ./loadgen into a temporary folder)")
	fs.StringVar(&o.outDir, "out", "bench/results", "folder for rehearse-<date>-<name>.md")
	fs.StringVar(&o.runsDir, "runs-dir", "", "runs folder for the rehearsal's reports (default: a temporary folder)")
	fs.StringVar(&o.replay, "replay", "", "a finished rehearsal's folder (report.json, jobs.csv, cluster.json; kept with --runs-dir): compare today's plan with it, run nothing (the scenario's arguments after -- as when it ran)")
	fs.DurationVar(&o.scrapeEvery, "scrape-every", 20*time.Second, "kube-apiserver /metrics scrape interval")
	if err := fs.Parse(argv); err != nil {
		return err
	}
	o.args = fs.Args()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	tmp, err := os.MkdirTemp("", "bench-rehearse-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if o.runsDir == "" {
		o.runsDir = filepath.Join(tmp, "runs")
	}
	if o.loadgen == "" {
		if o.loadgen, err = buildLoadgen(ctx, tmp); err != nil {
			return err
		}
	}
	res, err := measure(ctx, o, tmp)
	if err != nil {
		return err
	}
	text := res.markdown()
	fmt.Print(text)
	kind := "rehearse"
	if o.replay != "" {
		kind = "replay"
	}
	file := filepath.Join(o.outDir, fmt.Sprintf("%s-%s-%s.md", kind, res.Start.UTC().Format("20060102"), o.name))
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		return err
	}
	fmt.Fprintln(os.Stderr, "bench/rehearse: wrote", file)
	return nil
}
