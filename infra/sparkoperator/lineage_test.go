package sparkoperator

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/versions"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/testenv"
	rbacv1 "k8s.io/api/rbac/v1"
	"sigs.k8s.io/yaml"

	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/sparkoperator"
)

// lineageChart is the public chart of the EMR chart's lineage from the
// module proxy; the test is skipped when the proxy cannot be reached
// (and fails under CI / REQUIRE_INTEGRATION=1).
func lineageChart(t *testing.T) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	dir, err := testenv.ModuleDir(ctx, versions.SparkOperatorLineageModule)
	if err != nil {
		if testenv.Required() {
			t.Fatal(err)
		}
		t.Skipf("lineage chart not available: %v", err)
	}
	return filepath.Join(dir, versions.SparkOperatorLineageChartDir)
}

var (
	openBlock  = regexp.MustCompile(`^\s*\{\{-?\s*(if|with|range)\b`)
	closeBlock = regexp.MustCompile(`^\s*\{\{-?\s*end\s*-?\}\}`)
	inline     = regexp.MustCompile(`\{\{[^}]*\}\}`)
)

// unconditional is a template with its control lines and every nested
// conditional block removed: what the chart renders with all optional
// features off (batchScheduler, webhook, replicaCount 1).
func unconditional(text string) string {
	var out []string
	depth := 0
	for _, line := range strings.Split(text, "\n") {
		switch {
		case openBlock.MatchString(line):
			depth++
		case closeBlock.MatchString(line):
			depth--
		case depth <= 1:
			out = append(out, inline.ReplaceAllString(line, "x"))
		}
	}
	return strings.Join(out, "\n")
}

func chartDocs(t *testing.T, chart, template string) []map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(chart, "templates", template))
	if err != nil {
		t.Fatal(err)
	}
	var docs []map[string]any
	for _, d := range strings.Split(unconditional(string(b)), "\n---") {
		var m map[string]any
		if err := yaml.Unmarshal([]byte(d), &m); err != nil {
			t.Fatalf("%s: %v", template, err)
		}
		if m != nil {
			docs = append(docs, m)
		}
	}
	return docs
}

// TestOperatorRBACMatchesTheLineageChart reads the chart the EMR chart
// derives from: its operator ServiceAccount, ClusterRole and
// ClusterRoleBinding are helm.sh/hook resources (dropped by helm/v4.Chart,
// which is why this component declares them), and spec.OperatorRules are the
// ClusterRole's rules with the optional features off.
func TestOperatorRBACMatchesTheLineageChart(t *testing.T) {
	t.Parallel()
	chart := lineageChart(t)
	hooked := map[string]bool{}
	for _, tpl := range []string{"rbac.yaml", "serviceaccount.yaml"} {
		for _, d := range chartDocs(t, chart, tpl) {
			meta, _ := d["metadata"].(map[string]any)
			ann, _ := meta["annotations"].(map[string]any)
			if h, _ := ann["helm.sh/hook"].(string); strings.Contains(h, "pre-install") {
				hooked[d["kind"].(string)] = true
			}
			if d["kind"] != "ClusterRole" {
				continue
			}
			b, _ := yaml.Marshal(d["rules"])
			var rules []rbacv1.PolicyRule
			if err := yaml.Unmarshal(b, &rules); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(rules, spec.OperatorRules()) {
				t.Errorf("OperatorRules differ from the chart's ClusterRole:\nchart: %+v\nours:  %+v", rules, spec.OperatorRules())
			}
		}
	}
	for _, kind := range []string{"ServiceAccount", "ClusterRole", "ClusterRoleBinding"} {
		if !hooked[kind] {
			t.Errorf("the chart's %s is not a pre-install hook any more: the stack's own may now collide with it", kind)
		}
	}
}
