package cli

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/rehearse"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/rehearse/clusterreport"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/twin"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/stackconfig"
)

// --compare takes scheduler=default only; Cluster Autoscaler is refused
// with the reason, and so is a stack without the binpacking scheduler.
func TestCompareFlagValidation(t *testing.T) {
	t.Parallel()
	cfg, _, err := rehearse.PresetConfig("dev", twin.Region)
	if err != nil {
		t.Fatal(err)
	}
	noSched := cfg
	noSched.Scheduler.Enabled = false
	for _, tc := range []struct {
		name, value string
		cfg         stackconfig.Config
		want        []string // in the error; none: accepted
	}{
		{"none", "", cfg, nil},
		{"default scheduler", "scheduler=default", cfg, nil},
		{"cluster autoscaler", "autoscaler=cluster-autoscaler", cfg, []string{"--compare", "403", "k8s.io/autoscaler/cluster-autoscaler"}},
		{"unknown", "scheduler=volcano", cfg, []string{"--compare", "scheduler=default"}},
		{"no binpacking scheduler", "scheduler=default", noSched, []string{"--compare", "binpackingScheduler"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := (&rehearseFlags{compare: tc.value}).checkCompare(tc.cfg)
			if tc.want == nil {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if !errors.Is(err, ErrUsage) {
				t.Fatalf("err %v, want a usage error", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

// rehearse.Start refuses a cluster-autoscaler stack with ErrCAS, before anything
// starts (no binaries needed).
func TestRehearseStartRefusesClusterAutoscalerStack(t *testing.T) {
	t.Parallel()
	f := &rehearseFlags{preset: "dev"}
	cfg, err := f.config(Env{Stderr: &bytes.Buffer{}})
	if err != nil {
		t.Fatal(err)
	}
	if !cfg.Autoscaling.Karpenter() {
		t.Fatal("the dev preset should be rehearsable")
	}
	cfg.Autoscaling.Mode = stackconfig.AutoscalingCAS
	if _, err := rehearse.Start(t.Context(), rehearse.Options{Config: cfg}); !errors.Is(err, rehearse.ErrCAS) {
		t.Errorf("Start of a CAS stack: %v, want ErrCAS", err)
	}
}

// The comparison run replaces the session and the scheduler, keeping the
// rest of the plan.
func TestCompareArgs(t *testing.T) {
	t.Parallel()
	got := compareArgs([]string{"--rate", "10/min", "--session", "s1", "--scheduler-name=binpacking", "--web"}, "s1")
	want := []string{"--rate", "10/min", "--web", "--session=s1-default-scheduler", "--scheduler-name=default-scheduler"}
	if !slices.Equal(got, want) {
		t.Errorf("compare args %q, want %q", got, want)
	}
	this := &rehearsal{session: "s1", runArgs: []string{"--scheduler-name=binpacking"},
		report: &clusterreport.Report{Section: clusterreport.Section{MaxNodes: 4, TotalCost: 1}}}
	other := &rehearsal{session: "s1-default-scheduler", report: &clusterreport.Report{Section: clusterreport.Section{MaxNodes: 6, TotalCost: 1.5}}}
	c := compareSides("scheduler=default", this, other)
	if c.This.Label != "scheduler binpacking" || c.Other.MaxNodes != 6 || c.Other.Session != "s1-default-scheduler" {
		t.Errorf("comparison %+v", c)
	}
	var out bytes.Buffer
	printComparison(&out, c)
	if !strings.Contains(out.String(), "peak nodes") || !strings.Contains(out.String(), "1.50") {
		t.Errorf("terminal comparison:\n%s", out.String())
	}
}

// The second run is skipped after Ctrl-C and when the first was refused as
// bad input (seen: a reused --session made the first run refuse, and the
// comparison set 0 jobs beside 24).
func TestShouldCompare(t *testing.T) {
	t.Parallel()
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	f := &rehearseFlags{compare: "scheduler=default"}
	for _, tc := range []struct {
		name string
		ctx  context.Context
		f    *rehearseFlags
		err  error
		want bool
	}{
		{"ran", context.Background(), f, nil, true},
		{"breached thresholds", context.Background(), f, ErrBreached, true},
		{"no --compare", context.Background(), &rehearseFlags{}, nil, false},
		{"interrupted", cancelled, f, nil, false},
		{"bad input", context.Background(), f, usagef("--session x: session already used"), false},
	} {
		if got := shouldCompare(tc.ctx, tc.f, &rehearsal{runErr: tc.err}); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
