package emr

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/kubeprovider"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/pulumimock"
	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/emr"
	irsaspec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/irsa"
)

func validConfig() spec.Config { return spec.DefaultConfig() }

// testRoleName is the execution role name the component tests pass.
const testRoleName = "load-test-cluster-10-emr-exec"

// newMock records every resource, fails every invoke and gives the
// resources the provider-computed outputs the component reads.
func newMock() *pulumimock.Mock {
	out := func(key string, value func(r pulumimock.Resource) string) pulumimock.OutputFunc {
		return func(r pulumimock.Resource) map[string]any { return map[string]any{key: value(r)} }
	}
	return pulumimock.New().
		Outputs("aws:s3/bucketV2:BucketV2", out("bucket", func(r pulumimock.Resource) string { return r.Name + "-bucket" })).
		Outputs("aws:iam/role:Role", out("arn", func(r pulumimock.Resource) string { return "arn:aws:iam::123456789012:role/" + r.String("name") })).
		Outputs("aws:kms/key:Key", out("arn", func(r pulumimock.Resource) string { return "arn:aws:kms:us-west-2:123456789012:key/" + r.Name })).
		Outputs("aws:cloudwatch/logGroup:LogGroup", out("arn", func(r pulumimock.Resource) string {
			return "arn:aws:logs:us-west-2:123456789012:log-group:" + r.String("name") + ":*"
		})).
		Outputs("aws:ecr/repository:Repository", out("repositoryUrl", func(r pulumimock.Resource) string {
			return "123456789012.dkr.ecr.us-west-2.amazonaws.com/" + r.Name
		})).
		Outputs("aws:emrcontainers/virtualCluster:VirtualCluster", out("id", func(r pulumimock.Resource) string { return "vc-" + r.Name }))
}

// deployEMR runs New with cfg under mocks and returns the mock and the
// component's resolved outputs.
func deployEMR(t *testing.T, cfg spec.Config) (*pulumimock.Mock, map[string]any) {
	t.Helper()
	got := map[string]any{}
	rec := newMock()
	if err := rec.Run(func(ctx *pulumi.Context) error {
		kp, err := kubernetes.NewProvider(ctx, "k8s", &kubernetes.ProviderArgs{})
		if err != nil {
			return err
		}
		c, err := New(ctx, "emr", testArgs(cfg), pulumi.Providers(kp))
		if err != nil {
			return err
		}
		for k, o := range map[string]pulumi.Output{
			"vcs": c.VirtualClusterIDs, "role": c.ExecutionRoleARN, "bucket": c.Bucket,
			"release": c.ReleaseLabel, "account": c.EMRImageAccount, "image": c.BenchmarkImage,
		} {
			r, err := internals.UnsafeAwaitOutput(ctx.Context(), o)
			if err != nil {
				return err
			}
			got[k] = r.Value
		}
		return nil
	}); err != nil {
		t.Fatalf("program failed: %v", err)
	}
	return rec, got
}

func TestEMRUnderMocks(t *testing.T) {
	cfg := validConfig()
	cfg.NamespaceCount = 3
	rec, out := deployEMR(t, cfg)

	if n := len(rec.ByTypeInOrder("aws:emrcontainers/virtualCluster:VirtualCluster")); n != 3 {
		t.Errorf("virtual clusters = %d, want 3", n)
	}
	for _, typ := range []string{"kubernetes:core/v1:Namespace"} {
		for _, r := range rec.ByTypeInOrder(typ) {
			if !strings.Contains(r.Provider, "::k8s::") {
				t.Errorf("%s %s uses provider %q, want the given one", typ, r.Name, r.Provider)
			}
		}
		if n := len(rec.ByTypeInOrder(typ)); n != 3 {
			t.Errorf("%s count = %d, want 3", typ, n)
		}
	}
	vc, _ := rec.NamedSuffix("aws:emrcontainers/virtualCluster:VirtualCluster", "emr-job-1")
	if ns := vc.Inputs["containerProvider"].ObjectValue()["info"].ObjectValue()["eksInfo"].ObjectValue()["namespace"].StringValue(); ns != "emr-job-1" {
		t.Errorf("virtual cluster namespace = %q", ns)
	}
	if vc.Inputs["name"].StringValue() != "lt-emr-job-1" || vc.Inputs["tags"].ObjectValue()["emr-eks-loadtest/namespace"].StringValue() != "emr-job-1" {
		t.Errorf("virtual cluster name/tags = %v / %v", vc.Inputs["name"], vc.Inputs["tags"])
	}
	if !dependsOnAll(vc, "EMRJobNamespaces") {
		t.Errorf("virtual cluster deps %v lack the job namespaces component", vc.DependsOn)
	}
	role, _ := rec.NamedSuffix("aws:iam/role:Role", "exec")
	var trust struct {
		Statement []struct{ Condition map[string]map[string]any }
	}
	if err := json.Unmarshal([]byte(role.Inputs["assumeRolePolicy"].StringValue()), &trust); err != nil || len(trust.Statement) != 2 {
		t.Fatalf("trust statements = %d (%v), want 1 for the job namespaces + 1 IRSA", len(trust.Statement), err)
	}
	for _, subs := range trust.Statement[0].Condition["StringLike"] {
		if l, ok := subs.([]any); !ok || len(l) != 3 {
			t.Errorf("job-run subjects = %v, want one per namespace (3)", subs)
		}
	}
	vcs := out["vcs"].(map[string]string)
	if len(vcs) != 3 || vcs["emr-job-2"] != "vc-emr-emr-job-2" {
		t.Errorf("virtual cluster ids = %v", vcs)
	}
	if out["account"] != "895885662937" || out["release"] != cfg.ReleaseLabel || out["role"] != "arn:aws:iam::123456789012:role/"+testRoleName {
		t.Errorf("outputs = %v", out)
	}
	if out["image"] != "123456789012.dkr.ecr.us-west-2.amazonaws.com/emr-benchmark:3.1.2" {
		t.Errorf("benchmark image = %v", out["image"])
	}
}

func TestEMRBucketModes(t *testing.T) {
	cases := []struct {
		name       string
		encryption string
		algo       string
		keys       int
	}{
		{name: "sse-s3", encryption: spec.EncryptionS3, algo: "AES256", keys: 0},
		{name: "sse-kms", encryption: spec.EncryptionKMS, algo: "aws:kms", keys: 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := validConfig()
			cfg.Encryption, cfg.ForceDestroy = tc.encryption, true
			rec, _ := deployEMR(t, cfg)
			sse := rec.ByTypeInOrder("aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2")
			if len(sse) != 1 {
				t.Fatalf("sse configs = %d", len(sse))
			}
			rule := sse[0].Inputs["rules"].ArrayValue()[0].ObjectValue()["applyServerSideEncryptionByDefault"].ObjectValue()
			if rule["sseAlgorithm"].StringValue() != tc.algo || len(rec.ByTypeInOrder("aws:kms/key:Key")) != tc.keys {
				t.Errorf("sse = %v, keys = %d", rule, len(rec.ByTypeInOrder("aws:kms/key:Key")))
			}
			b := rec.ByTypeInOrder("aws:s3/bucketV2:BucketV2")[0]
			if !b.Inputs["forceDestroy"].BoolValue() {
				t.Error("forceDestroy not passed")
			}
			pab := rec.ByTypeInOrder("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")[0].Inputs
			for _, k := range []string{"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"} {
				if !pab[resource.PropertyKey(k)].BoolValue() {
					t.Errorf("public access block %s is off", k)
				}
			}
			own := rec.ByTypeInOrder("aws:s3/bucketOwnershipControls:BucketOwnershipControls")[0].Inputs
			if own["rule"].ObjectValue()["objectOwnership"].StringValue() != "BucketOwnerEnforced" {
				t.Errorf("ownership = %v", own)
			}
			lc := rec.ByTypeInOrder("aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2")[0].Inputs["rules"].ArrayValue()[0].ObjectValue()
			if lc["expiration"].ObjectValue()["days"].NumberValue() != 30 || lc["filter"].ObjectValue()["prefix"].StringValue() != "logs/" {
				t.Errorf("lifecycle = %v", lc)
			}
			pol := rec.ByTypeInOrder("aws:iam/rolePolicy:RolePolicy")[0].Inputs["policy"].StringValue()
			if strings.Contains(pol, "kms:Decrypt") != (tc.keys == 1) {
				t.Errorf("kms statement presence wrong: %s", pol)
			}
		})
	}
}

func testArgs(cfg spec.Config) Args {
	return Args{
		Config: cfg, ExecutionRoleName: testRoleName, ClusterName: pulumi.String("lt"), Region: pulumi.String("us-west-2"),
		AccountID:            pulumi.String("123456789012"),
		OIDCProviderARN:      pulumi.String("arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/ABC"),
		IssuerURL:            pulumi.String("https://oidc.eks.us-west-2.amazonaws.com/id/ABC"),
		SparkServiceAccounts: []irsaspec.ServiceAccount{{Namespace: "emr-job-0", Name: "emr-containers-sa-spark"}},
		Tags:                 map[string]string{"project": "emr-eks-loadtest"},
	}
}

func TestEMRRefusesNoKubernetesProvider(t *testing.T) {
	err := pulumimock.New().Run(func(ctx *pulumi.Context) error {
		_, err := New(ctx, "emr", testArgs(validConfig()))
		return err
	})
	if !errors.Is(err, kubeprovider.ErrMissing) {
		t.Errorf("New without a Kubernetes provider: %v, want ErrMissing", err)
	}
}

func TestEMRRejectsBadConfig(t *testing.T) {
	cfg := validConfig()
	cfg.Encryption = "none"
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		_, err := New(ctx, "emr", Args{Config: cfg})
		return err
	}, pulumi.WithMocks("p", "s", pulumimock.New()))
	for _, want := range []string{"emr.encryption", "emr.executionRoleName"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("want an error naming %s, got %v", want, err)
		}
	}
}

func dependsOnAll(r pulumimock.Resource, parts ...string) bool {
	for _, p := range parts {
		found := false
		for _, d := range r.DependsOn {
			found = found || strings.Contains(d, p)
		}
		if !found {
			return false
		}
	}
	return true
}
