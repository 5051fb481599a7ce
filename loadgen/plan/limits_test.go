package plan

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/stackconfig"
)

// Every key the plan names is a real config key of the stack.
func TestNamedKeysExist(t *testing.T) {
	t.Parallel()
	keys := stackconfig.Keys()
	for _, k := range []string{keyDriverCPULimit, keyExecutorCPULimit, keyFamilies, keyAppMaxSize, keyAppTypes,
		keyPodCIDR, keyJobNamespaces, keyOperatorMode, keyAutoscalingMode, "cniWarmPrefixTarget", "cniWarmIpTarget"} {
		if !slices.Contains(keys, k) {
			t.Errorf("the plan names %q, which is not a stack config key", k)
		}
	}
}

// roomy is the dev preset with every limit but the one under test far away.
func roomy() stackconfig.Config {
	cfg := stackconfig.Defaults(stackconfig.PresetDev)
	cfg.Region = "us-east-1"
	cfg.Karpenter.DriverCPULimit, cfg.Karpenter.ExecutorCPULimit = 1_000_000, 1_000_000
	cfg.NodeGroups.AppMaxSize = 1000
	cfg.EMR.NamespaceCount = 50
	return cfg
}

// Each case is a plan that hits one limit first; the plan must name it and
// the key that moves it.
func TestFirstLimitNamesTheKey(t *testing.T) {
	t.Parallel()
	small := Job{Driver: Pod{1000, 1433}, Executor: Pod{1000, 1433}, Executors: 2, Submitter: 1}
	tiny := Job{Driver: Pod{100, 256}, Executor: Pod{100, 128}, Executors: 24, Submitter: 1}
	lone := Job{Driver: Pod{100, 256}}
	cases := []struct {
		name    string
		target  string
		job     Job
		perMin  float64
		runTime time.Duration
		tweak   func(*stackconfig.Config)
		pools   bool
		want    string // the Moves of the first limit
	}{
		{"driver NodePool cpu", "emr", small, 20, 10 * time.Minute, func(c *stackconfig.Config) { c.Karpenter.DriverCPULimit = 16 }, true, keyDriverCPULimit},
		{"executor NodePool cpu", "emr", small, 20, 10 * time.Minute, func(c *stackconfig.Config) { c.Karpenter.ExecutorCPULimit = 32 }, true, keyExecutorCPULimit},
		{"application group size", "emr", small, 20, 10 * time.Minute, func(c *stackconfig.Config) {
			c.Autoscaling.Mode, c.NodeGroups.AppMaxSize = stackconfig.AutoscalingCAS, 10
		}, false, keyAppMaxSize},
		{"pod subnet", "emr", small, 20, 10 * time.Minute, func(c *stackconfig.Config) {
			c.Network.PodCIDR, c.Addons.WarmPrefixTarget = "100.64.0.0/20", 16
		}, true, keyPodCIDR},
		{"pods per cluster", "emr", tiny, 140, 10 * time.Minute, func(c *stackconfig.Config) { c.Network.AZCount = 4 }, true, "--rate / spark.executor.instances"},
		{"pods per namespace", "emr", tiny, 20, 10 * time.Minute, func(c *stackconfig.Config) { c.EMR.NamespaceCount = 1 }, true, keyJobNamespaces},
		{"driver services", "operator", lone, 200, time.Hour, func(c *stackconfig.Config) { c.Network.AZCount = 4 }, true, "--rate or --expected-run-time"},
		{"StartJobRun rate", "emr", small, 300, 10 * time.Second, nil, true, "--rate (or split"},
		{"operator submissions", "operator", small, 60, 10 * time.Second, func(c *stackconfig.Config) { c.SparkOperator.Mode = "single" }, true, keyOperatorMode},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			cfg := roomy()
			if c.tweak != nil {
				c.tweak(&cfg)
			}
			p, err := Make(Input{Target: c.target, Job: c.job, Load: constant(c.perMin, time.Hour), RunTime: c.runTime, Stack: cfg, NodePools: c.pools})
			if err != nil {
				t.Fatal(err)
			}
			if p.FirstLimit == nil {
				t.Fatalf("no limit hit; closest %+v", p.Closest())
			}
			if !strings.HasPrefix(p.FirstLimit.Moves, c.want) {
				t.Fatalf("first limit %q (%v of %v, moved by %q), want one moved by %q; all: %+v",
					p.FirstLimit.Name, p.FirstLimit.Planned, p.FirstLimit.Limit, p.FirstLimit.Moves, c.want, p.Limits)
			}
		})
	}
}

func TestNoLimitHit(t *testing.T) {
	t.Parallel()
	p, err := Make(Input{Target: "emr", Job: sparkPi, Load: constant(1, time.Hour), RunTime: time.Minute, Stack: roomy(), NodePools: true})
	if err != nil {
		t.Fatal(err)
	}
	if p.FirstLimit != nil {
		t.Fatalf("a light plan hit %+v", p.FirstLimit)
	}
}
