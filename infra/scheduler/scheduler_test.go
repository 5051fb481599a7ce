package scheduler

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/kubeprovider"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/placement"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	schedv1 "k8s.io/kube-scheduler/config/v1"
	"sigs.k8s.io/yaml"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/golden"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/pulumimock"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/validate"
	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/scheduler"
)

func TestConfigYAMLGolden(t *testing.T) {
	t.Parallel()
	got, err := spec.ConfigYAML(spec.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	golden.AssertFile(t, "scheduler-config.yaml.golden", []byte(got))
}

func TestConfigRendersQPSBurstWeightsAndName(t *testing.T) {
	t.Parallel()
	cfg := spec.Defaults()
	cfg.Name, cfg.QPS, cfg.Burst, cfg.CPUWeight, cfg.MemoryWeight = "packer", 123, 456, 7, 3
	text, err := spec.ConfigYAML(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var back schedv1.KubeSchedulerConfiguration
	if err := yaml.UnmarshalStrict([]byte(text), &back); err != nil {
		t.Fatalf("decoding rendered config strictly: %v\n%s", err, text)
	}
	if back.ClientConnection.QPS != 123 || back.ClientConnection.Burst != 456 {
		t.Errorf("clientConnection = %+v, want qps 123 burst 456", back.ClientConnection)
	}
	if back.LeaderElection.ResourceName != "packer" || len(back.Profiles) != 1 || *back.Profiles[0].SchedulerName != "packer" {
		t.Errorf("names not rendered: %s", text)
	}
	var args schedv1.NodeResourcesFitArgs
	if err := yaml.UnmarshalStrict(back.Profiles[0].PluginConfig[0].Args.Raw, &args); err != nil {
		t.Fatalf("decoding NodeResourcesFit args: %v", err)
	}
	s := args.ScoringStrategy
	if s.Type != schedv1.MostAllocated || s.Resources[0].Weight != 7 || s.Resources[1].Weight != 3 {
		t.Errorf("scoring strategy = %+v", s)
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		edit  func(*spec.Config)
		wants []string
	}{
		{"defaults", func(*spec.Config) {}, nil},
		{"default scheduler name", func(c *spec.Config) { c.Name = "default-scheduler" }, []string{"name"}},
		{"bad weights and qps", func(c *spec.Config) { c.CPUWeight, c.MemoryWeight, c.Burst = 0, 101, 1 },
			[]string{"cpuWeight", "memoryWeight", "burst"}},
		{"replicas and minor", func(c *spec.Config) { c.Replicas, c.KubernetesMinor = 0, "1.20" },
			[]string{"replicas", "kubernetesMinor"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := spec.Defaults()
			tt.edit(&cfg)
			err := cfg.Validate()
			var got []string
			for _, fe := range validate.Fields(err) {
				got = append(got, fe.Field)
			}
			if !slices.Equal(got, tt.wants) {
				t.Errorf("Validate() = %v: fields %v, want %v", err, got, tt.wants)
			}
		})
	}
}

func TestComponentUnderMocks(t *testing.T) {
	cfg := spec.Defaults()
	cfg.Placement.NodeSelector = map[string]string{"role": "operational"}
	cfg.Placement.Tolerations = []placement.Toleration{{Key: "operational", Operator: "Exists", Effect: "NoSchedule"}}
	// No invoke handlers: this component makes none, so any invoke fails.
	r := pulumimock.New()
	if err := r.Run(func(ctx *pulumi.Context) error {
		p, err := kubernetes.NewProvider(ctx, "k8s", &kubernetes.ProviderArgs{})
		if err != nil {
			return err
		}
		_, err = New(ctx, "binpacking", Args{Config: cfg}, pulumi.Providers(p))
		return err
	}); err != nil {
		t.Fatalf("program: %v", err)
	}
	want := map[string]string{
		"binpacking":                  "kubernetes:apps/v1:Deployment",
		"binpacking-config":           "kubernetes:core/v1:ConfigMap",
		"binpacking-kube-scheduler":   "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
		"binpacking-volume-scheduler": "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
		"binpacking-lease":            "kubernetes:rbac.authorization.k8s.io/v1:Role",
		"binpacking-auth-reader":      "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
	}
	for name, typ := range want {
		// The first resource registered under the name, whatever its type.
		i := slices.IndexFunc(r.Resources(), func(x pulumimock.Resource) bool { return x.Name == name })
		if i < 0 {
			t.Errorf("resource %s not declared", name)
			continue
		}
		got := r.Resources()[i]
		if got.Type != typ && !(name == "binpacking" && got.Type == Type) && !(name == "binpacking-lease" && strings.HasSuffix(got.Type, ":RoleBinding")) {
			t.Errorf("%s: type %s, want %s", name, got.Type, typ)
		}
	}
	for _, x := range r.Resources() {
		if strings.HasPrefix(x.Type, "kubernetes:") && !strings.Contains(x.Provider, "k8s") {
			t.Errorf("%s %s not created through the given provider (provider %q)", x.Type, x.Name, x.Provider)
		}
	}
	err := pulumimock.New().Run(func(ctx *pulumi.Context) error {
		_, err := New(ctx, "binpacking", Args{Config: cfg})
		return err
	})
	if !errors.Is(err, kubeprovider.ErrMissing) {
		t.Errorf("New without a Kubernetes provider: %v, want ErrMissing", err)
	}
	dep, ok := r.Named("kubernetes:apps/v1:Deployment", "binpacking")
	if !ok {
		t.Fatalf("no kubernetes:apps/v1:Deployment named binpacking")
	}
	golden.AssertJSONFile(t, "deployment.golden.json", dep.Inputs.Mappable())
	if len(dep.DependsOn) < 6 {
		t.Errorf("deployment depends on %v, want its service account, bindings and config map", dep.DependsOn)
	}
}
