package stackconfig

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/testenv"
)

func fitConfig(p Preset, edit func(*Config)) Config {
	cfg := Defaults(p)
	cfg.Region = "us-west-2"
	if edit != nil {
		edit(&cfg)
	}
	return cfg
}

// Both presets must fit their own operational nodes.
func TestFitPresets(t *testing.T) {
	t.Parallel()
	for _, p := range Presets {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			cfg := fitConfig(p, nil)
			for _, err := range cfg.fitChecks() {
				t.Error(err)
			}
		})
	}
}

func TestFitRejects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		p    Preset
		edit func(*Config)
		want []string // substrings of one error
	}{
		{"ten operators on two small nodes", PresetScale, func(c *Config) {
			c.SparkOperator.Mode, c.EMR.NamespaceCount, c.NodeGroups.OpsNodeCount = "multiple", 10, 2
			c.NodeGroups.OpsInstanceTypes = []string{"m5.xlarge"}
		}, []string{keyOpsNodeCount, "CPU", "short by", "spark operator 5000", keyJobNamespaceCount, keySparkOperatorMode}},
		{"karpenter replicas above node count", PresetDev, func(c *Config) {
			c.Karpenter.Replicas, c.NodeGroups.OpsNodeCount = 3, 2
		}, []string{keyOpsNodeCount, "3 karpenter pods", keyKarpenterReplicas}},
		{"CPU short on one small node", PresetDev, func(c *Config) {
			c.NodeGroups.OpsNodeCount, c.Karpenter.Replicas = 1, 1
		}, []string{keyOpsNodeCount, "CPU", "short by", keyOpsInstanceTypes, keySparkOperatorCPUReq}},
		{"a pod larger than a node", PresetDev, func(c *Config) {
			c.SparkOperator.Resources.CPURequest = "3"
		}, []string{keyOpsInstanceTypes, "one spark operator pod requests 3000m"}},
		{"unknown instance type", PresetDev, func(c *Config) {
			c.NodeGroups.OpsInstanceTypes = []string{"z9.huge"}
		}, []string{keyOpsInstanceTypes, "z9.huge", "m5.large"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := fitConfig(tt.p, tt.edit)
			err := cfg.Validate()
			if err == nil {
				t.Fatal("Validate accepted a config that cannot fit")
			}
			for _, line := range strings.Split(err.Error(), "\n") {
				if containsAll(line, tt.want) {
					return
				}
			}
			t.Fatalf("no error names all of %q:\n%v", tt.want, err)
		})
	}
}

func containsAll(s string, subs []string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}

// The requests the fit check assumes for charts we do not size are the
// real charts' defaults (read from their Go modules), and Karpenter's
// chart really requires one replica per host.
func TestFitChartDefaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		module, values, path string
		want                 any
	}{
		{"sigs.k8s.io/metrics-server@v0.7.2", "charts/metrics-server/values.yaml", "resources.requests.cpu", "100m"},
		{"sigs.k8s.io/metrics-server@v0.7.2", "charts/metrics-server/values.yaml", "resources.requests.memory", "200Mi"},
		{"github.com/aws/amazon-vpc-cni-k8s@v1.23.2", "charts/aws-vpc-cni/values.yaml", "resources.requests.cpu", "25m"},
		{"github.com/aws/karpenter-provider-aws@v1.8.6", "charts/karpenter/values.yaml",
			"affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution", []any{map[string]any{"topologyKey": "kubernetes.io/hostname"}}},
	}
	consts := map[string]string{"100m": q(metricsServerMilliCPU, "m"), "200Mi": q(metricsServerMiB, "Mi"), "25m": q(awsNodeMilliCPU, "m")}
	for _, tt := range tests {
		t.Run(tt.module+" "+tt.path, func(t *testing.T) {
			t.Parallel()
			got := chartValue(t, tt.module, tt.values, tt.path)
			if s, ok := tt.want.(string); ok && consts[s] != s {
				t.Fatalf("constant %s differs from the chart's %s", consts[s], s)
			}
			if !equalJSON(t, got, tt.want) {
				t.Fatalf("%s %s = %v, the fit check assumes %v", tt.values, tt.path, got, tt.want)
			}
		})
	}
	cfg := fitConfig(PresetDev, nil)
	for _, p := range cfg.opsWorkloads() {
		if p.name == "karpenter" && !p.onePerNode {
			t.Fatal("karpenter must count one replica per node")
		}
	}
}

func q(v int64, unit string) string { return strings.TrimSpace(itoa(v) + unit) }

func itoa(v int64) string { b, _ := yaml.Marshal(v); return strings.TrimSpace(string(b)) }

func chartValue(t *testing.T, module, file, path string) any {
	t.Helper()
	dir, err := testenv.ModuleDir(context.Background(), module)
	if err != nil {
		if testenv.Required() {
			t.Fatal(err)
		}
		t.Skipf("chart module not obtainable here: %v", err)
	}
	b, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := yaml.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	for _, k := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			t.Fatalf("%s: %s is not a map at %q", file, path, k)
		}
		v = m[k]
	}
	return v
}

func equalJSON(t *testing.T, a, b any) bool {
	t.Helper()
	x, err1 := yaml.Marshal(a)
	y, err2 := yaml.Marshal(b)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	return string(x) == string(y)
}

// A required anti-affinity term is namespace-local unless it names
// namespaces or a namespaceSelector (PodAffinityTerm API); multiple-mode
// operators each live in their own namespace.
func TestHostAntiAffinityAcrossNamespaces(t *testing.T) {
	t.Parallel()
	term := func(mod func(*corev1.PodAffinityTerm)) *corev1.Affinity {
		x := corev1.PodAffinityTerm{TopologyKey: "kubernetes.io/hostname",
			LabelSelector: &metav1.LabelSelector{MatchLabels: map[string]string{"app": "op"}}}
		mod(&x)
		return &corev1.Affinity{PodAntiAffinity: &corev1.PodAntiAffinity{RequiredDuringSchedulingIgnoredDuringExecution: []corev1.PodAffinityTerm{x}}}
	}
	tests := []struct {
		name string
		a    *corev1.Affinity
		want bool
	}{
		{"none", nil, false},
		{"own namespace only", term(func(*corev1.PodAffinityTerm) {}), false},
		{"every namespace", term(func(x *corev1.PodAffinityTerm) { x.NamespaceSelector = &metav1.LabelSelector{} }), true},
		{"zone key", term(func(x *corev1.PodAffinityTerm) {
			x.TopologyKey, x.NamespaceSelector = "topology.kubernetes.io/zone", &metav1.LabelSelector{}
		}), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := hostAntiAffinityAcrossNamespaces(tt.a); got != tt.want {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
}
