package cli

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPlanJSONFromStackFile(t *testing.T) {
	dir := t.TempDir()
	stack := "emr-eks-loadtest:preset: scale\n  emr-eks-loadtest:karpenterExecutorCpuLimit: \"100\"\n"
	if err := os.WriteFile(filepath.Join(dir, "Pulumi.p.yaml"), []byte("config:\n  aws:region: eu-west-1\n  "+stack), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCLI(t, context.Background(), "plan", "--stack", "p", "--stack-dir", dir, "--template", "spark-pi",
		"--rate", "60/min", "--duration", "20m", "--expected-run-time", "10m", "--executor-nodepool", "spark-executor", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var p struct {
		Preset, Region       string
		PeakConcurrentJobs   int64
		SteadyConcurrentJobs int64
		FirstLimit           *struct{ Moves string }
		Cost                 *struct{ PriceSource string }
	}
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if p.Preset != "scale" || p.Region != "eu-west-1" || p.SteadyConcurrentJobs != 600 || p.PeakConcurrentJobs <= 600 {
		t.Errorf("preset %q region %q concurrent %d, steady %d; want scale, eu-west-1, more than 600 while nodes start, 600 (60/min x 10m) steady",
			p.Preset, p.Region, p.PeakConcurrentJobs, p.SteadyConcurrentJobs)
	}
	if p.FirstLimit == nil || p.FirstLimit.Moves != "karpenterExecutorCpuLimit" {
		t.Errorf("first limit %+v: want the stack file's 100-vCPU executor limit", p.FirstLimit)
	}
	if p.Cost == nil || !strings.Contains(p.Cost.PriceSource, "2025-01") {
		t.Errorf("cost %+v: want the price table's source", p.Cost)
	}
}

func TestPlanBadInput(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--rate", "1/min", "--expected-run-time", "-1m"}, "--expected-run-time"},
		{[]string{"--rate", "1/min", "--preset", "huge"}, "--preset \"huge\""},
		{[]string{"--rate", "1/min", "--stack", "nosuch"}, "Pulumi.nosuch.yaml"},
		{[]string{"--rate", "1/min", "--users", "3"}, "closed model"},
	} {
		_, _, err := runCLI(t, context.Background(), append([]string{"plan"}, c.args...)...)
		if !errors.Is(err, ErrUsage) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: %v; want bad input naming %q", c.args, err, c.want)
		}
	}
}

func TestValidatePlanHook(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "Pulumi.v.yaml"), []byte("config:\n  aws:region: us-east-1\n  emr-eks-loadtest:preset: dev\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	var out strings.Builder
	env := Env{Stdout: &out, Stderr: &out, Getenv: func(string) string { return "" }}
	printValidatePlan([]string{"--stack", "v", "--rate", "10/min", "--duration", "10m", "--server-dry-run"}, env)
	if !strings.Contains(out.String(), "stack Pulumi.v.yaml (preset dev, us-east-1") || !strings.Contains(out.String(), "cost at peak") {
		t.Errorf("validate's plan:\n%s", out.String())
	}
	out.Reset()
	printValidatePlan([]string{"--rate", "10/min"}, env)
	if !strings.Contains(out.String(), "give --stack NAME") {
		t.Errorf("without --stack: %s", out.String())
	}
}
