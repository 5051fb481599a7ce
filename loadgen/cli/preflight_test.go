package cli

import (
	"encoding/json"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/localemr"
)

// validate's preflight fails with exit 2, before anything is submitted, on
// what made every StartJobRun of a run fail (issue 13, item 2).
func TestValidatePreflight(t *testing.T) {
	t.Parallel()
	srv, url := server(t, localemr.Config{})
	huge := writeFile(t, "huge.json", `{"name":"${job_name}","virtualClusterId":"${virtual_cluster_id}",
 "executionRoleArn":"${execution_role_arn}","releaseLabel":"${release_label}",
 "jobDriver":{"sparkSubmitJobDriver":{"entryPoint":"local:///pi.py","sparkSubmitParameters":"--conf x=`+strings.Repeat("a", 200000)+`"}}}`)
	emr := []string{"validate", "--endpoint", url, "--region", "us-east-1", "--rate", "1/s", "--execution-role-arn", "arn:aws:iam::123456789012:role/r"}
	good := slices.Concat(emr, []string{"--virtual-clusters", "vc0000000000000000000001"})
	tests := []struct {
		name string
		args []string
		want string
	}{
		{name: "unknown virtual cluster", args: slices.Concat(emr, []string{"--virtual-clusters", "vc0000000000000000000001,nosuchvc"}), want: "virtual cluster nosuchvc does not exist"},
		{name: "unreachable endpoint", args: []string{"validate", "--endpoint", "http://127.0.0.1:1", "--region", "us-east-1", "--rate", "1/s", "--virtual-clusters", "vc1", "--execution-role-arn", "arn:aws:iam::123456789012:role/r"}, want: "endpoint unreachable"},
		{name: "role not an ARN", args: slices.Concat(good, []string{"--execution-role-arn", "emr-job-role"}), want: "not an IAM role ARN"},
		{name: "bucket as a URL", args: slices.Concat(good, []string{"--bucket", "s3://my-bucket/logs"}), want: `bucket "s3://my-bucket/logs"`},
		{name: "request over the API's limits", args: slices.Concat(good, []string{"--template", huge}), want: "sparkSubmitParameters is 200"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := runCLI(t, t.Context(), tc.args...)
			if !errors.Is(err, ErrUsage) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want a usage error (exit 2) mentioning %q", err, tc.want)
			}
		})
	}
	if n := srv.Calls()["StartJobRun"]; n != 0 {
		t.Errorf("validate sent %d StartJobRun calls, want none", n)
	}
	if _, _, err := runCLI(t, t.Context(), slices.Concat(good, []string{"--bucket", "my-bucket"})...); err != nil {
		t.Errorf("a valid setup fails the preflight: %v", err)
	}
}

// The limits the preflight uses are the API model's (botocore's
// service-2.json, when it is on this machine).
func TestPreflightLimitsMatchTheAPIModel(t *testing.T) {
	t.Parallel()
	const model = "/usr/lib/google-cloud-sdk/lib/third_party/botocore/data/emr-containers/2020-10-01/service-2.json"
	b, err := os.ReadFile(model)
	if err != nil {
		t.Skipf("no botocore emr-containers model here: %v", err)
	}
	var m struct {
		Shapes map[string]struct {
			Max     int    `json:"max"`
			Pattern string `json:"pattern"`
		} `json:"shapes"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for shape, ours := range map[string]int{"ResourceNameString": maxNameLen, "EntryPointPath": maxEntryPointLen,
		"EntryPointArgument": maxEntryArgLen, "SparkSubmitParameters": maxSubmitParamLen, "SparkSqlParameters": maxSubmitParamLen,
		"ConfigurationList": maxConfigs, "SensitivePropertiesMap": maxProperties, "String1024": maxPropertyLen,
		"UriString": maxLogURILen, "TagMap": maxTags, "String128": maxTagKeyLen, "StringEmpty256": maxTagValueLen,
		"ReleaseLabel": maxReleaseLen} {
		if got := m.Shapes[shape].Max; got != ours {
			t.Errorf("shape %s: model max %d, preflight uses %d", shape, got, ours)
		}
	}
	for _, arn := range []string{"arn:aws:iam::123456789012:role/r", "arn:aws-cn:iam::123456789012:role/path/x", "arn:aws:iam:::role/r"} {
		if !roleARNRe.MatchString(arn) {
			t.Errorf("role ARN pattern refuses %s", arn)
		}
	}
	if p := m.Shapes["IAMRoleArn"].Pattern; !strings.Contains(p, `iam::(\d{12})?:(role(`) {
		t.Errorf("the model's IAMRoleArn pattern changed: %s", p)
	}
}
