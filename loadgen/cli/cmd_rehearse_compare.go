package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/rehearse"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/rehearse/clusterreport"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/stackconfig"
)

// --compare values.
const (
	compareDefaultScheduler = "scheduler=default"
	compareCAS              = "autoscaler=cluster-autoscaler"
	// defaultSchedulerName is kube-scheduler's own profile.
	defaultSchedulerName = "default-scheduler"
)

// checkCompare validates --compare against the stack: the second run must
// differ from the first, and Cluster Autoscaler cannot run here.
func (f *rehearseFlags) checkCompare(cfg stackconfig.Config) error {
	switch f.compare {
	case "":
		return nil
	case compareDefaultScheduler:
		if !cfg.Scheduler.Enabled {
			return usagef("--compare %s: the stack runs no binpacking scheduler (binpackingScheduler false), so both runs would use the default one: drop --compare or enable binpackingScheduler", f.compare)
		}
		return nil
	case compareCAS, "autoscaling=cluster-autoscaler":
		return usagef("--compare %s: not available: %s", f.compare, rehearse.CASUnavailable)
	}
	return usagef("--compare %q: want %s (the same plan with the default kube-scheduler instead of the binpacking one); %s is not available (%s)",
		f.compare, compareDefaultScheduler, compareCAS, rehearse.CASUnavailable)
}

// compareArgs are the run flags of the comparison run: the same plan
// with the default scheduler, in its own session.
func compareArgs(rest []string, session string) []string {
	out := withoutArg(withoutArg(rest, "session"), "scheduler-name")
	return append(out, "--session="+session+"-default-scheduler", "--scheduler-name="+defaultSchedulerName)
}

// withoutArg drops --name, --name=v and --name v from args.
func withoutArg(args []string, name string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if !isFlag(a, name) {
			out = append(out, a)
			continue
		}
		if _, _, hasValue := splitFlagArg(a); !hasValue && i+1 < len(args) {
			i++
		}
	}
	return out
}

func splitFlagArg(a string) (string, string, bool) { return strings.Cut(strings.TrimLeft(a, "-"), "=") }

func isFlag(a, name string) bool {
	if len(a) < 2 || a[0] != '-' {
		return false
	}
	n, _, _ := splitFlagArg(a)
	return n == name
}

// compareSides puts the two runs side by side.
func compareSides(what string, this, other *rehearsal) *clusterreport.Comparison {
	sched, _ := argValue(this.runArgs, "scheduler-name")
	return &clusterreport.Comparison{What: what,
		This:  clusterreport.SideOf("scheduler "+sched, this.session, this.report.Section),
		Other: clusterreport.SideOf("scheduler "+defaultSchedulerName, other.session, other.report.Section)}
}

// printComparison is the terminal's side-by-side.
func printComparison(w io.Writer, c *clusterreport.Comparison) {
	fmt.Fprintf(w, "compared (%s): %-28s %-28s\n", c.What, c.This.Label, c.Other.Label)
	rows := []struct {
		name string
		a, b float64
		f    string
	}{
		{"peak nodes", float64(c.This.MaxNodes), float64(c.Other.MaxNodes), "%.0f"},
		{"packing CPU %", c.This.PackingCPU, c.Other.PackingCPU, "%.1f"},
		{"packing memory %", c.This.PackingMemory, c.Other.PackingMemory, "%.1f"},
		{"node-hours", c.This.NodeHours, c.Other.NodeHours, "%.3f"},
		{"node cost $", c.This.Cost, c.Other.Cost, "%.2f"},
		{"pod scheduling p90 s", c.This.PodSchedulingP90, c.Other.PodSchedulingP90, "%.3f"},
	}
	for _, r := range rows {
		fmt.Fprintf(w, "  %-22s %-28s %-28s\n", r.name, fmt.Sprintf(r.f, r.a), fmt.Sprintf(r.f, r.b))
	}
}
