package cli

import (
	"context"
	"flag"
	"fmt"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/emr"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/engine"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/runner"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/template"
)

// preparer builds a run of one target from the validated flags.
type preparer func(ctx context.Context, r *runFlags, set map[string]bool, fs *flag.FlagSet, load runner.Config, env Env) (*prepared, error)

// preparers: one path per --target value (checkTarget refuses any other).
// emr and local share one: the inputs select which (outputs or --endpoint: emr).
var preparers = map[string]preparer{"": prepareEMR, "emr": prepareEMR, "local": prepareEMR, "operator": prepareOperator}

// prepareTarget builds the run of the target --target names.
func prepareTarget(ctx context.Context, r *runFlags, set map[string]bool, fs *flag.FlagSet, load runner.Config, env Env) (*prepared, error) {
	return preparers[r.targetKind](ctx, r, set, fs, load, env)
}

// prepareEMR builds a run of the emr or local target: template, outputs,
// endpoint and clients, virtual clusters, and how job runs are tracked.
func prepareEMR(ctx context.Context, r *runFlags, set map[string]bool, fs *flag.FlagSet, load runner.Config, env Env) (*prepared, error) {
	tmpl, err := loadTemplate(r.template, r.targetKind)
	if err != nil {
		return nil, err
	}
	tmpl = tmpl.WithOverrides(templateOverrides(r, set))
	st, have, err := loadOutputs(ctx, r.target, env.Stdin)
	if err != nil {
		return nil, err
	}
	tgt, err := resolveTarget(ctx, r.target, r.local, set, st, have)
	if err != nil {
		return nil, err
	}
	p, err := emrRun(r, set, fs, tgt, load, tmpl)
	if err == nil {
		p.emr.Tracking.Pods, err = podTracking(r, tgt, env.getenv, env.Stderr)
	}
	if err != nil {
		tgt.close()
		return nil, err
	}
	return p, nil
}

// emrRun checks what an EMR run needs and builds its session.
func emrRun(r *runFlags, set map[string]bool, fs *flag.FlagSet, tgt *target, load runner.Config, tmpl *template.Template) (*prepared, error) {
	if r.targetKind != "" && r.targetKind != tgt.kind {
		return nil, usagef("--target %s, but the inputs select %s: the emr target needs --outputs/--stack, --endpoint or --virtual-clusters; local needs none of them", r.targetKind, tgt.kind)
	}
	switch {
	case r.createVCs && (tgt.cluster == "" || len(tgt.createOn) == 0):
		return nil, usagef("--create-virtual-clusters needs --cluster-name and --namespaces (or outputs clusterName and jobNamespaces)")
	case !r.createVCs && len(tgt.vcs) == 0:
		return nil, usagef("no virtual cluster to submit to: give --virtual-clusters, outputs with virtualClusterIds, or --create-virtual-clusters")
	case !r.createVCs && tgt.kind != "local" && tgt.vars.ExecutionRoleARN == "" && tmpl.Fixed("executionRoleArn") == "":
		return nil, usagef("no execution role: give --execution-role-arn or outputs with emrExecutionRoleArn")
	}
	et := &emr.Target{API: tgt.client, Control: tgt.control, Template: tmpl,
		Tracking: emr.TrackerConfig{Interval: r.trackInterval, FullInterval: r.trackFullInterval}}
	if !set["track-full-interval"] {
		et.Tracking.FullInterval = 0 // the tracker's default for its mode: 5m polling, 30m with the pod watch
	}
	if r.createVCs {
		et.CreateOn, et.EKSCluster = tgt.createOn, tgt.cluster
	}
	p, err := session(r, set, fs, tgt, load, tmpl.Name(), tgt.vars, tgt.vcs, et)
	if err != nil {
		return nil, err
	}
	p.emr = et
	return p, trialRender(p.cfg)
}

// session builds the engine's session of any target.
func session(r *runFlags, set map[string]bool, fs *flag.FlagSet, tgt *target, load runner.Config, tmplName string,
	vars job.Vars, vcs []engine.VC, t engine.Target) (*prepared, error) {
	place, err := placement(r, tgt)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUsage, err)
	}
	plan := planMap(fs, set, tgt.kind)
	plan["template"], plan["duration"] = tmplName, r.duration.String()
	if load.Pacer == nil {
		plan["model"] = fmt.Sprintf("closed: %d users, spawn %g/s, think %s", r.users, r.spawnRate, load.Think)
	} else {
		plan["model"] = "open: " + r.rate + r.stages
	}
	cfg := engine.Config{Session: r.session, Kind: tgt.kind, RunsDir: r.runsDir, Plan: plan, Load: load,
		Vars: vars, Placement: place, VCs: vcs, Target: t, TrackAfter: r.trackAfter,
		CallTimeout: r.callTimeout, RetryGrace: r.retryGrace}
	return &prepared{flags: r, cfg: cfg, tgt: tgt}, nil
}

// trialRender renders job 0 so a template that cannot render fails before
// the first submission.
func trialRender(cfg engine.Config) error {
	if _, err := engine.Render(cfg, 0); err != nil {
		return usagef("--template %s: %v", cfg.Plan["template"], err)
	}
	return nil
}
