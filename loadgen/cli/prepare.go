package cli

import (
	"flag"
	"fmt"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/engine"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/runner"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/template"
)

func finishPrepare(r *runFlags, set map[string]bool, fs *flag.FlagSet, tgt *target, load runner.Config, tmpl *template.Template) (*prepared, error) {
	place, err := placement(r, tgt)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUsage, err)
	}
	if r.createVCs && (tgt.cluster == "" || len(tgt.createOn) == 0) {
		return nil, usagef("--create-virtual-clusters needs --cluster-name and --namespaces (or outputs clusterName and jobNamespaces)")
	}
	if !r.createVCs && len(tgt.vcs) == 0 {
		return nil, usagef("no virtual cluster to submit to: give --virtual-clusters, outputs with virtualClusterIds, or --create-virtual-clusters")
	}
	if !r.createVCs && tgt.kind != "local" && tgt.vars.ExecutionRoleARN == "" {
		return nil, usagef("no execution role: give --execution-role-arn or outputs with emrExecutionRoleArn")
	}
	plan := planMap(fs, set, tgt.kind)
	plan["template"], plan["duration"] = tmpl.Name(), r.duration.String()
	if load.Pacer == nil {
		plan["model"] = fmt.Sprintf("closed: %d users, spawn %g/s, think %s", r.users, r.spawnRate, load.Think)
	} else {
		plan["model"] = "open: " + r.rate + r.stages
	}
	cfg := engine.Config{Session: r.session, Kind: tgt.kind, RunsDir: r.runsDir, Plan: plan, Load: load,
		Template: tmpl, Vars: tgt.vars, Placement: place, VCs: tgt.vcs, CreateVCs: r.createVCs,
		EKSCluster: tgt.cluster, Control: tgt.control, CreateOn: tgt.createOn, TrackInterval: r.trackInterval, TrackFullInterval: r.trackFullInterval,
		TrackAfter: r.trackAfter, CallTimeout: r.callTimeout, RetryGrace: r.retryGrace}
	if err := trialRender(cfg); err != nil {
		return nil, err
	}
	return &prepared{flags: r, cfg: cfg, tgt: tgt}, nil
}

// trialRender renders job 0 so a template that cannot render fails before
// the first submission.
func trialRender(cfg engine.Config) error {
	_, err := engine.Render(cfg, 0)
	if err != nil {
		return usagef("--template %s: %v", cfg.Template.Name(), err)
	}
	return nil
}
