package cli

import (
	"fmt"
	"io"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/pace"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/plan"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/search"
)

// searchBudget is the search's spend estimate for --budget-usd: the per-job
// and fixed hourly figures of the stack's plan (loadgen plan's prices,
// --stack's Pulumi.<stack>.yaml or --preset), the per-job figure replaced by
// --cost-per-job-usd when given. Without a budget it is empty.
func searchBudget(sf *searchFlags, p *prepared, cfg search.Config, stderr io.Writer) (search.Budget, error) {
	b := search.Budget{LimitUSD: sf.budgetUSD}
	if sf.budgetUSD <= 0 {
		return b, nil
	}
	stack := p.flags.target.stack
	if stack == "" && sf.preset == "" && sf.costPerJob <= 0 {
		return b, usagef("--budget-usd %g: the stack's prices are unknown: give --stack NAME (with Pulumi.NAME.yaml in --stack-dir), --preset dev|scale (e.g. with --outputs, --endpoint or the local target), or --cost-per-job-usd", sf.budgetUSD)
	}
	if stack != "" || sf.preset != "" {
		sp, source, err := searchSpend(sf, p, cfg, stderr)
		if err != nil && sf.costPerJob <= 0 {
			return b, err
		}
		if err == nil {
			b.PerJobUSD, b.FixedPerHourUSD = sp.PerJobUSD, sp.FixedPerHourUSD
			b.Source = fmt.Sprintf("%s; per job: %s; fixed: control plane, NAT, operational nodes, volumes", source, sp.Basis)
		}
	}
	if sf.costPerJob > 0 {
		b.PerJobUSD = sf.costPerJob
		b.Source = overrideSource(b)
	}
	return b, nil
}

// overrideSource says where the figures come from when --cost-per-job-usd
// replaced the plan's per-job figure.
func overrideSource(b search.Budget) string {
	if b.FixedPerHourUSD == 0 {
		return "per job: --cost-per-job-usd; no fixed hourly cost (no stack's prices known)"
	}
	return "per job: --cost-per-job-usd; fixed hourly cost: " + b.Source
}

// searchSpend makes the plan of one step at --from on the stack and returns
// its per-job and fixed figures and where they come from.
func searchSpend(sf *searchFlags, p *prepared, cfg search.Config, stderr io.Writer) (plan.Spend, string, error) {
	pf := &planFlags{preset: sf.preset, stackDir: sf.stackDir}
	stack := p.flags.target.stack
	if sf.preset != "" {
		stack = "" // an explicit --preset prices the search, whatever --stack fetched the outputs from
	}
	region := p.tgt.vars.Region
	cfgStack, stackSource, err := planStack(stack, region, pf, stderr)
	if err != nil {
		return plan.Spend{}, "", fmt.Errorf("%w (for --budget-usd; or give --cost-per-job-usd)", err)
	}
	job, err := planJob(p.flags.template, p.tgt.kind)
	if err != nil {
		return plan.Spend{}, "", err
	}
	runTime, err := expectedRunTime(sf.expectedRunTime, p.flags.local.runTime, sf.expectedRunTime != 0)
	if err != nil {
		return plan.Spend{}, "", err
	}
	runTimeFrom := "--expected-run-time"
	if sf.expectedRunTime == 0 {
		runTimeFrom = "the mean of --local-run-time; give --expected-run-time"
	}
	step := cfg.Warmup + cfg.Window + cfg.Settle
	from := cfg.Plan.From
	pl, err := plan.Make(plan.Input{Template: p.flags.template, Target: p.tgt.kind, Job: job, RunTime: runTime, Stack: cfgStack,
		StackSource: stackSource, NodePools: p.flags.driverPool != "" || p.flags.executorPool != "",
		Load: plan.Load{Model: "search step at " + from.String(), Rate: constantRate(from), Length: step}})
	if err != nil {
		return plan.Spend{}, "", usagef("--budget-usd: planning one step on %s: %v", stackSource, err)
	}
	if pl.Cost == nil {
		return plan.Spend{}, "", usagef("--budget-usd: no prices for %s: %v (give --cost-per-job-usd)", stackSource, pl.Notes)
	}
	return pl.Cost.Spend, fmt.Sprintf("loadgen plan of %s, template %s, expected run time %s (%s), price table %s",
		stackSource, p.flags.template, runTime, runTimeFrom, pl.Cost.Version), nil
}

func constantRate(r pace.Rate) func(time.Duration) float64 {
	return func(time.Duration) float64 { return float64(r) }
}
