package template

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// Two requests as users keep them for `aws emr-containers start-job-run
// --cli-input-json`: a fixed name, virtual cluster and clientToken, a literal
// role and release label. They must work unchanged.
var plainRequests = []string{"testdata/plain/spark-pi-cli-input.json", "testdata/plain/sql-report-cli-input.json"}

func plainVars(idx int64) Vars {
	v := sampleVars()
	v.SessionID, v.JobIndex = "lg-20261202-235100-ab12", idx
	v.JobName = v.SessionID + "-00000" + string(rune('0'+idx))
	v.VirtualClusterID = "vc-picked-by-loadgen"
	v.ExecutionRoleARN, v.ReleaseLabel = "arn:aws:iam::111122223333:role/from-outputs", "emr-7.9.0-latest"
	return v
}

func TestPlainCLIInputIsAccepted(t *testing.T) {
	t.Parallel()
	for _, file := range plainRequests {
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			tpl, err := Load(file)
			if err != nil {
				t.Fatalf("a plain --cli-input-json request was refused: %v", err)
			}
			first, err := tpl.Render(plainVars(1), Placement{})
			if err != nil {
				t.Fatal(err)
			}
			second, err := tpl.Render(plainVars(2), Placement{})
			if err != nil {
				t.Fatal(err)
			}
			if aws.ToString(first.ClientToken) == aws.ToString(second.ClientToken) {
				t.Errorf("two jobs share clientToken %q: StartJobRun would answer the second with the first", aws.ToString(first.ClientToken))
			}
			if aws.ToString(first.Name) == aws.ToString(second.Name) {
				t.Errorf("two jobs share the name %q", aws.ToString(first.Name))
			}
		})
	}
}

func TestPlainRequestTakeOver(t *testing.T) {
	t.Parallel()
	tpl, err := Load(plainRequests[0])
	if err != nil {
		t.Fatal(err)
	}
	v := plainVars(1)
	in, changes, err := tpl.Explain(v, Placement{AZ: "us-west-2a"})
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct{ field, got, want string }{
		{"name", aws.ToString(in.Name), v.JobName + "-spark-pi"},
		{"clientToken", aws.ToString(in.ClientToken), v.JobName + "-spark-pi"},
		{"virtualClusterId", aws.ToString(in.VirtualClusterId), v.VirtualClusterID},
		{"executionRoleArn (kept: the user's)", aws.ToString(in.ExecutionRoleArn), "arn:aws:iam::123456789012:role/EMRContainers-JobExecutionRole"},
		{"releaseLabel (kept: the user's)", aws.ToString(in.ReleaseLabel), "emr-7.2.0-latest"},
		{"tags.team (kept)", in.Tags["team"], "data-platform"},
		{"session tag", in.Tags[SessionTag], v.SessionID},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.field, c.got, c.want)
		}
	}
	explained := map[string]Change{}
	for _, c := range changes {
		explained[c.Field] = c
		if c.Why == "" {
			t.Errorf("change of %s has no reason", c.Field)
		}
	}
	for _, field := range []string{"name", "clientToken", "virtualClusterId", "tags." + SessionTag, "tags." + ToolTag,
		"configurationOverrides.applicationConfiguration[spark-defaults].properties." + ZoneSelectorKey} {
		if _, ok := explained[field]; !ok {
			t.Errorf("no change explained for %s; got %+v", field, changes)
		}
	}
	if c := explained["name"]; c.From != "spark-pi" {
		t.Errorf("name change from %q, want the template's spark-pi", c.From)
	}
	for _, kept := range []string{"executionRoleArn", "releaseLabel"} {
		if c, ok := explained[kept]; ok {
			t.Errorf("%s changed without a flag: %+v", kept, c)
		}
	}
}

func TestFlagsOverrideFixedRoleAndRelease(t *testing.T) {
	t.Parallel()
	tpl, err := Load(plainRequests[0])
	if err != nil {
		t.Fatal(err)
	}
	o := Overrides{ExecutionRoleARN: "arn:aws:iam::111122223333:role/flag", ReleaseLabel: "emr-7.9.0-latest"}
	in, changes, err := tpl.WithOverrides(o).Explain(plainVars(1), Placement{})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(in.ExecutionRoleArn) != o.ExecutionRoleARN || aws.ToString(in.ReleaseLabel) != o.ReleaseLabel {
		t.Errorf("role %q release %q, want the flags' values", aws.ToString(in.ExecutionRoleArn), aws.ToString(in.ReleaseLabel))
	}
	n := 0
	for _, c := range changes {
		if c.Field == "executionRoleArn" || c.Field == "releaseLabel" {
			n++
		}
	}
	if n != 2 {
		t.Errorf("overrides explained %d times, want 2: %+v", n, changes)
	}
	if in, _ := tpl.Render(plainVars(1), Placement{}); aws.ToString(in.ExecutionRoleArn) == o.ExecutionRoleARN {
		t.Error("WithOverrides changed the original template")
	}
}

func TestJobNameTakeOver(t *testing.T) {
	t.Parallel()
	base := `"executionRoleArn":"r","releaseLabel":"l","jobDriver":{"sparkSqlJobDriver":{}}`
	v := plainVars(3)
	tests := []struct{ name, doc, want string }{
		{"no name: the job name", `{` + base + `}`, v.JobName},
		{"${job_name} is the user's choice", `{"name":"${job_name}-pi",` + base + `}`, v.JobName + "-pi"},
		{"session first is the user's choice", `{"name":"${session_id}.pi.${job_index}",` + base + `}`, v.SessionID + ".pi.3"},
		{"variables after a prefix", `{"name":"pi-${job_index}",` + base + `}`, v.JobName + "-pi-3"},
		{"characters the API refuses", `{"name":"nightly sales (eu)",` + base + `}`, v.JobName + "-nightly-sales--eu-"},
		{"cut to 64 characters", `{"name":"` + strings.Repeat("x", 80) + `",` + base + `}`, (v.JobName + "-" + strings.Repeat("x", 80))[:64]},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tpl := mustParse(t, tc.doc)
			in, err := tpl.Render(v, Placement{})
			if err != nil {
				t.Fatal(err)
			}
			if got := aws.ToString(in.Name); got != tc.want || tpl.JobName(v) != got {
				t.Errorf("name = %q, JobName = %q, want %q", got, tpl.JobName(v), tc.want)
			}
		})
	}
}

func TestPerJobClientTokenIsKept(t *testing.T) {
	t.Parallel()
	tpl := mustParse(t, `{"clientToken":"tok-${job_index}","executionRoleArn":"r","releaseLabel":"l","jobDriver":{"sparkSqlJobDriver":{}}}`)
	in, changes, err := tpl.Explain(plainVars(4), Placement{})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(in.ClientToken) != "tok-4" {
		t.Errorf("clientToken = %q, want the template's per-job tok-4", aws.ToString(in.ClientToken))
	}
	for _, c := range changes {
		if c.Field == "clientToken" {
			t.Errorf("a per-job clientToken was replaced: %+v", c)
		}
	}
}
