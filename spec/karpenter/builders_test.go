package karpenter

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/placement"

	"sigs.k8s.io/yaml"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/versions"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/golden"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/validate/validatetest"
)

var testParams = PolicyParams{
	Partition: "aws", Region: "us-west-2", AccountID: "123456789012", ClusterName: "loadtest",
	QueueARN:    "arn:aws:sqs:us-west-2:123456789012:loadtest-interruption",
	NodeRoleARN: "arn:aws:iam::123456789012:role/loadtest-karpenter-node",
}

func testConfig() Config {
	c := Defaults(versions.KarpenterAMIAlias)
	c.ExecutorSpot = true
	c.Zones = []string{"us-west-2a", "us-west-2b"}
	c.Placement.NodeSelector = map[string]string{"emr-eks-loadtest/role": "operational"}
	c.Placement.Tolerations = []placement.Toleration{{Key: "operational", Operator: "Exists", Effect: "NoSchedule"}}
	return c
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

func TestGoldens(t *testing.T) {
	t.Parallel()
	c := testConfig()
	pools, err := yaml.Marshal(NodePools(c))
	if err != nil {
		t.Fatal(err)
	}
	class, err := yaml.Marshal(EC2NodeClass(c, "loadtest", "loadtest-karpenter-node"))
	if err != nil {
		t.Fatal(err)
	}
	values, err := yaml.Marshal(HelmValues(c, Wired{
		ClusterName: "loadtest", ClusterEndpoint: "https://ABC.gr7.us-west-2.eks.amazonaws.com",
		QueueName: "loadtest-interruption", ControllerRoleARN: "arn:aws:iam::123456789012:role/karpenter",
	}))
	if err != nil {
		t.Fatal(err)
	}
	for name, got := range map[string][]byte{
		"nodepools.yaml.golden":         pools,
		"ec2nodeclass.yaml.golden":      class,
		"helm-values.yaml.golden":       values,
		"controller-policy.json.golden": mustJSON(t, ControllerPolicy(testParams)),
		"queue-policy.json.golden":      mustJSON(t, QueuePolicy(testParams.QueueARN)),
	} {
		t.Run(name, func(t *testing.T) { golden.AssertFile(t, name, got) })
	}
}

func TestControllerPolicyIsScoped(t *testing.T) {
	t.Parallel()
	doc := ControllerPolicy(testParams)
	if w := doc.WildcardActions(); len(w) != 0 {
		t.Errorf("wildcard actions %v", w)
	}
	byAction := map[string][]int{}
	for i, s := range doc.Statement {
		for _, a := range s.Action {
			byAction[a] = append(byAction[a], i)
		}
	}
	clusterOwned := "aws:ResourceTag/kubernetes.io/cluster/loadtest"
	for _, action := range []string{"ec2:TerminateInstances", "ec2:DeleteLaunchTemplate", "iam:AddRoleToInstanceProfile", "iam:DeleteInstanceProfile", "iam:TagInstanceProfile"} {
		for _, i := range byAction[action] {
			if doc.Statement[i].Condition["StringEquals"][clusterOwned] != "owned" {
				t.Errorf("%s (statement %s) is not conditioned on %s=owned", action, doc.Statement[i].Sid, clusterOwned)
			}
		}
	}
	for _, i := range byAction["ec2:RunInstances"] {
		s := doc.Statement[i]
		scoped := s.Condition["StringEquals"] != nil || !strings.Contains(strings.Join(s.Resource, ","), "instance/")
		if !scoped {
			t.Errorf("RunInstances on instances without tag conditions: %+v", s)
		}
	}
	pass := doc.Statement[byAction["iam:PassRole"][0]]
	if len(pass.Resource) != 1 || pass.Resource[0] != testParams.NodeRoleARN {
		t.Errorf("PassRole resources %v, want only the node role", pass.Resource)
	}
	for _, a := range []string{"iam:CreateInstanceProfile", "sqs:ReceiveMessage", "eks:DescribeCluster", "ec2:DescribeSubnets"} {
		if len(byAction[a]) == 0 {
			t.Errorf("policy lacks %s", a)
		}
	}
}

func TestNodePoolsShape(t *testing.T) {
	t.Parallel()
	c := testConfig()
	c.ExecutorSpot = false
	pools := NodePools(c)
	d, e := pools[DriverPool], pools[ExecutorPool]
	if d.Disruption.ConsolidationPolicy != "WhenEmpty" || e.Disruption.ConsolidationPolicy != "WhenEmptyOrUnderutilized" {
		t.Errorf("consolidation policies %q / %q", d.Disruption.ConsolidationPolicy, e.Disruption.ConsolidationPolicy)
	}
	if len(e.Disruption.Budgets) != 1 || e.Disruption.Budgets[0].Nodes != "10%" {
		t.Errorf("executor budget %+v", e.Disruption.Budgets)
	}
	if got := values(e, labelCapacityType); strings.Join(got, ",") != "on-demand" {
		t.Errorf("executor capacity types with spot off = %v", got)
	}
	c.ExecutorSpot = true
	if got := values(NodePools(c)[ExecutorPool], labelCapacityType); strings.Join(got, ",") != "spot,on-demand" {
		t.Errorf("executor capacity types with spot on = %v", got)
	}
	if got := values(NodePools(c)[DriverPool], labelCapacityType); strings.Join(got, ",") != "on-demand" {
		t.Errorf("driver capacity types = %v, want on-demand only", got)
	}
	if d.Limits["cpu"] != "1000" || e.Limits["cpu"] != "4000" {
		t.Errorf("limits %v / %v", d.Limits, e.Limits)
	}
}

func values(p NodePoolSpec, key string) []string {
	for _, r := range p.Template.Spec.Requirements {
		if r.Key == key {
			return r.Values
		}
	}
	return nil
}

func TestValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		edit  func(*Config)
		field string // the one field named, "" for valid
	}{
		{"defaults", func(*Config) {}, ""},
		{"latest alias", func(c *Config) { c.AMIAlias = "al2023@latest" }, "amiAlias"},
		{"no families", func(c *Config) { c.InstanceFamilies = nil }, "instanceFamilies"},
		{"no sizes", func(c *Config) { c.InstanceSizes = []string{} }, "instanceSizes"},
		{"generation", func(c *Config) { c.MinGeneration = MaxMinGeneration + 1 }, "minGeneration"},
		{"no executor vCPUs", func(c *Config) { c.ExecutorCPULimit = 0 }, "executorCpuLimit"},
		{"no driver vCPUs", func(c *Config) { c.DriverCPULimit = -1 }, "driverCpuLimit"},
		{"x86", func(c *Config) { c.Arch = []string{"x86"} }, "arch"},
		{"no arch", func(c *Config) { c.Arch = nil }, "arch"},
		{"budget", func(c *Config) { c.ExecutorBudget = "ten" }, "executorBudget"},
		{"replicas", func(c *Config) { c.Replicas = 0 }, "replicas"},
		{"root volume", func(c *Config) { c.RootVolumeGiB = MinRootVolumeGiB - 1 }, "rootVolumeGiB"},
		{"controller cpu", func(c *Config) { c.ControllerCPU = "one" }, "controllerCpu"},
		{"node class", func(c *Config) { c.NodeClassName = "Spark" }, "nodeClassName"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := testConfig()
			tt.edit(&c)
			validatetest.WantField(t, c.Validate(), tt.field)
		})
	}
}

// Both pools take the shared requirements and zones, each its own limit.
func TestPoolsShareRequirements(t *testing.T) {
	t.Parallel()
	c := testConfig()
	c.DriverCPULimit, c.ExecutorCPULimit = 7, 9
	for _, p := range []struct {
		name  string
		pool  PoolConfig
		limit int
	}{{DriverPool, c.Driver(), 7}, {ExecutorPool, c.Executor(), 9}} {
		if p.pool.CPULimit != p.limit || !slices.Equal(p.pool.Families, c.InstanceFamilies) || !slices.Equal(p.pool.Sizes, c.InstanceSizes) ||
			!slices.Equal(p.pool.Arch, c.Arch) || !slices.Equal(p.pool.Zones, c.Zones) || p.pool.MinGeneration != c.MinGeneration {
			t.Errorf("%s pool = %+v, want the config's requirements and limit %d", p.name, p.pool, p.limit)
		}
	}
}

func TestHelmValuesOmitUnknownEndpoint(t *testing.T) {
	t.Parallel()
	settings := HelmValues(testConfig(), Wired{ClusterName: "loadtest", QueueName: "q"})["settings"].(map[string]any)
	if _, ok := settings["clusterEndpoint"]; ok {
		t.Errorf("settings %v: an empty endpoint must be left out for Karpenter to discover", settings)
	}
	if settings["clusterName"] != "loadtest" || settings["interruptionQueue"] != "q" {
		t.Errorf("settings %v", settings)
	}
}
