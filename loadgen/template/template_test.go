package template

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

func sampleVars() Vars {
	return Vars{
		SessionID: "lt-20250101-abcd", JobName: "lt-20250101-abcd-000042", JobIndex: 42,
		Namespace: "emr-jobs-1", VirtualClusterID: "abcdefghijklmnopqrstuvwxy", AZ: "us-west-2a",
		ExecutionRoleARN: "arn:aws:iam::123456789012:role/emr-job-role", Bucket: "my-bucket",
		ReleaseLabel: "emr-7.9.0-latest", Region: "us-west-2", AccountID: "123456789012",
	}
}

func TestRenderGolden(t *testing.T) {
	t.Parallel()
	full := Placement{AZ: "us-west-2a", DriverNodePool: "driver-nodepool", ExecutorNodePool: "executor-memorynodepool", SchedulerName: "binpacking"}
	tests := []struct {
		name, file string
		placement  Placement
	}{
		{"spark-pi with full placement", "spark-pi.json", full},
		{"spark-pi without AZ", "spark-pi.json", Placement{}},
		{"tpcds with full placement", "tpcds.json", full},
		{"tpcds with nodepools only", "tpcds.json", Placement{DriverNodePool: "driver-nodepool", ExecutorNodePool: "executor-memorynodepool"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tpl, err := Load(filepath.Join("..", "templates", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			in, err := tpl.Render(sampleVars(), tc.placement)
			if err != nil {
				t.Fatal(err)
			}
			got, err := MarshalCLIInput(in)
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, strings.ReplaceAll(tc.name, " ", "_")+".golden", append(got, '\n'))
		})
	}
}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the rendered request (go test -update rewrites it):\n%s", path, got)
	}
}

func TestShippedTemplatesUseTheDocumentedVariables(t *testing.T) {
	t.Parallel()
	for file, want := range map[string]string{
		"spark-pi.json": "bucket execution_role_arn job_index job_name release_label virtual_cluster_id",
		"tpcds.json":    "bucket execution_role_arn job_index job_name release_label session_id virtual_cluster_id",
	} {
		tpl, err := Load(filepath.Join("..", "templates", file))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(tpl.Variables(), " "); got != want {
			t.Errorf("%s: Variables() = %q, want %q", file, got, want)
		}
	}
}

func TestTPCDSIsTheHeavyJob(t *testing.T) {
	t.Parallel()
	tpl, err := Load("../templates/tpcds.json")
	if err != nil {
		t.Fatal(err)
	}
	in, err := tpl.Render(sampleVars(), Placement{})
	if err != nil {
		t.Fatal(err)
	}
	params := *in.JobDriver.SparkSubmitJobDriver.SparkSubmitParameters
	for _, want := range []string{"spark.executor.instances=30", "spark.executor.cores=2", "spark.executor.memory=6g"} {
		if !strings.Contains(params, want) {
			t.Errorf("sparkSubmitParameters lacks %s: %s", want, params)
		}
	}
}

func TestRenderAddsSessionTagsAndDefaults(t *testing.T) {
	t.Parallel()
	tpl := mustParse(t, `{"executionRoleArn":"r","releaseLabel":"emr-7.9.0-latest","jobDriver":{"sparkSqlJobDriver":{"entryPoint":"s3://b/q.sql"}}}`)
	v := sampleVars()
	in, err := tpl.Render(v, Placement{})
	if err != nil {
		t.Fatal(err)
	}
	if *in.Name != v.JobName || *in.VirtualClusterId != v.VirtualClusterID {
		t.Errorf("defaults not applied: name %q, virtualClusterId %q", *in.Name, *in.VirtualClusterId)
	}
	if in.Tags[SessionTag] != v.SessionID || in.Tags[ToolTag] != ToolName {
		t.Errorf("tags = %v, want the session and tool tags", in.Tags)
	}
	if in.ConfigurationOverrides != nil {
		t.Errorf("empty placement must add nothing, got %+v", in.ConfigurationOverrides)
	}
	if in.ClientToken != nil {
		t.Errorf("clientToken must stay unset so the SDK generates one, got %q", *in.ClientToken)
	}
}

func TestPlacementWithoutAZAddsNoZone(t *testing.T) {
	t.Parallel()
	tpl := mustParse(t, `{"executionRoleArn":"r","releaseLabel":"l","jobDriver":{"sparkSubmitJobDriver":{"entryPoint":"e"}}}`)
	in, err := tpl.Render(sampleVars(), Placement{SchedulerName: "binpacking"})
	if err != nil {
		t.Fatal(err)
	}
	props := in.ConfigurationOverrides.ApplicationConfiguration[0].Properties
	if _, ok := props[ZoneSelectorKey]; ok || props[SchedulerNameKey] != "binpacking" || len(props) != 1 {
		t.Errorf("spark-defaults = %v, want only the scheduler name", props)
	}
}

func TestVariablesCannotInjectJSON(t *testing.T) {
	t.Parallel()
	tpl := mustParse(t, `{"executionRoleArn":"${execution_role_arn}","releaseLabel":"l","jobDriver":{"sparkSubmitJobDriver":{"entryPoint":"s3://${bucket}/x"}}}`)
	v := sampleVars()
	v.Bucket = `evil", "sparkSubmitParameters": "--conf x=1`
	in, err := tpl.Render(v, Placement{})
	if err != nil {
		t.Fatal(err)
	}
	if got := *in.JobDriver.SparkSubmitJobDriver.EntryPoint; got != "s3://"+v.Bucket+"/x" {
		t.Errorf("entryPoint = %q", got)
	}
	if in.JobDriver.SparkSubmitJobDriver.SparkSubmitParameters != nil {
		t.Error("a variable value created a JSON field")
	}
}

func TestRendersAreIndependent(t *testing.T) {
	t.Parallel()
	tpl, err := Load("../templates/spark-pi.json")
	if err != nil {
		t.Fatal(err)
	}
	first, _ := tpl.Render(sampleVars(), Placement{AZ: "us-west-2a"})
	first.ConfigurationOverrides.ApplicationConfiguration[0].Properties["x"] = "y"
	first.Tags["x"] = "y"
	second, _ := tpl.Render(sampleVars(), Placement{AZ: "us-west-2b"})
	props := second.ConfigurationOverrides.ApplicationConfiguration[0].Properties
	if props["x"] != "" || second.Tags["x"] != "" || props[ZoneSelectorKey] != "us-west-2b" {
		t.Errorf("renders share state: %v %v", props, second.Tags)
	}
}

func TestRenderErrors(t *testing.T) {
	t.Parallel()
	base := `"executionRoleArn":"r","releaseLabel":"l","jobDriver":{"sparkSubmitJobDriver":{"entryPoint":"e"}}`
	tests := []struct {
		name, doc string
		vars      func(*Vars)
		want      string
	}{
		{"job name without session prefix", `{` + base + `}`, func(v *Vars) { v.JobName = "other-1" }, "start `name` with ${job_name} or ${session_id}"},
		{"name too long", `{"name":"${session_id}-${bucket}",` + base + `}`, func(v *Vars) { v.Bucket = strings.Repeat("b", 64) }, "1-64 characters"},
		{"empty session", `{` + base + `}`, func(v *Vars) { v.SessionID = "" }, "session id is empty"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			v := sampleVars()
			tc.vars(&v)
			_, err := mustParse(t, tc.doc).Render(v, Placement{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func mustParse(t testing.TB, doc string) *Template {
	t.Helper()
	tpl, err := Parse("test.json", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	return tpl
}

func TestMarshalCLIInputIsValidJSON(t *testing.T) {
	t.Parallel()
	tpl, _ := Load("../templates/tpcds.json")
	in, _ := tpl.Render(sampleVars(), Placement{AZ: "us-west-2a"})
	data, err := MarshalCLIInput(in)
	if err != nil || !json.Valid(data) {
		t.Fatalf("invalid: %v\n%s", err, data)
	}
}
