package loadgenapp_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/cli"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/loadgenapp"
)

// With loadgenTarget=operator the in-cluster workers create their
// SparkApplications in the stack's job namespaces (the ones the Spark
// Operator watches): the worker's own command line and environment, with
// the ConfigMap's outputs.json and template in place, run through the real
// `loadgen validate` (the flags of `loadgen run`, offline), put the first
// job in the first job namespace. The operator target reads them from
// --outputs' jobNamespaces when --namespaces is not given.
func TestOperatorWorkersGetTheJobNamespaces(t *testing.T) {
	t.Parallel()
	jobNamespaces := []string{"emr-job-3", "emr-job-4"}
	cfg := loadgenapp.DefaultConfig()
	cfg.Enabled, cfg.Start, cfg.Workers, cfg.Target = true, true, 2, "operator"
	cfg.Args = []string{"--rate=150/min", "--duration=30m"}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	doc, err := loadgenapp.OutputsJSON(loadgenapp.OutputValues{
		ClusterName: "lt", Region: "us-west-2", AccountID: "123456789012", JobNamespaces: jobNamespaces,
		Bucket: "jobs", ReleaseLabel: "emr-7.9.0-latest", SparkOperatorMode: "multiple",
		SparkOperatorNamespaces: jobNamespaces, AvailabilityZones: []string{"us-west-2a"},
	})
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := loadgenapp.ReadTemplate("../..", cfg.Target, cfg.Template)
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "outputs.json"), doc)
	write(t, filepath.Join(dir, loadgenapp.TemplateKey(cfg.Target)), tmpl)
	var args []string
	for _, a := range loadgenapp.CommandArgs(cfg)[1:] { // [0] is "run"
		a = strings.Replace(a, loadgenapp.ConfigDir, dir, 1)
		args = append(args, strings.Replace(a, loadgenapp.RunsDir, filepath.Join(dir, "runs"), 1))
	}
	env := loadgenapp.Env(cfg)
	env["JOB_COMPLETION_INDEX"] = "0"
	var out bytes.Buffer
	err = cli.Main(t.Context(), append([]string{"validate", "--kubeconfig", filepath.Join(dir, "no-cluster"), "--session", "lg-op"}, args...),
		cli.Env{Stdout: &out, Stderr: &out, Getenv: func(k string) string { return env[k] }})
	if err != nil {
		t.Fatalf("loadgen validate with the worker's flags: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "namespace: "+jobNamespaces[0]+"\n") {
		t.Errorf("the first SparkApplication is not in job namespace %s:\n%s", jobNamespaces[0], out.String())
	}
}

func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
}
