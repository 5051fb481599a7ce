package chartcheck

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/testenv"
)

// ModuleChart returns the folder of a chart inside a Go module version,
// e.g. ModuleChart(t, "sigs.k8s.io/metrics-server@v0.7.2",
// "charts/metrics-server"), downloading the module when needed (see
// testenv.ModuleDir). The folder is read-only module cache: CopyChart it
// before changing anything.
func ModuleChart(t testing.TB, moduleAtVersion, path string) string {
	t.Helper()
	dir, err := testenv.ModuleDir(context.Background(), moduleAtVersion)
	if err != nil {
		t.Fatal(err)
	}
	chart := filepath.Join(dir, filepath.FromSlash(path))
	if _, err := os.Stat(filepath.Join(chart, "Chart.yaml")); err != nil {
		t.Fatalf("chartcheck: no chart at %s in %s: %v", path, moduleAtVersion, err)
	}
	return chart
}

// ModuleChartIfServed is ModuleChart that skips t, naming the module
// version, when the module proxy refuses it (403/404/410: some charts are
// pinned by pseudo-versions that not every proxy serves), so a test runs
// wherever the chart is obtainable. Call testenv.Get or
// pulumitest.Available first, so missing binaries skip before any download.
func ModuleChartIfServed(t testing.TB, moduleAtVersion, path string) string {
	t.Helper()
	if _, err := testenv.ModuleDir(context.Background(), moduleAtVersion); err != nil {
		for _, code := range []string{"403 Forbidden", "404 Not Found", "410 Gone"} {
			if strings.Contains(err.Error(), code) {
				t.Skipf("chartcheck: the module proxy does not serve %s (%s): chart not testable here", moduleAtVersion, code)
			}
		}
		t.Fatal(err)
	}
	return ModuleChart(t, moduleAtVersion, path)
}

// CopyChart copies the chart folder src into a writable temp folder and
// returns it (module cache files are read-only).
func CopyChart(t testing.TB, src string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), filepath.Base(src))
	if err := CopyDir(src, dst); err != nil {
		t.Fatalf("chartcheck: copying chart: %v", err)
	}
	return dst
}

// CopyDir copies the regular files under src to dst (created), writable.
// Symlinks are skipped: module zips never hold them anyway.
func CopyDir(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
}

// ChartFile is the part of Chart.yaml the checks read.
type ChartFile struct {
	Name        string `json:"name"`
	Version     string `json:"version"`
	AppVersion  string `json:"appVersion"`
	KubeVersion string `json:"kubeVersion,omitempty"`
}

// ReadChart reads dir/Chart.yaml.
func ReadChart(t testing.TB, dir string) ChartFile {
	t.Helper()
	var c ChartFile
	b, err := os.ReadFile(filepath.Join(dir, "Chart.yaml"))
	if err == nil {
		err = yaml.Unmarshal(b, &c)
	}
	if err != nil {
		t.Fatalf("chartcheck: reading Chart.yaml: %v", err)
	}
	return c
}

// SetChartVersion rewrites version and appVersion in dir/Chart.yaml (a
// CopyChart copy), keeping every other field: what a release job does
// when it publishes a chart whose source Chart.yaml lags the tag.
func SetChartVersion(t testing.TB, dir, version, appVersion string) {
	t.Helper()
	path := filepath.Join(dir, "Chart.yaml")
	m := map[string]any{}
	b, err := os.ReadFile(path)
	if err == nil {
		err = yaml.Unmarshal(b, &m)
	}
	if err != nil {
		t.Fatalf("chartcheck: reading Chart.yaml: %v", err)
	}
	m["version"], m["appVersion"] = version, appVersion
	if b, err = yaml.Marshal(m); err == nil {
		err = os.WriteFile(path, b, 0o644)
	}
	if err != nil {
		t.Fatalf("chartcheck: writing Chart.yaml: %v", err)
	}
}
