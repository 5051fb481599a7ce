package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/rehearse"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/rehearse/clusterreport"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/twin"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/engine"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/karpenter"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/stackconfig"
)

// Placeholders for what a stack's outputs would give a run; nothing here
// reaches AWS.
const (
	rehearseRole   = "arn:aws:iam::123456789012:role/rehearsal-execution"
	rehearseBucket = "rehearsal"
)

// Rehearse is `loadgen rehearse`: the twin cluster, its pod-backed EMR
// endpoint and Spark simulator, then the normal run against it, then the
// cluster section (with the plan beside it) in report.json and
// report.html; with --compare the same plan again on a fresh twin with one
// thing changed, side by side. Everything started is stopped on return
// (also on Ctrl-C).
func Rehearse(ctx context.Context, args []string, env Env) error {
	f, rest, err := splitRehearseArgs(args, env.Stderr)
	if err != nil {
		return err
	}
	cfg, err := f.config(env)
	if err != nil {
		return err
	}
	if err := f.checkCompare(cfg); err != nil {
		return err
	}
	if err := rehearse.MissingBinaries(); err != nil {
		return fmt.Errorf("%w\n(scripts/testbin.sh build builds them; it prints what it builds and how long it took last time)", err)
	}
	this, err := rehearseOnce(ctx, f, cfg, rest, env)
	if err != nil {
		return err
	}
	if shouldCompare(ctx, f, this) {
		other, err := rehearseOnce(ctx, f, cfg, compareArgs(rest, this.session), env)
		if err != nil {
			return errors.Join(this.runErr, fmt.Errorf("--compare %s: %w", f.compare, err))
		}
		this.report.Compare = compareSides(f.compare, this, other)
		if err := finishReports(other, Env{Stdout: io.Discard, Stderr: env.Stderr, Getenv: env.Getenv}); err != nil {
			return errors.Join(this.runErr, err)
		}
		printComparison(env.Stdout, this.report.Compare)
	}
	if err := finishReports(this, env); err != nil {
		return errors.Join(this.runErr, err)
	}
	return this.runErr
}

// shouldCompare is whether --compare runs its second rehearsal: not after
// Ctrl-C, nor when the first run was refused as bad input (the second would
// be refused too, and the comparison would set a run of no jobs beside one).
func shouldCompare(ctx context.Context, f *rehearseFlags, this *rehearsal) bool {
	return f.compare != "" && ctx.Err() == nil && !errors.Is(this.runErr, ErrUsage)
}

// rehearseHooks let a tier-2 test look at the twin's API server while it
// is up: started once it is up, done after the settle period and the
// section (before anything is stopped). Nil outside tests.
var rehearseHooks struct {
	started func(*rehearse.Cluster)
	done    func(*rehearse.Cluster, *rehearsal, *rehearsalEndpoint)
}

// rehearsal is one rehearsed run: its directory, cluster section and
// the run's own error (a failed or breached run still has a report).
type rehearsal struct {
	dir, session string
	runArgs      []string
	report       *clusterreport.Report
	runErr       error
}

// rehearseOnce brings up a fresh twin, runs the plan against it, settles
// and summarises the cluster; the twin is stopped on return.
func rehearseOnce(ctx context.Context, f *rehearseFlags, cfg stackconfig.Config, rest []string, env Env) (*rehearsal, error) {
	// Everything below must be stopped even after Ctrl-C cancelled ctx.
	bg := context.WithoutCancel(ctx)
	c, err := rehearse.Start(ctx, rehearse.Options{Config: cfg, Prices: rehearse.TablePrices,
		NodeStartDelay: f.startDelay(), TimeScale: f.timeScale, Progress: env.Stderr})
	if err != nil {
		return nil, err
	}
	defer c.Stop()
	if rehearseHooks.started != nil {
		rehearseHooks.started(c)
	}
	namespaces := cfg.EMR.JobNamespaces()
	coll := clusterreport.New()
	collCtx, stopColl := context.WithCancel(bg)
	defer stopColl()
	if err := coll.Start(collCtx, c.CP.Client(), c.CP.Dynamic(), namespaces); err != nil {
		return nil, err
	}
	ep, err := startRehearsalEndpoint(bg, c, f, namespaces, env)
	if err != nil {
		return nil, err
	}
	defer ep.close()
	runArgs, session, runsDir := rehearsalRunArgs(rest, f, c, cfg, ep.url, ep.vcs)
	fmt.Fprintf(env.Stderr, "[rehearse] endpoint %s, %d job namespaces; running the plan (session %s)\n", ep.url, len(namespaces), session)
	r := &rehearsal{dir: engine.Dir(runsDir, session), session: session, runArgs: runArgs}
	r.runErr = Run(ctx, runArgs, env)
	settle(ctx, f.settle, env)
	r.report = clusterSection(coll, f, cfg, runArgs, env)
	if rehearseHooks.done != nil {
		rehearseHooks.done(c, r, ep)
	}
	return r, nil
}

// settle waits d (cut short by Ctrl-C) while the collector keeps
// watching Karpenter scale the idle nodes down.
func settle(ctx context.Context, d time.Duration, env Env) {
	if d <= 0 || ctx.Err() != nil {
		return
	}
	fmt.Fprintf(env.Stderr, "[rehearse] settling %v: watching Karpenter consolidate (Ctrl-C ends it)\n", d)
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}

func (f *rehearseFlags) config(env Env) (stackconfig.Config, error) {
	var (
		cfg   stackconfig.Config
		notes []string
		err   error
	)
	if f.stack != "" {
		cfg, notes, err = rehearse.LoadStack(".", f.stack)
	} else {
		cfg, notes, err = rehearse.PresetConfig(f.preset, firstNonEmpty(f.region, twin.Region))
		if err != nil {
			err = usagef("--preset %q: %v", f.preset, err)
		}
	}
	if err != nil {
		return cfg, err
	}
	if f.region != "" {
		cfg.Region = f.region
	}
	if cfg.Region == "" {
		cfg.Region = twin.Region
	}
	if !cfg.Autoscaling.Karpenter() {
		return cfg, usagef("--stack %s: %v", firstNonEmpty(f.stack, "(preset "+f.preset+")"), rehearse.ErrCAS)
	}
	for _, n := range notes {
		fmt.Fprintf(env.Stderr, "[rehearse] note: %s\n", n)
	}
	return cfg, nil
}

func (f *rehearseFlags) startDelay() time.Duration {
	if f.nodeStartDelay == 0 {
		return -1 // none
	}
	return f.nodeStartDelay
}

// rehearsalRunArgs are the user's run flags plus the rehearsal's target;
// placement defaults to the stack's pools and scheduler unless given.
func rehearsalRunArgs(rest []string, f *rehearseFlags, c *rehearse.Cluster, cfg stackconfig.Config, url string, vcs []string) ([]string, string, string) {
	session, ok := argValue(rest, "session")
	if !ok {
		session = NewSessionID(time.Now())
	}
	runsDir, ok := argValue(rest, "runs-dir")
	if !ok {
		runsDir = DefaultRunsDir
	}
	defaults := map[string]string{
		"session": session, "endpoint": url, "region": c.Region(), "virtual-clusters": strings.Join(vcs, ","),
		"execution-role-arn": rehearseRole, "bucket": rehearseBucket, "kubeconfig": c.CP.Kubeconfig,
		"track-pods": TrackPodsOn, "azs": strings.Join(twin.Zones(cfg), ","),
	}
	if cfg.Autoscaling.Karpenter() {
		defaults["driver-nodepool"], defaults["executor-nodepool"] = karpenter.DriverPool, karpenter.ExecutorPool
	}
	if c.SchedulerName != "" {
		defaults["scheduler-name"] = c.SchedulerName
	}
	return withDefaults(rest, defaults), session, runsDir
}

// withDefaults appends --name=value for every default the args lack.
func withDefaults(args []string, defaults map[string]string) []string {
	out := append([]string(nil), args...)
	names := make([]string, 0, len(defaults))
	for n := range defaults {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		if !argGiven(args, n) {
			out = append(out, "--"+n+"="+defaults[n])
		}
	}
	return out
}
