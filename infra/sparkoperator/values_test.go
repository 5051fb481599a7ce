package sparkoperator

import (
	"strings"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/golden"
	"sigs.k8s.io/yaml"
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
		if r.Namespace != jobNamespaces[i] || len(r.Watches) != 1 || r.Watches[0] != jobNamespaces[i] {
			t.Errorf("release %d = %+v, want it in and watching only %s", i, r, jobNamespaces[i])
		}
		if r.InstallCRDs {
			crds++
		}
	}
	cfg.Mode = ModeSingle
	single := Releases(cfg, jobNamespaces)
	if len(single) != 1 || single[0].Namespace != DefaultNamespace || len(single[0].Watches) != 3 || !single[0].InstallCRDs || crds != 1 {
		t.Errorf("single = %+v, CRD installs in multiple mode = %d", single, crds)
	}
	if _, ok := Values(cfg, single[0], "us-west-2")["affinity"]; ok {
		t.Error("single mode must not set the one-per-node anti-affinity")
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
		{name: "mode", edit: func(c *Config) { c.Mode = "per-namespace" }, wants: []string{`sparkOperator.mode: "per-namespace"`}},
		{name: "threads", edit: func(c *Config) { c.ControllerThreads = 0 }, wants: []string{"sparkOperator.controllerThreads: 0"}},
		{name: "quantity", edit: func(c *Config) { c.Resources.MemoryLimit = "2 GB" }, wants: []string{"sparkOperator.resources.memoryLimit"}},
		{name: "toleration", edit: func(c *Config) { c.Tolerations[0].Effect = "Never" }, wants: []string{"sparkOperator.tolerations[0]"}},
		{name: "single ns", edit: func(c *Config) { c.Mode, c.Namespace = ModeSingle, "Spark" }, wants: []string{"sparkOperator.namespace"}},
		{name: "unpinned", edit: func(c *Config) { c.ChartVersion = "" }, wants: []string{"sparkOperator.chartVersion"}},
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
