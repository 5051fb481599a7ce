package cli

import (
	"errors"
	"fmt"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/localemr"
)

// localConfig turns the --local-* flags into the modelled cluster.
func localConfig(lf localFlags) (localemr.Config, error) {
	cfg := localemr.DefaultConfig()
	var errs []error
	dist := func(flag, v string) localemr.Dist {
		d, err := localemr.ParseDist(v)
		if err != nil {
			errs = append(errs, usagef("--%s: %v", flag, err))
		}
		return d
	}
	cfg.QueueDelay = dist("local-queue-delay", lf.queueDelay)
	cfg.StartLatency = dist("local-start-latency", lf.startLatency)
	cfg.RunTime = dist("local-run-time", lf.runTime)
	cfg.Capacity, cfg.QueueLimit, cfg.FailRatio, cfg.Seed = lf.capacity, lf.queueLimit, lf.failRatio, lf.seed
	cfg.Faults = localemr.Faults{ThrottleRatio: lf.throttle, ServerErrorRatio: lf.serverErr}
	if lf.vcs < 1 { // checkRanges refuses it first; never make a negative slice
		return cfg, errors.Join(append(errs, usagef("--local-virtual-clusters %d: want at least 1", lf.vcs))...)
	}
	cfg.VirtualClusters = localemr.LocalVirtualClusters(lf.vcs)
	return cfg, errors.Join(errs...)
}

// startLocal starts the in-process local target on a loopback port.
func startLocal(t *target, lf localFlags) (string, error) {
	cfg, err := localConfig(lf)
	if err != nil {
		return "", err
	}
	srv, err := localemr.New(cfg)
	if err != nil {
		return "", usagef("local target: %v", err)
	}
	url, err := srv.Start("127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("starting the local target: %w", err)
	}
	t.local = srv
	return url, nil
}
