package sparkoperator

import (
	"strings"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/pulumimock"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"
)

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

func deployOperator(t *testing.T, cfg Config) (*pulumimock.Mock, map[string]any) {
	t.Helper()
	out := map[string]any{}
	rec := newMock()
	if err := rec.Run(func(ctx *pulumi.Context) error {
		kp, err := kubernetes.NewProvider(ctx, "k8s", &kubernetes.ProviderArgs{})
		if err != nil {
			return err
		}
		op, err := NewSparkOperator(ctx, "so", Args{
			Config: cfg, Region: "us-west-2", JobNamespaces: jobNamespaces,
			ExecutionRoleARN: pulumi.String("arn:aws:iam::123456789012:role/exec"), KubeProvider: kp,
		})
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
		{mode: ModeMultiple, charts: 3, namespaces: 0},
		{mode: ModeSingle, charts: 1, namespaces: 1},
	}
	for _, tc := range cases {
		t.Run(tc.mode, func(t *testing.T) {
			cfg := DefaultConfig()
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
				if !strings.Contains(c.Provider, "::k8s::") && c.Provider != "" {
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
			sas := rec.ByTypeInOrder("kubernetes:core/v1:ServiceAccount")
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
	cfg := DefaultConfig()
	cfg.ChartPath = "/charts/spark-operator"
	rec, _ := deployOperator(t, cfg)
	c := rec.ByTypeInOrder(chartType)[0]
	if c.Inputs["chart"].StringValue() != "/charts/spark-operator" || tokenFor(rec) != "" {
		t.Errorf("local chart = %v, token for %q", c.Inputs["chart"], tokenFor(rec))
	}
}

func TestOperatorUnknownRegion(t *testing.T) {
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		kp, _ := kubernetes.NewProvider(ctx, "k8s", &kubernetes.ProviderArgs{})
		_, err := NewSparkOperator(ctx, "so", Args{Config: DefaultConfig(), Region: "mars-1", JobNamespaces: jobNamespaces, KubeProvider: kp})
		return err
	}, pulumi.WithMocks("p", "s", newMock()))
	if err == nil || !strings.Contains(err.Error(), `"mars-1"`) {
		t.Fatalf("want unknown region error, got %v", err)
	}
}
