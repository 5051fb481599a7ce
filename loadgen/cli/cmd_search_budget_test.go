package cli

import (
	"context"
	"encoding/json"
	"io"
	"math"
	"path/filepath"
	"strings"
	"testing"
)

type searchBudgetJSON struct {
	Stopped string `json:"stopped"`
	Budget  *struct {
		Limit  float64 `json:"limit_usd"`
		PerJob float64 `json:"per_job_usd"`
		Fixed  float64 `json:"fixed_usd_per_hour"`
		Source string  `json:"source"`
	} `json:"budget"`
	Steps []struct {
		Spend float64 `json:"estimated_spend_usd"`
	} `json:"steps"`
}

// planSpend is what `loadgen plan --json` says one job and one hour cost
// for one step of the search searchArgs runs.
func planSpend(t *testing.T, args ...string) (perJob, fixed float64) {
	t.Helper()
	// the search prices one step at --from: 1500/min for 0.4 + 2 + 0.3 s (searchArgs)
	out, _, err := runCLI(t, context.Background(), append([]string{"plan", "--json", "--rate", "1500/min", "--duration", "2700ms"}, args...)...)
	if err != nil {
		t.Fatalf("plan: %v\n%s", err, out)
	}
	var p struct {
		Cost struct {
			Spend struct {
				PerJob float64 `json:"perJobUsd"`
				Fixed  float64 `json:"fixedUsdPerHour"`
			} `json:"spend"`
		} `json:"cost"`
	}
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatal(err)
	}
	return p.Cost.Spend.PerJob, p.Cost.Spend.Fixed
}

// A budget priced by the plan: the search prints the figures and their
// source before it starts, they are loadgen plan's for the same stack,
// template and run time, and the search stops before the step that would
// overspend (at 1500/min a step of 2.7 s plans ~67 jobs of ~$0.03; the
// second, at 3000/min, would bring the total past $3).
func TestSearchBudgetFromPlanPrices(t *testing.T) {
	t.Parallel()
	runs := t.TempDir()
	out, errOut, err := runCLI(t, context.Background(), searchArgs(runs, "lg-search-budget",
		"--budget-usd", "3", "--preset", "dev", "--expected-run-time", "10m")...)
	if err != nil {
		t.Fatalf("search: %v\n%s\n%s", err, out, errOut)
	}
	var res searchBudgetJSON
	readJSON(t, filepath.Join(runs, "lg-search-budget", "search.json"), &res)
	perJob, fixed := planSpend(t, "--preset", "dev", "--expected-run-time", "10m", "--target", "local")
	if res.Budget == nil || perJob <= 0 || math.Abs(res.Budget.PerJob-perJob) > 1e-9 || math.Abs(res.Budget.Fixed-fixed) > 1e-9 {
		t.Fatalf("search budget %+v, loadgen plan says $%v per job and $%v/h", res.Budget, perJob, fixed)
	}
	if !strings.Contains(errOut, "budget $3.00") || !strings.Contains(errOut, "loadgen plan of preset dev") {
		t.Errorf("the figures and their source are not printed before the search:\n%s", errOut)
	}
	if !strings.HasPrefix(res.Stopped, "--budget-usd 3.00: the next step") || len(res.Steps) == 0 {
		t.Fatalf("stopped %q after %d steps, want the budget to stop it\n%s", res.Stopped, len(res.Steps), out)
	}
	// The bound counts the jobs the pacer plans by the step's planned end; on
	// the real clock the step ends a little later and one more job may be
	// planned (seen at load ~15: $3.02 with ~$0.026 a job).
	for i, s := range res.Steps {
		if s.Spend <= 0 || s.Spend > 3+res.Budget.PerJob {
			t.Errorf("step %d: estimated spend $%.2f, want in (0, 3 + one job's $%.3f]", i+1, s.Spend, res.Budget.PerJob)
		}
	}
}

// --cost-per-job-usd replaces the plan's per-job figure; the stack's fixed
// hourly cost still counts.
func TestSearchBudgetPerJobOverride(t *testing.T) {
	t.Parallel()
	runs := t.TempDir()
	out, errOut, err := runCLI(t, context.Background(), searchArgs(runs, "lg-search-override",
		"--budget-usd", "40", "--cost-per-job-usd", "0.5", "--preset", "dev")...)
	if err != nil {
		t.Fatalf("search: %v\n%s\n%s", err, out, errOut)
	}
	var res searchBudgetJSON
	readJSON(t, filepath.Join(runs, "lg-search-override", "search.json"), &res)
	_, fixed := planSpend(t, "--preset", "dev", "--target", "local")
	if res.Budget == nil || res.Budget.PerJob != 0.5 || math.Abs(res.Budget.Fixed-fixed) > 1e-9 || !strings.Contains(res.Budget.Source, "--cost-per-job-usd") {
		t.Fatalf("budget %+v, want $0.5 per job from --cost-per-job-usd and the plan's $%v/h", res.Budget, fixed)
	}
	if !strings.HasPrefix(res.Stopped, "--budget-usd 40.00") {
		t.Fatalf("stopped %q, want the budget\n%s", res.Stopped, out)
	}
}

func TestSearchBudgetUnknownStack(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"no stack, no per-job cost", []string{"--budget-usd", "5"}, []string{"--stack", "--preset", "--cost-per-job-usd"}},
		{"bad preset", []string{"--budget-usd", "5", "--preset", "huge"}, []string{"--preset"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, _, err := runCLI(t, context.Background(), append(searchArgs(t.TempDir(), "lg-search-nobudget"), tt.args...)...)
			if err == nil || ExitCode(err, io.Discard) != 2 {
				t.Fatalf("err = %v, want exit 2", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%v: does not name %s", err, w)
				}
			}
		})
	}
}
