package servercheck

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/testenv"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/cli"
)

func TestMain(m *testing.M) { os.Exit(testenv.Main(m, testenv.Options{NoControllerManager: true})) }

func controlPlane(t *testing.T) *testenv.ControlPlane {
	t.Helper()
	cp := testenv.Get(t)
	if err := crdOnce(cp); err != nil {
		t.Fatal(err)
	}
	return cp
}

var (
	crdOnceErr error
	crdOnceDo  sync.Once
)

// crdOnce installs the SparkApplication CRD of the module version the
// project's tests pin (testing.md).
func crdOnce(cp *testenv.ControlPlane) error {
	crdOnceDo.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		dir, err := testenv.ModuleDir(ctx, "github.com/kubeflow/spark-operator/v2@v2.3.0")
		if err == nil {
			_, err = cp.InstallCRDs(ctx, filepath.Join(dir, "config", "crd", "bases", "sparkoperator.k8s.io_sparkapplications.yaml"))
		}
		crdOnceErr = err
	})
	return crdOnceErr
}

func validate(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := cli.Main(t.Context(), append([]string{"validate", "--target", "operator"}, args...),
		cli.Env{Stdout: &out, Stderr: &out, Getenv: func(string) string { return "" }})
	return out.String(), err
}

// TestServerDryRunAcceptsTheShippedTemplate: the offline check and the API
// server agree on the shipped template (before, validate --target operator
// with a reachable cluster dereferenced a nil StartJobRun template).
func TestServerDryRunAcceptsTheShippedTemplate(t *testing.T) {
	cp := controlPlane(t)
	ns := cp.Namespace(t)
	out, err := validate(t, "--kubeconfig", cp.Kubeconfig, "--namespaces", ns, "--template", "spark-pi", "--server-dry-run")
	if err != nil || !strings.Contains(out, "server dry run ok") {
		t.Fatalf("validate --server-dry-run: %v\n%s", err, out)
	}
}

// TestServerDryRunAddsTheServersCheck: a template the offline check passes
// (a field of an embedded Kubernetes type misses what the core API
// requires) is refused by the server, with the field named.
func TestServerDryRunAddsTheServersCheck(t *testing.T) {
	cp := controlPlane(t)
	ns := cp.Namespace(t)
	data, err := os.ReadFile("../../../templates/spark-pi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "app.yaml")
	app := string(data) + "  volumes:\n    - emptyDir: {}\n"
	if err := os.WriteFile(file, []byte(app), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := validate(t, "--namespaces", ns, "--template", file); err != nil {
		t.Fatalf("offline: %v\n%s", err, out)
	}
	out, err := validate(t, "--kubeconfig", cp.Kubeconfig, "--namespaces", ns, "--template", file, "--server-dry-run")
	if err == nil || !strings.Contains(err.Error(), "spec.volumes[0].name") {
		t.Fatalf("err = %v, want the server's refusal naming spec.volumes[0].name\n%s", err, out)
	}
}
