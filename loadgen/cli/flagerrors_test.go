package cli

import (
	"errors"
	"strings"
	"testing"
)

// TestEveryBadValueIsOneLineNamingFlagValueAndFix: each bad flag or
// environment value is refused with one line that names where it came from
// (--flag or LOADGEN_VAR), the value and the fix; no usage dump, no panic.
func TestEveryBadValueIsOneLineNamingFlagValueAndFix(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want []string // every one must appear in the error
	}{
		{name: "negative local VCs", args: []string{"--local-virtual-clusters", "-1"}, want: []string{"--local-virtual-clusters", "-1", "at least 1"}},
		{name: "zero max attempts", args: []string{"--max-attempts", "0"}, want: []string{"--max-attempts", "0", "at least 1"}},
		{name: "negative max attempts", args: []string{"--max-attempts", "-1"}, want: []string{"--max-attempts", "-1", "at least 1"}},
		{name: "negative spawn rate", args: []string{"--spawn-rate", "-1"}, want: []string{"--spawn-rate", "-1", ">= 0"}},
		{name: "zero max in flight", args: []string{"--rate", "1/s", "--max-in-flight", "0"}, want: []string{"--max-in-flight", "0", "at least 1"}},
		{name: "zero track interval", args: []string{"--track-interval", "0"}, want: []string{"--track-interval", "0s", "positive"}},
		{name: "duration without unit", args: []string{"--duration", "5"}, want: []string{"--duration", `"5"`, "30s, 10m"}},
		{name: "int flag not a number", args: []string{"--users", "ten"}, want: []string{"--users", `"ten"`, "whole number"}},
		{name: "env duration", env: map[string]string{"LOADGEN_DURATION": "xyz"}, want: []string{"LOADGEN_DURATION", `"xyz"`, "30s, 10m"}},
		{name: "env rate", env: map[string]string{"LOADGEN_RATE": "abc"}, want: []string{"LOADGEN_RATE", `"abc"`, "/min"}},
		{name: "env max in flight", env: map[string]string{"LOADGEN_RATE": "1/s", "LOADGEN_MAX_IN_FLIGHT": "0"}, want: []string{"LOADGEN_MAX_IN_FLIGHT", "0"}},
		{name: "rate without unit", args: []string{"--rate", "150"}, want: []string{"--rate", "150", "150/s", "150/min"}},
		{name: "zero rate", args: []string{"--rate", "0/s"}, want: []string{"--rate", "submits nothing"}},
		{name: "zero stages", args: []string{"--stages", "0s:0"}, want: []string{"--stages", "plans no submission"}},
		{name: "absurd rate", args: []string{"--rate", "1e9/s"}, want: []string{"--rate", "1e9/s", "one worker", "--workers"}},
		{name: "negative local capacity", args: []string{"--local-capacity", "-5"}, want: []string{"--local-capacity", "-5"}},
		{name: "ratio above one", args: []string{"--local-fail-ratio", "2"}, want: []string{"--local-fail-ratio", "2", "0..1"}},
		{name: "local flag with an endpoint", args: []string{"--endpoint", "http://127.0.0.1:9", "--region", "us-east-1", "--virtual-clusters", "vc1",
			"--execution-role-arn", "arn:aws:iam::123456789012:role/r", "--local-capacity", "5"}, want: []string{"--local-capacity", "local target", "serve-local"}},
		{name: "open-model flag in a closed run", args: []string{"--users", "2", "--late-after", "5s"}, want: []string{"--late-after", "open-model", "closed"}},
		{name: "zero call timeout", args: []string{"--call-timeout", "0s"}, want: []string{"--call-timeout", "positive"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var out, errOut syncBuffer
			err := Main(t.Context(), append([]string{"validate"}, tc.args...), Env{Stdin: strings.NewReader(""), Stdout: &out,
				Stderr: &errOut, Getenv: func(k string) string { return tc.env[k] }})
			if !errors.Is(err, ErrUsage) {
				t.Fatalf("err = %v, want a usage error (exit 2)", err)
			}
			msg := err.Error()
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q lacks %q", msg, w)
				}
			}
			if strings.Contains(msg, "\n") {
				t.Errorf("error is more than one line:\n%s", msg)
			}
			if strings.Contains(errOut.String(), "Flags:") || strings.Contains(msg, "parse error") {
				t.Errorf("usage dump or Go's parse error printed:\n%s\n%s", msg, errOut.String())
			}
		})
	}
}
