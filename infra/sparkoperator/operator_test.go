package sparkoperator

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/kubeprovider"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/pulumimock"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"
	rbacv1 "k8s.io/api/rbac/v1"

	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/sparkoperator"
)

var jobNamespaces = []string{"emr-job-0", "emr-job-1", "emr-job-2"}

const chartType = "kubernetes:helm.sh/v4:Chart"

const ecrTokenInvoke = "aws:ecr/getAuthorizationToken:getAuthorizationToken"

// newMock records every resource and invoke, answers the ECR token invoke
// and fails every other invoke.
func newMock() *pulumimock.Mock {
	return pulumimock.New().Invoke(ecrTokenInvoke, pulumimock.Constant(map[string]any{"userName": "AWS", "password": "tok"}))
}

// tokenFor is the registry of the last ECR token the program asked for ("" if none).
func tokenFor(m *pulumimock.Mock) string {
	registry := ""
	for _, c := range m.Calls() {
		if c.Token == ecrTokenInvoke {
			registry = c.Args["registryId"].StringValue()
		}
	}
	return registry
}

func deployOperator(t *testing.T, cfg spec.Config) (*pulumimock.Mock, map[string]any) {
	t.Helper()
	out := map[string]any{}
	rec := newMock()
	if err := rec.Run(func(ctx *pulumi.Context) error {
		kp, err := kubernetes.NewProvider(ctx, "k8s", &kubernetes.ProviderArgs{})
		if err != nil {
			return err
		}
		op, err := New(ctx, "so", Args{
			Config: cfg, Region: "us-west-2", JobNamespaces: jobNamespaces,
			ExecutionRoleARN: pulumi.String("arn:aws:iam::123456789012:role/exec"),
		}, pulumi.Providers(kp))
		if err != nil {
			return err
		}
		for k, o := range map[string]pulumi.Output{"mode": op.Mode, "namespaces": op.Namespaces} {
			r, err := internals.UnsafeAwaitOutput(ctx.Context(), o)
			if err != nil {
				return err
			}
			out[k] = r.Value
		}
		return nil
	}); err != nil {
		t.Fatalf("program failed: %v", err)
	}
	return rec, out
}

func TestOperatorModesUnderMocks(t *testing.T) {
	cases := []struct {
		mode       string
		charts     int
		namespaces int // Namespace objects this component declares
	}{
		{mode: spec.ModeMultiple, charts: 3, namespaces: 0},
		{mode: spec.ModeSingle, charts: 1, namespaces: 1},
	}
	for _, tc := range cases {
		t.Run(tc.mode, func(t *testing.T) {
			cfg := spec.DefaultConfig()
			cfg.Mode = tc.mode
			rec, out := deployOperator(t, cfg)
			charts := rec.ByTypeInOrder(chartType)
			if len(charts) != tc.charts || len(rec.ByTypeInOrder("kubernetes:core/v1:Namespace")) != tc.namespaces {
				t.Fatalf("charts = %d, namespaces = %d", len(charts), len(rec.ByTypeInOrder("kubernetes:core/v1:Namespace")))
			}
			skipped := 0
			for _, c := range charts {
				in := c.Inputs
				if in["chart"].StringValue() != "oci://895885662937.dkr.ecr.us-west-2.amazonaws.com/spark-operator" || in["version"].StringValue() != "7.9.0" {
					t.Errorf("chart %s = %v@%v", c.Name, in["chart"], in["version"])
				}
				if !strings.Contains(c.Provider, "::k8s::") {
					t.Errorf("chart %s provider %q", c.Name, c.Provider)
				}
				repo := in["repositoryOpts"].ObjectValue()
				if repo["username"].StringValue() != "AWS" {
					t.Errorf("repository opts = %v", repo)
				}
				if in["skipCrds"].BoolValue() {
					skipped++
				}
				vals := in["values"].ObjectValue()
				if vals["controllerThreads"].NumberValue() != 30 || vals["emrContainers"].ObjectValue()["awsRegion"].StringValue() != "us-west-2" {
					t.Errorf("values = %v", vals)
				}
			}
			if skipped != tc.charts-1 {
				t.Errorf("releases skipping CRDs = %d, want %d", skipped, tc.charts-1)
			}
			if tokenFor(rec) != "895885662937" {
				t.Errorf("ECR token requested for %q", tokenFor(rec))
			}
			var sas []pulumimock.Resource
			for _, sa := range rec.ByTypeInOrder("kubernetes:core/v1:ServiceAccount") {
				if sa.String("metadata", "name") == spec.DefaultSparkSA {
					sas = append(sas, sa)
				}
			}
			if len(sas) != 3 {
				t.Fatalf("spark service accounts = %d", len(sas))
			}
			ann := sas[0].Inputs["metadata"].ObjectValue()["annotations"].ObjectValue()
			if ann[RoleARNAnnotation].StringValue() != "arn:aws:iam::123456789012:role/exec" {
				t.Errorf("annotations = %v", ann)
			}
			if out["mode"] != tc.mode || len(out["namespaces"].([]string)) != 3 {
				t.Errorf("outputs = %v", out)
			}
		})
	}
}

func TestOperatorLocalChart(t *testing.T) {
	cfg := spec.DefaultConfig()
	cfg.ChartPath = "/charts/spark-operator"
	rec, _ := deployOperator(t, cfg)
	c := rec.ByTypeInOrder(chartType)[0]
	if c.Inputs["chart"].StringValue() != "/charts/spark-operator" || tokenFor(rec) != "" {
		t.Errorf("local chart = %v, token for %q", c.Inputs["chart"], tokenFor(rec))
	}
}

// Every Kubernetes object of both modes is declared with the provider
// handed down in New's options; New without one is refused.
func TestKubernetesChildrenInheritTheProvider(t *testing.T) {
	for _, mode := range []string{spec.ModeMultiple, spec.ModeSingle} {
		cfg := spec.DefaultConfig()
		cfg.Mode = mode
		rec, _ := deployOperator(t, cfg)
		for _, r := range rec.Resources() {
			if strings.HasPrefix(r.Type, "kubernetes:") && r.ProviderName() != "k8s" {
				t.Errorf("%s: %s %s uses provider %q, want k8s", mode, r.Type, r.Name, r.Provider)
			}
		}
	}
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		_, err := New(ctx, "so", Args{Config: spec.DefaultConfig(), Region: "us-west-2", JobNamespaces: jobNamespaces})
		return err
	}, pulumi.WithMocks("p", "s", newMock()))
	if !errors.Is(err, kubeprovider.ErrMissing) {
		t.Errorf("New without a Kubernetes provider: %v, want ErrMissing", err)
	}
}

func TestOperatorUnknownRegion(t *testing.T) {
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		kp, _ := kubernetes.NewProvider(ctx, "k8s", &kubernetes.ProviderArgs{})
		_, err := New(ctx, "so", Args{Config: spec.DefaultConfig(), Region: "mars-1", JobNamespaces: jobNamespaces}, pulumi.Providers(kp))
		return err
	}, pulumi.WithMocks("p", "s", newMock()))
	if err == nil || !strings.Contains(err.Error(), `"mars-1"`) {
		t.Fatalf("want unknown region error, got %v", err)
	}
}

// TestHookObjectsDeclaredUnderMocks: what the chart's dropped hooks would
// have created is declared by the component, and every chart waits for it.
func TestHookObjectsDeclaredUnderMocks(t *testing.T) {
	for _, tc := range []struct {
		mode    string
		webhook bool
	}{{spec.ModeMultiple, true}, {spec.ModeSingle, true}, {spec.ModeMultiple, false}} {
		t.Run(fmt.Sprintf("%s/webhook=%v", tc.mode, tc.webhook), func(t *testing.T) {
			cfg := spec.DefaultConfig()
			cfg.Mode, cfg.Webhook = tc.mode, tc.webhook
			rec, _ := deployOperator(t, cfg)
			releases := spec.Releases(cfg, jobNamespaces)
			operatorSAs := map[string]string{} // namespace -> URN
			for _, sa := range rec.ByTypeInOrder("kubernetes:core/v1:ServiceAccount") {
				if sa.String("metadata", "name") == spec.DefaultOperatorSA {
					operatorSAs[sa.String("metadata", "namespace")] = sa.URN
				}
			}
			roles, bindings := rec.ByTypeInOrder("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole"), rec.ByTypeInOrder("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding")
			if len(operatorSAs) != len(releases) || len(roles) != 1 || len(bindings) != 1 {
				t.Fatalf("operator accounts %v, cluster roles %d, bindings %d", operatorSAs, len(roles), len(bindings))
			}
			var rules []rbacv1.PolicyRule
			b, _ := json.Marshal(roles[0].Get("rules"))
			if err := json.Unmarshal(b, &rules); err != nil || !reflect.DeepEqual(rules, spec.OperatorRules()) {
				t.Errorf("cluster role rules = %s, want %+v", b, spec.OperatorRules())
			}
			subjects, _ := bindings[0].Get("subjects").([]any)
			if len(subjects) != len(releases) || bindings[0].String("roleRef", "kind") != "ClusterRole" {
				t.Errorf("binding = %v", bindings[0].Inputs)
			}
			for i, r := range releases {
				sub := subjects[i].(map[string]any)
				if sub["name"] != spec.DefaultOperatorSA || sub["namespace"] != r.Namespace || operatorSAs[r.Namespace] == "" {
					t.Errorf("subject %d = %v, want %s/%s", i, sub, r.Namespace, spec.DefaultOperatorSA)
				}
				chart := rec.Find(t, chartType, "so-"+r.Name)
				deps := strings.Join(chart.DependsOn, " ")
				if !strings.Contains(deps, bindings[0].URN) || !strings.Contains(deps, operatorSAs[r.Namespace]) {
					t.Errorf("chart %s does not wait for the operator account and its binding: %v", r.Name, chart.DependsOn)
				}
				secret, ok := rec.Named("kubernetes:core/v1:Secret", "so-"+r.Name+"-webhook-certs")
				if ok != tc.webhook {
					t.Fatalf("webhook secret of %s declared = %v, webhook = %v", r.Name, ok, tc.webhook)
				}
				if !ok {
					continue
				}
				if secret.String("metadata", "name") != spec.WebhookSecretName(r) || secret.String("metadata", "namespace") != r.Namespace ||
					len(secret.StringMap("stringData")) != 3 || !strings.Contains(deps, secret.URN) {
					t.Errorf("webhook secret %v (chart deps %v)", secret.Inputs["metadata"], chart.DependsOn)
				}
			}
		})
	}
}
