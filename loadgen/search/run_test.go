package search

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/pace"
)

// cancelAfter is a System that cancels the search's context after n waits.
type cancelAfter struct {
	*sim
	n      int
	cancel context.CancelFunc
}

func (c *cancelAfter) Wait(ctx context.Context, t time.Time) error {
	if c.n--; c.n < 0 {
		c.cancel()
	}
	return c.sim.Wait(ctx, t)
}

// lateSim is a sim whose generator cannot keep up: a share of the planned
// submissions are recorded late instead of sent.
type lateSim struct {
	*sim
	every int
	n     int
}

func (l *lateSim) Wait(ctx context.Context, t time.Time) error {
	err := l.sim.Wait(ctx, t)
	for ; l.n < l.sim.n; l.n++ {
		if l.n%l.every == 0 {
			l.jobs.Skip(fmt.Sprintf("late-%d", l.n), job.OutcomeLate, t.Add(-time.Second))
		}
	}
	return err
}

func TestSearchStops(t *testing.T) {
	t.Parallel()
	base := func() *sim { return newSim(1, 100, 8*time.Second, 12*time.Second) }
	tests := []struct {
		name        string
		cfg         func(*Config)
		sys         func() System
		stopped     string
		interrupted bool
		maxSteps    int
	}{
		{name: "job budget", cfg: func(c *Config) { c.MaxJobs = 2000 }, stopped: "--max-jobs 2000"},
		{name: "cost budget", cfg: func(c *Config) {
			c.Budget = Budget{LimitUSD: 10, PerJobUSD: 0.01}
		}, stopped: "--budget-usd 10.00"},
		{name: "cost budget with fixed hourly cost", cfg: func(c *Config) {
			c.Budget = Budget{LimitUSD: 10, PerJobUSD: 0.001, FixedPerHourUSD: 100}
		}, stopped: "--budget-usd 10.00"},
		{name: "max rate all good", cfg: func(c *Config) { c.Plan.MaxRate = 4 }, stopped: "every step up to --max-rate 240/min was sustainable"},
		{name: "step limit", cfg: func(c *Config) { c.MaxSteps = 3 }, stopped: "3 steps run", maxSteps: 3},
		{name: "nothing sustainable", cfg: func(c *Config) { c.Plan.From = 20 }, sys: func() System { return newSim(1, 2, 8*time.Second, 12*time.Second) },
			stopped: "no sustainable rate down to"},
		{name: "Ctrl-C", sys: func() System { return &cancelAfter{sim: base(), n: 4} }, stopped: "interrupted", interrupted: true},
		{name: "generator-limited", sys: func() System { return &lateSim{sim: base(), every: 20} }, stopped: "generator-limited"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := simConfig(pace.Rate(0.5))
			if tt.cfg != nil {
				tt.cfg(&cfg)
			}
			var sys System = base()
			ctx := context.Background()
			if tt.sys != nil {
				sys = tt.sys()
			}
			if c, ok := sys.(*cancelAfter); ok {
				var cancel context.CancelFunc
				ctx, cancel = context.WithCancel(ctx)
				c.cancel = cancel
			}
			res := Run(ctx, cfg, sys)
			if !strings.HasPrefix(res.Stopped, tt.stopped) && !strings.Contains(res.Stopped, tt.stopped) {
				t.Fatalf("stopped %q, want %q\n%s", res.Stopped, tt.stopped, textOf(t, res))
			}
			if res.Interrupted != tt.interrupted || (tt.maxSteps > 0 && len(res.Steps) != tt.maxSteps) {
				t.Fatalf("interrupted %v with %d steps\n%s", res.Interrupted, len(res.Steps), textOf(t, res))
			}
			if tt.interrupted && len(res.Steps) == 0 {
				t.Fatal("an interrupted search reports the steps it finished")
			}
			checkSpend(t, cfg.Budget, res)
		})
	}
}

// checkSpend: with a budget, every step records its estimated spend, which
// never exceeds the limit (the search stops before a step would).
func checkSpend(t *testing.T, b Budget, res Result) {
	t.Helper()
	if b.LimitUSD == 0 {
		return
	}
	if res.Budget == nil || *res.Budget != b {
		t.Errorf("result budget %+v, want %+v", res.Budget, b)
	}
	for _, s := range res.Steps {
		if s.SpendUSD <= 0 || s.SpendUSD > b.LimitUSD {
			t.Errorf("step %d: estimated spend $%.2f, want in (0, %.2f]", s.N, s.SpendUSD, b.LimitUSD)
		}
	}
}

func TestDrainBetweenWaitsForLiveJobs(t *testing.T) {
	t.Parallel()
	sys := newSim(1, 100, 8*time.Second, 12*time.Second)
	cfg := simConfig(pace.Rate(2))
	cfg.DrainBetween, cfg.MaxSteps = true, 2
	res := Run(context.Background(), cfg, sys)
	if len(res.Steps) != 2 || res.Steps[1].Recovered < 8*time.Second {
		t.Fatalf("second step paused %v before it, want at least a job's run time (8 s)\n%s", res.Steps[1].Recovered, textOf(t, res))
	}
	if res.Steps[0].Recovered != 0 {
		t.Fatalf("the first step paused %v", res.Steps[0].Recovered)
	}
}
