package cli

import (
	"strings"
	"testing"
)

// TestValidateAcceptsAPlainRequestAndSaysWhatItTookOver failed before: a
// user's own --cli-input-json request (fixed name and clientToken) was
// refused with exit 2. validate now takes it and prints each change.
func TestValidateAcceptsAPlainRequestAndSaysWhatItTookOver(t *testing.T) {
	t.Parallel()
	for _, file := range []string{"spark-pi-cli-input.json", "sql-report-cli-input.json"} {
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			out, err := validateCLI(t, "--template", "../template/testdata/plain/"+file, "--session", "lg-plain")
			if err != nil {
				t.Fatalf("validate refused a plain request: %v\n%s", err, out)
			}
			for _, want := range []string{"loadgen set in the first job's request:", `name: "`, `-> "lg-plain-000000-`,
				"clientToken: ", "virtualClusterId: ", "tags.emr-eks-loadtest/session: (not set) -> \"lg-plain\"", "why: "} {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
			if strings.Contains(out, "executionRoleArn: ") || strings.Contains(out, "releaseLabel: ") {
				t.Errorf("the request's own role or release label was changed without a flag:\n%s", out)
			}
		})
	}
}

func TestValidateRoleFlagOverridesTheRequestsRole(t *testing.T) {
	t.Parallel()
	role := "arn:aws:iam::111122223333:role/from-flag"
	out, err := validateCLI(t, "--template", "../template/testdata/plain/spark-pi-cli-input.json", "--session", "lg-plain",
		"--execution-role-arn", role)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !strings.Contains(out, `executionRoleArn: "arn:aws:iam::123456789012:role/EMRContainers-JobExecutionRole" -> "`+role+`"`) {
		t.Errorf("the flag did not override the request's role:\n%s", out)
	}
}
