package loadgenapp

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/kubeprovider"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/golden"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/outputs"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/pulumimock"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"sigs.k8s.io/yaml"

	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/loadgenapp"
)

func enabled() spec.Config {
	c := spec.DefaultConfig()
	c.Enabled, c.Start, c.Workers, c.Args = true, true, 3, []string{"--rate=150/min", "--duration=30m"}
	return c
}

func TestValidate(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		edit  func(*spec.Config)
		wants []string
	}{
		{name: "defaults", edit: func(*spec.Config) {}},
		{name: "workers", edit: func(c *spec.Config) { c.Workers = 0 }, wants: []string{"workers: 0"}},
		{name: "target", edit: func(c *spec.Config) { c.Target = "locust" }, wants: []string{`target: "locust"`}},
		{name: "owned flag", edit: func(c *spec.Config) { c.Args = []string{"--workers=9"} }, wants: []string{"args[0]: --workers is set by the stack; use loadgenApp.workers"}},
		{name: "owned web address", edit: func(c *spec.Config) { c.Args = []string{"--web-addr=:9000"} }, wants: []string{"args[0]: --web-addr is set by the stack; use loadgenApp.webPort"}},
		{name: "not a flag", edit: func(c *spec.Config) { c.Args = []string{"rate=1/s"} }, wants: []string{"args[0]: "}},
		{name: "port", edit: func(c *spec.Config) { c.WebPort = 80 }, wants: []string{"webPort: 80 is out of range"}},
		{name: "prefix", edit: func(c *spec.Config) { c.ResultsPrefix = "/results" }, wants: []string{"resultsPrefix: "}},
		{name: "template", edit: func(c *spec.Config) { c.Template = "" }, wants: []string{"template: empty"}},
		{name: "start without enabled", edit: func(c *spec.Config) { c.Start, c.Enabled = true, false }, wants: []string{"start: true needs enabled (key loadgenApp) true"}},
		{name: "image", edit: func(c *spec.Config) { c.Image = "loadgen" }, wants: []string{"image: \"loadgen\" is not a pinned image"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := enabled()
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

func TestPolicyGolden(t *testing.T) {
	t.Parallel()
	doc, err := spec.Policy(spec.PolicyParams{
		Partition: "aws", Region: "us-west-2", AccountID: "123456789012", VirtualClusterIDs: []string{"vc2", "vc1"},
		ExecutionRoleARN: "arn:aws:iam::123456789012:role/exec", Bucket: "jobs", ResultsPrefix: spec.DefaultResultsPrefix,
	})
	if err != nil {
		t.Fatal(err)
	}
	if w := doc.WildcardActions(); len(w) > 0 {
		t.Errorf("wildcard actions %v", w)
	}
	for _, s := range doc.Statement {
		for _, r := range s.Resource {
			if r == "*" {
				t.Errorf("statement %s on every resource", s.Sid)
			}
		}
	}
	golden.Assert(t, "policy", []byte(doc.MustJSON()))
}

func TestRulesGolden(t *testing.T) {
	t.Parallel()
	b, err := yaml.Marshal(spec.JobNamespaceRules())
	if err != nil {
		t.Fatal(err)
	}
	golden.Assert(t, "job-namespace-role", b)
}

func TestOutputsJSONDecodesAsStackOutputs(t *testing.T) {
	t.Parallel()
	in := spec.OutputValues{
		ClusterName: "lt", Region: "us-west-2", AccountID: "123456789012", JobNamespaces: []string{"emr-job-0"},
		VirtualClusterIDs: map[string]string{"emr-job-0": "vc0"}, ExecutionRoleARN: "arn:aws:iam::123456789012:role/exec",
		Bucket: "jobs", ReleaseLabel: "emr-7.9.0-latest", EMRImageAccount: "895885662937", BenchmarkImage: "repo:3.1.2",
		SparkOperatorMode: "multiple", SparkOperatorNamespaces: []string{"emr-job-0"},
	}
	doc, err := spec.OutputsJSON(in)
	if err != nil {
		t.Fatal(err)
	}
	golden.Assert(t, "outputs", []byte(doc))
	st, err := outputs.Decode(strings.NewReader(doc))
	if err != nil {
		t.Fatalf("loadgen cannot decode it: %v", err)
	}
	if st.VirtualClusterIDs["emr-job-0"] != "vc0" || st.ExecutionRoleARN != in.ExecutionRoleARN || st.SparkOperatorMode != "multiple" || len(st.Extra) != 0 {
		t.Errorf("decoded %+v", st)
	}
}

func TestReadTemplate(t *testing.T) {
	t.Parallel()
	for _, target := range []string{"emr", "operator"} {
		for _, name := range []string{"spark-pi", "tpcds"} {
			if _, err := spec.ReadTemplate("../..", target, name); err != nil {
				t.Errorf("%s %s: %v", target, name, err)
			}
		}
	}
	if _, err := spec.ReadTemplate("../..", "emr", "nope"); err == nil || !strings.Contains(err.Error(), "loadgenApp.template") {
		t.Errorf("missing template: %v", err)
	}
}

// newMock records every resource, fails every invoke and gives the
// resources the provider-computed outputs the component reads.
func newMock() *pulumimock.Mock {
	out := func(key string, value func(r pulumimock.Resource) string) pulumimock.OutputFunc {
		return func(r pulumimock.Resource) map[string]any { return map[string]any{key: value(r)} }
	}
	return pulumimock.New().
		Outputs("aws:s3/bucketV2:BucketV2", out("bucket", func(r pulumimock.Resource) string { return r.Name + "-bucket" })).
		Outputs("aws:iam/role:Role", out("arn", func(r pulumimock.Resource) string { return "arn:aws:iam::123456789012:role/" + r.Name })).
		Outputs("aws:kms/key:Key", out("arn", func(r pulumimock.Resource) string { return "arn:aws:kms:us-west-2:123456789012:key/" + r.Name })).
		Outputs("aws:cloudwatch/logGroup:LogGroup", out("arn", func(r pulumimock.Resource) string {
			return "arn:aws:logs:us-west-2:123456789012:log-group:" + r.String("name") + ":*"
		})).
		Outputs("aws:ecr/repository:Repository", out("repositoryUrl", func(r pulumimock.Resource) string {
			return "123456789012.dkr.ecr.us-west-2.amazonaws.com/" + r.Name
		})).
		Outputs("aws:emrcontainers/virtualCluster:VirtualCluster", out("id", func(r pulumimock.Resource) string { return "vc-" + r.Name }))
}

func deployApp(t *testing.T, cfg spec.Config) *pulumimock.Mock {
	t.Helper()
	m := newMock()
	if err := m.Run(func(ctx *pulumi.Context) error {
		kp, err := kubernetes.NewProvider(ctx, "k8s", &kubernetes.ProviderArgs{})
		if err != nil {
			return err
		}
		_, err = New(ctx, "lg", testArgs(cfg), pulumi.Providers(kp))
		return err
	}); err != nil {
		t.Fatalf("program failed: %v", err)
	}
	return m
}

func testArgs(cfg spec.Config) Args {
	return Args{
		Config: cfg, TemplateRoot: "../..", ClusterName: pulumi.String("lt"), Region: pulumi.String("us-west-2"),
		AccountID:         pulumi.String("123456789012"),
		OIDCProviderARN:   pulumi.String("arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/ABC"),
		IssuerURL:         pulumi.String("https://oidc.eks.us-west-2.amazonaws.com/id/ABC"),
		JobNamespaces:     []string{"emr-job-0", "emr-job-1"},
		VirtualClusterIDs: pulumi.StringMap{"emr-job-0": pulumi.String("vc0"), "emr-job-1": pulumi.String("vc1")},
		ExecutionRoleARN:  pulumi.String("arn:aws:iam::123456789012:role/exec"), Bucket: pulumi.String("jobs"),
		ReleaseLabel: pulumi.String("emr-7.9.0-latest"), EMRImageAccount: pulumi.String("895885662937"),
		BenchmarkImage: pulumi.String("b:1"), SparkOperatorMode: pulumi.String("multiple"),
		SparkOperatorNamespaces: []string{"emr-job-0", "emr-job-1"},
	}
}

// Every Kubernetes object is declared with the provider handed down in
// New's options; New without one is refused.
func TestKubernetesChildrenInheritTheProvider(t *testing.T) {
	rec := deployApp(t, enabled())
	for _, r := range rec.Resources() {
		if strings.HasPrefix(r.Type, "kubernetes:") && r.ProviderName() != "k8s" {
			t.Errorf("%s %s uses provider %q, want k8s", r.Type, r.Name, r.Provider)
		}
	}
	err := newMock().Run(func(ctx *pulumi.Context) error {
		_, err := New(ctx, "lg", testArgs(enabled()))
		return err
	})
	if !errors.Is(err, kubeprovider.ErrMissing) {
		t.Errorf("New without a Kubernetes provider: %v, want ErrMissing", err)
	}
}

func TestLoadgenAppUnderMocks(t *testing.T) {
	rec := deployApp(t, enabled())
	jobs := rec.ByTypeInOrder("kubernetes:batch/v1:Job")
	if len(jobs) != 1 || !strings.Contains(jobs[0].Provider, "::k8s::") {
		t.Fatalf("jobs = %+v", jobs)
	}
	spec := jobs[0].Inputs["spec"].ObjectValue()
	if spec["completionMode"].StringValue() != "Indexed" || spec["completions"].NumberValue() != 3 || spec["parallelism"].NumberValue() != 3 {
		t.Errorf("job spec = %v", spec)
	}
	b, err := json.MarshalIndent(jobs[0].Inputs["spec"].Mappable(), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden.Assert(t, "job-spec", b)
	if n := len(rec.ByTypeInOrder("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding")); n != 2 {
		t.Errorf("role bindings = %d, want one per job namespace", n)
	}
	if n := len(rec.ByTypeInOrder("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding")); n != 0 {
		t.Errorf("cluster role bindings = %d, want none", n)
	}
	cm := rec.ByTypeInOrder("kubernetes:core/v1:ConfigMap")[0].Inputs["data"].ObjectValue()
	st, err := outputs.Decode(strings.NewReader(cm["outputs.json"].StringValue()))
	if err != nil || st.VirtualClusterIDs["emr-job-1"] != "vc1" || !strings.Contains(cm["template.json"].StringValue(), "virtualClusterId") {
		t.Errorf("configmap outputs %+v (%v), template %q", st, err, cm["template.json"].StringValue())
	}
	role, _ := rec.NamedSuffix("aws:iam/role:Role", "lg")
	if !strings.Contains(role.Inputs["assumeRolePolicy"].StringValue(), "system:serviceaccount:loadgen:loadgen") {
		t.Errorf("trust = %s", role.Inputs["assumeRolePolicy"].StringValue())
	}
	pol := rec.ByTypeInOrder("aws:iam/rolePolicy:RolePolicy")[0].Inputs["policy"].StringValue()
	if !strings.Contains(pol, "/virtualclusters/vc0") || !strings.Contains(pol, "/virtualclusters/vc1") {
		t.Errorf("policy = %s", pol)
	}
	sa := rec.ByTypeInOrder("kubernetes:core/v1:ServiceAccount")[0].Inputs["metadata"].ObjectValue()["annotations"].ObjectValue()
	if !strings.HasPrefix(sa["eks.amazonaws.com/role-arn"].StringValue(), "arn:aws:iam::123456789012:role/") {
		t.Errorf("service account annotations = %v", sa)
	}
}
