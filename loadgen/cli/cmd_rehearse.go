package cli

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/capacity"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/karpenter"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/rehearse"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/rehearse/clusterreport"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/twin"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/engine"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/localemr"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/sparksim"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/stacks"
)

// Placeholders for what a stack's outputs would give a run; nothing here
// reaches AWS.
const (
	rehearseRole   = "arn:aws:iam::123456789012:role/rehearsal-execution"
	rehearseBucket = "rehearsal"
)

// Rehearse is `loadgen rehearse`: the twin cluster, its pod-backed EMR
// endpoint and Spark simulator, then the normal run against it, then the
// cluster section; everything is stopped on return (also on Ctrl-C).
func Rehearse(ctx context.Context, args []string, env Env) error {
	f, rest, err := splitRehearseArgs(args, env.Stderr)
	if err != nil {
		return err
	}
	cfg, err := f.config(env)
	if err != nil {
		return err
	}
	if err := rehearse.MissingBinaries(); err != nil {
		return fmt.Errorf("%w\n(scripts/testbin.sh build builds them; it prints what it builds and how long it took last time)", err)
	}
	// Everything below must be stopped even after Ctrl-C cancelled ctx.
	bg := context.WithoutCancel(ctx)
	c, err := rehearse.Start(ctx, rehearse.Options{Config: cfg, Prices: rehearse.TablePrices,
		NodeStartDelay: f.startDelay(), TimeScale: f.timeScale, Progress: env.Stderr})
	if err != nil {
		return err
	}
	defer c.Stop()
	namespaces := cfg.EMR.JobNamespaces()
	coll := clusterreport.New()
	collCtx, stopColl := context.WithCancel(bg)
	defer stopColl()
	if err := coll.Start(collCtx, c.CP.Client(), c.CP.Dynamic(), namespaces); err != nil {
		return err
	}
	url, vcs, closeEndpoint, err := startRehearsalEndpoint(bg, c, f, namespaces, env)
	if err != nil {
		return err
	}
	defer closeEndpoint()
	runArgs, session, runsDir := rehearsalRunArgs(rest, f, c, cfg, url, vcs)
	fmt.Fprintf(env.Stderr, "[rehearse] endpoint %s, %d job namespaces; running the plan (session %s)\n", url, len(namespaces), session)
	runErr := Run(ctx, runArgs, env)
	settle(ctx, f.settle, env)
	dir := engine.Dir(runsDir, session)
	if err := writeClusterSection(dir, coll, f, cfg); err != nil {
		return errors.Join(runErr, err)
	}
	fmt.Fprintf(env.Stderr, "[rehearse] cluster section: %s, %s\n", filepath.Join(dir, "cluster.json"), filepath.Join(dir, "cluster.html"))
	return runErr
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

func (f *rehearseFlags) config(env Env) (stacks.Config, error) {
	var (
		cfg   stacks.Config
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

// startRehearsalEndpoint serves emr-containers on loopback with job runs
// as driver pods on the twin (localemr's pod backend), and the Spark
// simulator that adds and removes executors.
func startRehearsalEndpoint(ctx context.Context, c *rehearse.Cluster, f *rehearseFlags, namespaces []string, env Env) (string, []string, func(), error) {
	backend, err := localemr.NewPodBackend(c.CP.Config(), localemr.PodBackendOptions{TimeScale: f.timeScale, Log: env.Stderr})
	if err != nil {
		return "", nil, nil, err
	}
	lc := localemr.Config{Region: c.Region(), PodBackend: backend, FailRatio: f.failRatio, Seed: f.seed}
	if lc.RunTime, err = localemr.ParseDist(f.runTime); err != nil {
		return "", nil, nil, usagef("--local-run-time %q: %v", f.runTime, err)
	}
	var vcs []string
	for i, ns := range namespaces {
		id := fmt.Sprintf("rehearsal%d", i+1)
		lc.VirtualClusters = append(lc.VirtualClusters, localemr.VirtualCluster{ID: id, Name: "rehearsal-" + ns, Namespace: ns})
		vcs = append(vcs, ns+"="+id)
	}
	srv, err := localemr.New(lc)
	if err != nil {
		return "", nil, nil, fmt.Errorf("rehearsal endpoint: %w", err)
	}
	simCtx, stopSim := context.WithCancel(ctx)
	done := make(chan struct{})
	closeAll := func() {
		stopSim()
		<-done
		_ = srv.Close()
	}
	go func() {
		defer close(done)
		_ = sparksim.Run(simCtx, c.CP.Client(), sparksim.Options{Namespaces: namespaces, Log: env.Stderr})
	}()
	if err := backend.Start(ctx); err != nil {
		closeAll()
		return "", nil, nil, fmt.Errorf("rehearsal endpoint: %w", err)
	}
	url, err := srv.Start("127.0.0.1:0")
	if err != nil {
		closeAll()
		return "", nil, nil, fmt.Errorf("rehearsal endpoint: %w", err)
	}
	return url, vcs, closeAll, nil
}

// rehearsalRunArgs are the user's run flags plus the rehearsal's target;
// placement defaults to the stack's pools and scheduler unless given.
func rehearsalRunArgs(rest []string, f *rehearseFlags, c *rehearse.Cluster, cfg stacks.Config, url string, vcs []string) ([]string, string, string) {
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

func writeClusterSection(dir string, coll *clusterreport.Collector, f *rehearseFlags, cfg stacks.Config) error {
	prices := func(typ, capType string) (float64, error) {
		p, err := capacity.PriceOf(cfg.Region, typ)
		if capType == "spot" {
			return p.SpotUSDPerHour, err
		}
		return p.OnDemandUSDPerHour, err
	}
	s := clusterreport.Summarize(coll.Snapshot(), time.Now(), prices)
	s.TimeScale, s.PriceSource = f.timeScale, capacity.PriceSource
	if err := clusterreport.WriteJSON(filepath.Join(dir, "cluster.json"), s); err != nil {
		return err
	}
	return clusterreport.WriteHTML(filepath.Join(dir, "cluster.html"), s)
}
