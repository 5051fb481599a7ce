package cli

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/threshold"
)

func writeFile(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestBadInputIsOneClearUsageError(t *testing.T) {
	t.Parallel()
	badTemplate := writeFile(t, "t.json", "{\n  \"name\": \"${job_name}\",\n  \"bogus\": 1\n}\n")
	badOutputs := writeFile(t, "o.json", `{"availabilityZones": "us-east-1a"}`)
	badJournal := filepath.Dir(writeFile(t, "journal.jsonl", `{"ev":"session","t":"2026-01-01T00:00:00Z","session":"s"}`+"\n{bad\n{}\n"))
	tests := []struct {
		name string
		args []string
		want string
	}{
		{name: "bad rate", args: []string{"--rate", "fast"}, want: `--rate: rate "fast"`},
		{name: "bad stages", args: []string{"--stages", "5m"}, want: "--stages: stage 1"},
		{name: "two models", args: []string{"--rate", "1/s", "--users", "3"}, want: "give one model"},
		{name: "unknown flag", args: []string{"--rates", "1/s"}, want: "unknown flag --rates"},
		{name: "bad think time", args: []string{"--think-time", "30s-20s"}, want: "--think-time"},
		{name: "bad az policy", args: []string{"--az-policy", "nearest", "--max-jobs", "1"}, want: `--az-policy "nearest"`},
		{name: "bad template", args: []string{"--template", badTemplate}, want: "bogus"},
		{name: "missing template", args: []string{"--template", "/nope.json"}, want: "--template"},
		{name: "bad outputs", args: []string{"--outputs", badOutputs}, want: `stack output "availabilityZones"`},
		{name: "bad session", args: []string{"--session", "Bad_ID"}, want: "--session"},
		{name: "bad threshold", args: []string{"--threshold", "submit_p99<<2s"}, want: "--threshold"},
		{name: "bad local dist", args: []string{"--local-run-time", "10s-1s"}, want: "--local-run-time"},
		{name: "no bound", args: []string{"--duration", "0"}, want: "no bound"},
		{name: "corrupt journal", args: []string{"report", badJournal}, want: "line 2"},
		{name: "report without dir", args: []string{"report"}, want: "want exactly one run directory"},
		{name: "stop without selector", args: []string{"stop"}, want: "exactly one of --session"},
		{name: "unknown command", args: []string{"frobnicate"}, want: `unknown command "frobnicate"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, _, err := runCLI(t, t.Context(), tc.args...)
			if err == nil || !(errors.Is(err, ErrUsage) || errors.Is(err, threshold.ErrUsage)) {
				t.Fatalf("err = %v, want a usage error", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tc.want)
			}
		})
	}
}

func TestEnvVarsSetFlags(t *testing.T) {
	t.Parallel()
	env := map[string]string{"LOADGEN_RATE": "fast"}
	var out syncBuffer
	err := Main(t.Context(), []string{"validate"}, Env{Stdout: &out, Stderr: &out,
		Getenv: func(k string) string { return env[k] }})
	if !errors.Is(err, ErrUsage) || !strings.Contains(err.Error(), `LOADGEN_RATE: rate "fast"`) {
		t.Fatalf("err = %v, want LOADGEN_RATE to reach --rate", err)
	}
}

func TestValidatePrintsFirstJobWithPlacement(t *testing.T) {
	t.Parallel()
	out, _, err := runCLI(t, t.Context(), "validate", "--azs", "us-east-1a,us-east-1b", "--driver-nodepool", "driver",
		"--rate", "2/s", "--template", "tpcds")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"plan ok: target local, 3 virtual clusters", "topology.kubernetes.io/zone", "us-east-1a",
		"karpenter.sh/nodepool", "emr-eks-loadtest/session"} {
		if !strings.Contains(out, want) {
			t.Errorf("validate output lacks %q:\n%s", want, out)
		}
	}
}

func TestHelpDocumentsUnitsAndDefaults(t *testing.T) {
	t.Parallel()
	_, errOut, err := runCLI(t, t.Context(), "--help")
	if !IsHelp(err) {
		t.Fatalf("err = %v, want flag.ErrHelp", err)
	}
	for _, want := range []string{"150/min", `(default "20s-30s")`, "LOADGEN_", "Exit codes", "(default 1000)"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("--help lacks %q", want)
		}
	}
}
