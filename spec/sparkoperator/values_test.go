package sparkoperator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/chartcheck"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/golden"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/validate"
)

var jobNamespaces = []string{"emr-job-0", "emr-job-1", "emr-job-2"}

func TestValuesGolden(t *testing.T) {
	t.Parallel()
	for _, mode := range []string{ModeMultiple, ModeSingle} {
		cfg := DefaultConfig()
		cfg.Mode = mode
		rels := Releases(cfg, jobNamespaces)
		b, err := yaml.Marshal(Values(cfg, rels[len(rels)-1], "us-west-2"))
		if err != nil {
			t.Fatal(err)
		}
		golden.Assert(t, "values-"+mode, b)
	}
}

func TestReleases(t *testing.T) {
	t.Parallel()
	cfg := DefaultConfig()
	multi := Releases(cfg, jobNamespaces)
	if len(multi) != 3 {
		t.Fatalf("multiple mode releases = %d, want one per namespace", len(multi))
	}
	crds := 0
	for i, r := range multi {
		if r.Namespace != jobNamespaces[i] || r.JobNamespace != jobNamespaces[i] {
			t.Errorf("release %d = %+v, want it in and watching only %s", i, r, jobNamespaces[i])
		}
		if r.InstallCRDs {
			crds++
		}
	}
	cfg.Mode = ModeSingle
	single := Releases(cfg, jobNamespaces)
	if len(single) != 1 || single[0].Namespace != DefaultNamespace || single[0].JobNamespace != "" || !single[0].InstallCRDs || crds != 1 {
		t.Errorf("single = %+v, CRD installs in multiple mode = %d", single, crds)
	}
	if _, ok := Values(cfg, single[0], "us-west-2")["affinity"]; ok {
		t.Error("single mode must not set the one-per-node anti-affinity")
	}
}

// TestValuesFollowTheChartLineage checks the values against the keys of the
// chart the EMR chart derives from (Kubeflow spark-on-k8s-operator chart
// 1.1.x, values.yaml and templates; see docs/spark-operator.md): the
// namespace key is sparkJobNamespace, one string; the hook-only objects
// (operator ServiceAccount, ClusterRole/Binding) must not be asked of the
// chart, because helm/v4.Chart drops hooks and the stack declares them;
// each multiple-mode webhook sees only its own namespace.
func TestValuesFollowTheChartLineage(t *testing.T) {
	t.Parallel()
	for _, mode := range []string{ModeMultiple, ModeSingle} {
		cfg := DefaultConfig()
		cfg.Mode = mode
		r := Releases(cfg, jobNamespaces)[0]
		v := Values(cfg, r, "us-west-2")
		if _, ok := v["sparkJobNamespaces"]; ok {
			t.Errorf("%s: sparkJobNamespaces is not a key of the chart (it reads sparkJobNamespace)", mode)
		}
		ns, ok := v["sparkJobNamespace"].(string)
		if !ok || ns != r.JobNamespace {
			t.Errorf("%s: sparkJobNamespace = %#v, want the string %q", mode, v["sparkJobNamespace"], r.JobNamespace)
		}
		sas := v["serviceAccounts"].(map[string]any)
		op := sas["sparkoperator"].(map[string]any)
		if op["create"] != false || op["name"] != DefaultOperatorSA {
			t.Errorf("%s: serviceAccounts.sparkoperator = %v: the chart's account is a pre-install hook, dropped by helm/v4.Chart", mode, op)
		}
		rbac, _ := v["rbac"].(map[string]any)
		for _, k := range []string{"create", "createRole", "createClusterRole"} {
			if rbac[k] != false {
				t.Errorf("%s: rbac.%s = %v, want false (the ClusterRole/Binding are hooks; the stack declares them)", mode, k, rbac[k])
			}
		}
		hook := v["webhook"].(map[string]any)
		sel, _ := hook["namespaceSelector"].(string)
		if want := map[string]string{ModeMultiple: "kubernetes.io/metadata.name=" + r.JobNamespace, ModeSingle: ""}[mode]; sel != want {
			t.Errorf("%s: webhook.namespaceSelector = %q, want %q", mode, sel, want)
		}
	}
}

// TestNamesFitForTheLongestConfig: Helm refuses release names over 53
// characters even when rendering, and the chart's webhook Service
// (<fullname>-webhook) must be a 63-character DNS label. The longest config
// allows 100 job namespaces of 63 characters.
func TestNamesFitForTheLongestConfig(t *testing.T) {
	t.Parallel()
	long := make([]string, 100)
	for i := range long {
		long[i] = fmt.Sprintf("%s-%d", strings.Repeat("n", 60), i) // 62..63 characters
	}
	for _, mode := range []string{ModeMultiple, ModeSingle} {
		cfg := DefaultConfig()
		cfg.Mode, cfg.Namespace = mode, strings.Repeat("s", 63)
		seen := map[string]bool{}
		for _, r := range Releases(cfg, long) {
			if err := chartcheck.CheckReleaseName(r.Name); err != nil || len(r.Name) > MaxReleaseName {
				t.Errorf("%s: %v", mode, err)
			}
			if svc := WebhookServiceName(r); !validate.IsDNSLabel(svc, validate.DNSLabelMax) {
				t.Errorf("%s: webhook service %q (%d chars) is not a DNS label", mode, svc, len(svc))
			}
			if seen[r.Name] {
				t.Errorf("%s: release name %q twice (it names a cluster-scoped webhook configuration)", mode, r.Name)
			}
			seen[r.Name] = true
		}
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		edit  func(*Config)
		wants []string
	}{
		{name: "defaults", edit: func(*Config) {}},
		{name: "single", edit: func(c *Config) { c.Mode = ModeSingle }},
		{name: "mode", edit: func(c *Config) { c.Mode = "per-namespace" }, wants: []string{`mode: "per-namespace"`}},
		{name: "threads", edit: func(c *Config) { c.ControllerThreads = 0 }, wants: []string{"controllerThreads: 0"}},
		{name: "quantity", edit: func(c *Config) { c.Resources.MemoryLimit = "2 GB" }, wants: []string{"resources.memoryLimit"}},
		{name: "toleration", edit: func(c *Config) { c.Placement.Tolerations[0].Effect = "Never" }, wants: []string{"placement.tolerations[0]"}},
		{name: "single ns", edit: func(c *Config) { c.Mode, c.Namespace = ModeSingle, "Spark" }, wants: []string{"namespace"}},
		{name: "unpinned", edit: func(c *Config) { c.ChartVersion = "" }, wants: []string{"chartVersion"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := DefaultConfig()
			tc.edit(&c)
			err := c.Validate()
			if len(tc.wants) == 0 && err != nil {
				t.Fatalf("want valid, got %v", err)
			}
			if len(tc.wants) > 0 && err == nil {
				t.Fatalf("want %q, got nil", tc.wants)
			}
			for _, w := range tc.wants {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestSparkDriverRulesGolden(t *testing.T) {
	t.Parallel()
	b, err := yaml.Marshal(SparkDriverRules())
	if err != nil {
		t.Fatal(err)
	}
	golden.Assert(t, "spark-driver-role", b)
}

// TestOperatorPodsMatchValues keeps OperatorPods in step with the values
// the chart receives: count of releases, requests, and the anti-affinity.
func TestOperatorPodsMatchValues(t *testing.T) {
	t.Parallel()
	for _, mode := range []string{ModeMultiple, ModeSingle} {
		cfg := DefaultConfig()
		cfg.Mode = mode
		p := OperatorPods(cfg, jobNamespaces)
		rels := Releases(cfg, jobNamespaces)
		v := Values(cfg, rels[0], "us-west-2")
		req := v["resources"].(map[string]any)["requests"].(map[string]any)
		aff := renderedAffinity(t, v)
		anti := aff != nil && aff.PodAntiAffinity != nil && len(aff.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution) > 0
		if p.Count != len(rels) || p.CPURequest != req["cpu"] || p.MemoryRequest != req["memory"] || p.OnePerNode != anti {
			t.Errorf("%s: pods %+v vs %d releases, requests %v, required anti-affinity %v", mode, p, len(rels), req, anti)
		}
	}
}

// TestSpreadSpansReleases decodes the rendered affinity with the
// Kubernetes API type: in multiple mode each release runs in its own
// namespace, so the spreading term needs a namespaceSelector (a term
// without one matches only its own namespace and spreads nothing).
func TestSpreadSpansReleases(t *testing.T) {
	t.Parallel()
	cfg := DefaultConfig()
	cfg.Mode = ModeMultiple
	aff := renderedAffinity(t, Values(cfg, Releases(cfg, jobNamespaces)[0], "us-west-2"))
	if aff == nil || aff.PodAntiAffinity == nil || len(aff.PodAntiAffinity.PreferredDuringSchedulingIgnoredDuringExecution) != 1 {
		t.Fatalf("want one preferred anti-affinity term, got %+v", aff)
	}
	term := aff.PodAntiAffinity.PreferredDuringSchedulingIgnoredDuringExecution[0].PodAffinityTerm
	if term.NamespaceSelector == nil || term.TopologyKey != "kubernetes.io/hostname" || term.LabelSelector == nil {
		t.Errorf("term must span namespaces on hostname with a label selector: %+v", term)
	}
}

func renderedAffinity(t *testing.T, v map[string]any) *corev1.Affinity {
	t.Helper()
	b, err := json.Marshal(v["affinity"])
	if err != nil {
		t.Fatal(err)
	}
	var a *corev1.Affinity
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil {
		t.Fatalf("affinity does not decode as corev1.Affinity: %v", err)
	}
	return a
}
