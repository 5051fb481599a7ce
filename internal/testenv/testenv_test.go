package testenv

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestMain(m *testing.M) {
	os.Exit(Main(m, Options{Kwok: true}))
}

// The Go side and the script must agree on where binaries live.
func TestBinDirMatchesScript(t *testing.T) {
	t.Setenv("TESTBIN_DIR", "")
	root, err := RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("bash", filepath.Join(root, "scripts", "testbin.sh"), "env").Output()
	if err != nil {
		t.Fatalf("testbin.sh env: %v", err)
	}
	want := "export TESTBIN_DIR='" + BinDir() + "'"
	if !strings.Contains(string(out), want+"\n") {
		t.Fatalf("testbin.sh env does not print %q:\n%s", want, out)
	}
	t.Setenv("TESTBIN_DIR", "/elsewhere")
	if BinDir() != "/elsewhere" {
		t.Fatalf("BinDir ignores TESTBIN_DIR: %s", BinDir())
	}
}

func TestRequired(t *testing.T) {
	for _, c := range []struct {
		ci, req string
		want    bool
	}{{"", "", false}, {"true", "", true}, {"false", "", false}, {"0", "", false}, {"", "1", true}, {"", "0", false}} {
		t.Setenv("CI", c.ci)
		t.Setenv("REQUIRE_INTEGRATION", c.req)
		if got := Required(); got != c.want {
			t.Errorf("CI=%q REQUIRE_INTEGRATION=%q: Required()=%v, want %v", c.ci, c.req, got, c.want)
		}
	}
}

// recorder is a testing.TB that records Skip/Fatal instead of stopping.
type recorder struct {
	testing.TB
	skipped, failed string
}

func (r *recorder) Helper()                      {}
func (r *recorder) Skipf(f string, a ...any)     { r.skipped = f }
func (r *recorder) Fatalf(f string, a ...any)    { r.failed = f }
func (r *recorder) Name() string                 { return "recorder" }
func (r *recorder) Cleanup(func())               {}
func (r *recorder) Logf(format string, a ...any) {}

func TestNeedSkipsOnlyWhenNotRequired(t *testing.T) {
	t.Setenv("TESTBIN_DIR", t.TempDir())
	missing := MissingBinaries(Etcd, KubeAPIServer)
	if missing == nil || !strings.Contains(missing.Error(), "etcd, kube-apiserver") {
		t.Fatalf("MissingBinaries in an empty dir: %v", missing)
	}
	t.Setenv("CI", "")
	t.Setenv("REQUIRE_INTEGRATION", "")
	r := &recorder{}
	Need(r, missing)
	if r.skipped == "" || r.failed != "" {
		t.Fatalf("not required: want a skip, got skip=%q fail=%q", r.skipped, r.failed)
	}
	t.Setenv("REQUIRE_INTEGRATION", "1")
	r = &recorder{}
	Need(r, missing)
	if r.failed == "" || r.skipped != "" {
		t.Fatalf("required: want a failure, got skip=%q fail=%q", r.skipped, r.failed)
	}
	t.Setenv("REQUIRE_INTEGRATION", "")
	r = &recorder{}
	Need(r, os.ErrPermission)
	if r.failed == "" {
		t.Fatal("another start error must fail, not skip")
	}
}

func TestNodeShapeNamesTheMissingField(t *testing.T) {
	_, err := NodeShape{Name: "n", InstanceType: "m5.xlarge", CPU: "4", Memory: "16Gi"}.node()
	if err == nil || !strings.Contains(err.Error(), "NodeShape.Zone") {
		t.Fatalf("want an error naming NodeShape.Zone, got %v", err)
	}
	_, err = NodeShape{Name: "n", Zone: "z", InstanceType: "m5.xlarge", CPU: "four", Memory: "16Gi"}.node()
	if err == nil || !strings.Contains(err.Error(), "NodeShape.CPU") {
		t.Fatalf("want an error naming NodeShape.CPU, got %v", err)
	}
	n, err := M5XLarge("a", "us-east-1a").node()
	if err != nil {
		t.Fatal(err)
	}
	if n.Labels[ZoneLabel] != "us-east-1a" || n.Labels[InstanceTypeLabel] != "m5.xlarge" ||
		n.Status.Allocatable.Cpu().String() != "4" || n.Status.Allocatable.Memory().String() != "16Gi" {
		t.Fatalf("m5.xlarge node: labels %v allocatable %v", n.Labels, n.Status.Allocatable)
	}
}

func TestReadCRDsRefusesOtherKinds(t *testing.T) {
	f := filepath.Join(t.TempDir(), "x.yaml")
	if err := os.WriteFile(f, []byte("---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := readCRDs([]string{f})
	if err == nil || !strings.Contains(err.Error(), `ConfigMap "c" is not a CustomResourceDefinition`) {
		t.Fatalf("want a refusal naming the ConfigMap, got %v", err)
	}
	if _, err := readCRDs(nil); err == nil {
		t.Fatal("no paths must be an error")
	}
}

func TestModuleDir(t *testing.T) {
	if testing.Short() {
		t.Skip("downloads a module")
	}
	dir, err := ModuleDir(context.Background(), "github.com/kubeflow/spark-operator/v2@v2.3.0")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "config", "crd", "bases", "sparkoperator.k8s.io_sparkapplications.yaml")); err != nil {
		t.Fatal(err)
	}
	if _, err := ModuleDir(context.Background(), "example.invalid/nope@v0.0.1"); err == nil {
		t.Fatal("an unknown module must be an error")
	}
}
