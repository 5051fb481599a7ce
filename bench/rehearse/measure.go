package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/rehearse"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/rehearse/clusterreport"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/localemr"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/pace"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/plan"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/stackconfig"
)

// rehearseOwn are `loadgen rehearse`'s own flags (all take a value); the
// plan gets the rest.
var rehearseOwn = []string{"time-scale", "node-start-delay", "settle", "local-run-time", "local-fail-ratio", "local-seed"}

func buildLoadgen(ctx context.Context, dir string) (string, error) {
	bin := filepath.Join(dir, "loadgen")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./loadgen")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go build ./loadgen: %w", err)
	}
	return bin, nil
}

func measure(ctx context.Context, o options, tmp string) (*result, error) {
	res := &result{Name: o.name, Args: o.args, Commit: gitCommit(ctx), Start: time.Now()}
	var err error
	if res.Config, err = stackConfig(o.args); err != nil {
		return nil, err
	}
	runTime, err := scaledRunTime(o.args)
	if err != nil {
		return nil, err
	}
	start, err := scaledStartDelay(o.args)
	if err != nil {
		return nil, err
	}
	res.NodeStart = start
	pargs := append(without(o.args, rehearseOwn), "--expected-run-time="+runTime.String(), "--node-start-delay="+start.String())
	if res.Plan, err = planJSON(ctx, o.loadgen, pargs); err != nil {
		return nil, err
	}
	dir := o.replay
	if dir == "" {
		session := fmt.Sprintf("bench-%s-%s", o.name, res.Start.UTC().Format("150405"))
		if err := rehearseRun(ctx, o, tmp, session, res); err != nil {
			return nil, err
		}
		dir = filepath.Join(o.runsDir, session)
	} else {
		res.Notes = append(res.Notes, "replayed from "+dir+": the plan is today's, the rehearsal's figures are those saved; machine load and kube-apiserver latency were not re-measured")
	}
	if err := res.readOutputs(dir); err != nil {
		return nil, err
	}
	if o.replay != "" {
		res.Start = res.RunStart
	}
	if res.Jobs.InFlight > 0 && res.Plan.PeakRatePerMin > 0 {
		// the same arrivals (so the same Karpenter batch), the run time
		// stretched so that run time + node wait = the observed peak / rate
		w := time.Duration(float64(res.Jobs.InFlight) / res.Plan.PeakRatePerMin * float64(time.Minute))
		w = max(w-durationOf(res.Plan.NodeWaitText), time.Second).Round(time.Millisecond)
		re := append(without(pargs, []string{"expected-run-time"}), "--expected-run-time="+w.String())
		if res.Replan, err = planJSON(ctx, o.loadgen, re); err != nil {
			return nil, err
		}
	}
	return res, nil
}

func rehearseRun(ctx context.Context, o options, tmp, session string, res *result) error {
	cpRoot := filepath.Join(tmp, "cp")
	if err := os.MkdirAll(cpRoot, 0o755); err != nil {
		return err
	}
	log, err := os.Create(filepath.Join(tmp, "rehearse.log"))
	if err != nil {
		return err
	}
	defer log.Close()
	started, at := &atomic.Bool{}, &atomic.Int64{}
	args := append([]string{"rehearse"}, o.args...)
	args = append(args, "--session="+session, "--runs-dir="+o.runsDir)
	cmd := exec.CommandContext(ctx, o.loadgen, args...)
	cmd.Env = append(os.Environ(), "TESTENV_RUN_ROOT="+cpRoot)
	cmd.Stdout = io.MultiWriter(log, os.Stderr)
	cmd.Stderr = io.MultiWriter(log, os.Stderr, lineWatch{marker: "[rehearse] endpoint", flag: started, at: at})
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGINT) }
	cmd.WaitDelay = 2 * time.Minute
	m := &monitor{cpRoot: cpRoot, every: o.scrapeEvery, planStarted: started}
	mctx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); m.run(mctx) }()
	runErr := cmd.Run()
	stop()
	<-done
	res.End = time.Now()
	res.PlanStart = time.Unix(0, at.Load())
	res.Load, res.Scrapes, res.Notes = m.snapshot()
	res.CPU, res.CPUWall = m.cpuUse()
	if runErr != nil {
		// a breached threshold exits 4 and still writes the reports
		res.Notes = append(res.Notes, "loadgen rehearse: "+runErr.Error())
	}
	return nil
}

func planJSON(ctx context.Context, loadgen string, args []string) (*plan.Plan, error) {
	var out, errb bytes.Buffer
	cmd := exec.CommandContext(ctx, loadgen, append([]string{"plan", "--json"}, args...)...)
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("loadgen plan %s: %w\n%s", strings.Join(args, " "), err, errb.String())
	}
	var p plan.Plan
	if err := json.Unmarshal(out.Bytes(), &p); err != nil {
		return nil, fmt.Errorf("loadgen plan --json: %w", err)
	}
	return &p, nil
}

// scaledRunTime is the mean of rehearse's --local-run-time (its default
// localemr.DefaultRunTime, run's and plan's) over --time-scale: the plan's W
// for the rehearsal as run.
func scaledRunTime(args []string) (time.Duration, error) {
	rt, ok := flagValue(args, "local-run-time")
	if !ok {
		rt = localemr.DefaultRunTime
	}
	th, err := pace.ParseThink(rt)
	if err != nil {
		return 0, fmt.Errorf("--local-run-time %q: %w", rt, err)
	}
	scale := 1.0
	if s, ok := flagValue(args, "time-scale"); ok {
		if _, err := fmt.Sscan(s, &scale); err != nil || scale < 1 {
			return 0, fmt.Errorf("--time-scale %q: want a number >= 1", s)
		}
	}
	return time.Duration(float64((th.Min+th.Max)/2) / scale).Round(time.Millisecond), nil
}

// scaledStartDelay is rehearse's --node-start-delay (its default 45 s) over
// --time-scale: what the plan's node start delay is for the rehearsal as run.
func scaledStartDelay(args []string) (time.Duration, error) {
	d := plan.DefaultNodeStartDelay
	if v, ok := flagValue(args, "node-start-delay"); ok {
		var err error
		if d, err = time.ParseDuration(v); err != nil {
			return 0, fmt.Errorf("--node-start-delay %q: %w", v, err)
		}
	}
	return time.Duration(float64(d) / timeScale(args)).Round(time.Millisecond), nil
}

// timeScale is rehearse's --time-scale (1 when absent or malformed:
// scaledRunTime reports the malformed value).
func timeScale(args []string) float64 {
	scale := 1.0
	if s, ok := flagValue(args, "time-scale"); ok {
		if _, err := fmt.Sscan(s, &scale); err != nil || scale < 1 {
			return 1
		}
	}
	return scale
}

func stackConfig(args []string) (stackconfig.Config, error) {
	if s, ok := flagValue(args, "stack"); ok {
		cfg, _, err := rehearse.LoadStack(".", s)
		return cfg, err
	}
	preset, ok := flagValue(args, "preset")
	if !ok {
		preset = "dev"
	}
	cfg, _, err := rehearse.PresetConfig(preset, "us-west-2")
	return cfg, err
}

// flagValue is --name's value in args (--name=v or --name v).
func flagValue(args []string, name string) (string, bool) {
	for i, a := range args {
		n, v, has := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || n != name {
			continue
		}
		if !has && i+1 < len(args) {
			v = args[i+1]
		}
		return v, true
	}
	return "", false
}

// without drops the named flags (each with its value) from args.
func without(args, names []string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		n, _, has := strings.Cut(strings.TrimLeft(args[i], "-"), "=")
		if strings.HasPrefix(args[i], "-") && contains(names, n) {
			if !has {
				i++
			}
			continue
		}
		out = append(out, args[i])
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func gitCommit(ctx context.Context) string {
	out, err := exec.CommandContext(ctx, "git", "rev-parse", "--short", "HEAD").Output()
	if err != nil {
		return "unknown"
	}
	return strings.TrimSpace(string(out))
}

// readCluster decodes cluster.json.
func readCluster(dir string) (clusterreport.Section, error) {
	var s clusterreport.Section
	b, err := os.ReadFile(filepath.Join(dir, "cluster.json"))
	if err != nil {
		return s, err
	}
	return s, json.Unmarshal(b, &s)
}
