package cli

import (
	"errors"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/rehearse/clusterreport"
)

// Rehearse's own flags are taken out, every other flag goes to run
// untouched; target flags and bad values are refused naming the flag.
func TestSplitRehearseArgs(t *testing.T) {
	t.Parallel()
	f, rest, err := splitRehearseArgs([]string{"--rate", "10/min", "--stack", "dev", "--time-scale=10", "--duration", "2m", "--local-run-time", "30s-60s", "--web"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if f.stack != "dev" || f.timeScale != 10 || f.runTime != "30s-60s" {
		t.Errorf("own flags %+v", f)
	}
	if want := []string{"--rate", "10/min", "--duration", "2m", "--web"}; !slices.Equal(rest, want) {
		t.Errorf("run flags %q, want %q", rest, want)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--time-scale", "0.5"}, "--time-scale"},
		{[]string{"--endpoint", "http://x"}, "--endpoint"},
		{[]string{"--virtual-clusters=a=b"}, "--virtual-clusters"},
		{[]string{"--settle", "-1s"}, "--settle"},
	} {
		_, _, err := splitRehearseArgs(tc.args, io.Discard)
		if !errors.Is(err, ErrUsage) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: err %v, want a usage error naming %s", tc.args, err, tc.want)
		}
	}
}

// The rehearsal's target and placement are added unless the user gave them.
func TestRehearsalRunArgsKeepUserValues(t *testing.T) {
	t.Parallel()
	args := []string{"--session", "my-run", "--scheduler-name", "default-scheduler"}
	got := withDefaults(args, map[string]string{"session": "x", "scheduler-name": "binpacking", "endpoint": "http://e"})
	if v, _ := argValue(got, "session"); v != "my-run" {
		t.Errorf("session %q", v)
	}
	if v, _ := argValue(got, "scheduler-name"); v != "default-scheduler" {
		t.Errorf("scheduler %q", v)
	}
	if v, _ := argValue(got, "endpoint"); v != "http://e" {
		t.Errorf("endpoint %q", v)
	}
}

// A malformed threshold met while the reports are finished is bad input
// (exit 2, naming --threshold), not a crash (exit 1).
func TestFinishReportsBadThresholdIsUsage(t *testing.T) {
	t.Parallel()
	r := &rehearsal{dir: t.TempDir(), runArgs: []string{"--threshold", "p99<<1s"}, report: &clusterreport.Report{}}
	err := finishReports(r, Env{Stdout: io.Discard, Stderr: io.Discard})
	if got := ExitCode(err, io.Discard); got != ExitUsage {
		t.Fatalf("exit code %d (err %v), want %d", got, err, ExitUsage)
	}
	if !strings.Contains(err.Error(), "--threshold") {
		t.Errorf("error %q does not name --threshold", err)
	}
}
