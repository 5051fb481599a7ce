package cli

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// validateCLI runs loadgen validate in-process with an empty environment and
// a kubeconfig that names no cluster: nothing may reach for one.
func validateCLI(t *testing.T, args ...string) (string, error) {
	t.Helper()
	kubeconfig := filepath.Join(t.TempDir(), "no-cluster")
	var out bytes.Buffer
	err := Main(t.Context(), append([]string{"validate", "--kubeconfig", kubeconfig}, args...), Env{Stdout: &out, Stderr: &out,
		Getenv: func(string) string { return "" }})
	return out.String(), err
}

// TestValidateOperatorOffline failed before: validate --target operator
// needed a cluster (and, given one, dereferenced a nil StartJobRun template).
func TestValidateOperatorOffline(t *testing.T) {
	t.Parallel()
	out, err := validateCLI(t, "--target", "operator", "--template", "spark-pi", "--namespaces", "spark-jobs",
		"--session", "lg-offline", "--azs", "us-west-2a")
	if err != nil {
		t.Fatalf("validate --target operator without a cluster: %v\n%s", err, out)
	}
	for _, want := range []string{"template ok", "kind: SparkApplication", "name: lg-offline-000000", "namespace: spark-jobs",
		"topology.kubernetes.io/zone: us-west-2a"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestValidateOperatorNamesTheBadFieldWithoutACluster(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "app.yaml")
	bad := strings.Replace(strings.Replace(sparkPiYAML(t), "memory: 1g", "memroy: 1g", 1), "type: Scala", "type: Go", 1)
	if err := os.WriteFile(file, []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := validateCLI(t, "--target", "operator", "--template", file, "--namespaces", "spark-jobs")
	if code := ExitCode(err, &bytes.Buffer{}); code != ExitUsage {
		t.Fatalf("exit %d (%v), want %d\n%s", code, err, ExitUsage, out)
	}
	for _, want := range []string{"spec.driver.memroy: unknown field", `spec.type: "Go" is not allowed`, file + ":"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
}

func TestServerDryRunNeedsTheOperatorTarget(t *testing.T) {
	t.Parallel()
	out, err := validateCLI(t, "--server-dry-run")
	if code := ExitCode(err, &bytes.Buffer{}); code != ExitUsage || !strings.Contains(err.Error(), "--server-dry-run") {
		t.Fatalf("exit %d (%v), want %d naming --server-dry-run\n%s", code, err, ExitUsage, out)
	}
}

func TestServerDryRunWithoutAClusterSaysSo(t *testing.T) {
	t.Parallel()
	out, err := validateCLI(t, "--target", "operator", "--template", "spark-pi", "--namespaces", "ns", "--server-dry-run")
	if err == nil || !strings.Contains(err.Error(), "--server-dry-run") || !strings.Contains(out, "template ok") {
		t.Fatalf("err = %v (want one naming --server-dry-run after the offline check)\n%s", err, out)
	}
}

func sparkPiYAML(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("../templates/spark-pi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestValidateOperatorNeedsNamespaces failed before: with no --namespaces and
// no outputs, validate rendered the job into "default" and said ok, while run
// refuses the same flags.
func TestValidateOperatorNeedsNamespaces(t *testing.T) {
	t.Parallel()
	out, err := validateCLI(t, "--target", "operator", "--template", "spark-pi", "--session", "lg-offline")
	if code := ExitCode(err, io.Discard); code != ExitUsage || !strings.Contains(err.Error(), "--namespaces") {
		t.Fatalf("validate --target operator without namespaces: exit %d, %v\n%s; want exit %d naming --namespaces", code, err, out, ExitUsage)
	}
}
