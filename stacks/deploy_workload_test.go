package stacks

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/dashboards"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/iampolicy"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/monitoring"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/pulumimock"
	monitoringspec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/monitoring"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/nodegroups"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/stackconfig"
)

// Type tokens of the scaling and workload side.
const (
	tKarpenter  = "emr-eks-loadtest:infra:Karpenter"
	tCAS        = "emr-eks-loadtest:infra:ClusterAutoscaler"
	tScheduler  = "emr-eks-loadtest:infra:Scheduler"
	tLoadgenApp = "emr-eks-loadtest:infra:LoadgenApp"
	tNodePool   = "kubernetes:karpenter.sh/v1:NodePool"
	tNodeClass  = "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass"
	tEC2Tag     = "aws:ec2/tag:Tag"
	tVC         = "aws:emrcontainers/virtualCluster:VirtualCluster"
	tBucket     = "aws:s3/bucketV2:BucketV2"
	tAMP        = "aws:amp/workspace:Workspace"
	tAMG        = "aws:grafana/workspace:Workspace"
	tJob        = "kubernetes:batch/v1:Job"
	tConfigMap  = "kubernetes:core/v1:ConfigMap"
	tSecret     = "kubernetes:core/v1:Secret"
	tPodMon     = "kubernetes:monitoring.coreos.com/v1:PodMonitor"
	tSvcMon     = "kubernetes:monitoring.coreos.com/v1:ServiceMonitor"
	tSQS        = "aws:sqs/queue:Queue"
)

func TestResourcesPerAutoscalingMode(t *testing.T) {
	tests := []struct {
		mode string
		want map[string]int
	}{
		{stackconfig.AutoscalingKarpenter, map[string]int{tNodeGroup: 1, tASGTag: 0, tCAS: 0, tKarpenter: 1, tNodePool: 2, tNodeClass: 1, tEC2Tag: 1, tSQS: 1, tScheduler: 1}},
		{stackconfig.AutoscalingCAS, map[string]int{tNodeGroup: 3, tASGTag: 0, tCAS: 1, tKarpenter: 0, tNodePool: 0, tNodeClass: 0, tEC2Tag: 0, tSQS: 0, tScheduler: 1}},
		{stackconfig.AutoscalingBoth, map[string]int{tNodeGroup: 3, tASGTag: 0, tCAS: 1, tKarpenter: 1, tNodePool: 2, tNodeClass: 1, tEC2Tag: 1, tSQS: 1, tScheduler: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			got := deployed(t, map[string]string{"preset": "dev", "autoscalingMode": tt.mode}).CountByType()
			for typ, n := range tt.want {
				if got[typ] != n {
					t.Errorf("%s: %d declared, want %d", typ, got[typ], n)
				}
			}
		})
	}
}

func TestKarpenterDiscoveryTagsTheNodesSecurityGroupAndSubnets(t *testing.T) {
	var ids []string
	for _, tag := range dev(t).ByType(tEC2Tag) {
		if tag.String("key") != "karpenter.sh/discovery" || tag.String("value") != "load-test-cluster-dev" {
			t.Errorf("%s: %s=%s", tag.Name, tag.String("key"), tag.String("value"))
		}
		ids = append(ids, tag.String("resourceId"))
	}
	slices.Sort(ids)
	// The subnets carry the tag from the network component (one owner).
	want := []string{"sg-cluster"}
	if !slices.Equal(ids, want) {
		t.Errorf("discovery tags on %v, want %v (the EKS cluster security group is the managed nodes' group)", ids, want)
	}
}

func TestWorkloadResourcesPerPreset(t *testing.T) {
	tests := []struct {
		name string
		m    func(*testing.T) *pulumimock.Mock
		want map[string]int
	}{
		{"dev", dev, map[string]int{tVC: 2, tBucket: 1, tAMP: 1, tAMG: 0, tSecret: 1 + 2, tPodMon: 4, tSvcMon: 2, tLoadgenApp: 0, tJob: 0}},
		{"scale", scale, map[string]int{tVC: 10, tBucket: 1, tAMP: 1, tAMG: 0, tSecret: 1 + 10, tPodMon: 4, tSvcMon: 2, tLoadgenApp: 1, tJob: 0}}, // no Job until loadgenStart
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.m(t).CountByType()
			for typ, n := range tt.want {
				if got[typ] != n {
					t.Errorf("%s: %d declared, want %d", typ, got[typ], n)
				}
			}
		})
	}
}

func TestEveryDashboardHasAConfigMap(t *testing.T) {
	all, err := dashboards.All()
	if err != nil || len(all) == 0 {
		t.Fatalf("dashboards: %d, %v", len(all), err)
	}
	for _, m := range []*pulumimock.Mock{dev(t), scale(t)} {
		maps := map[string]pulumimock.Resource{}
		for _, cm := range m.ByType(tConfigMap) {
			maps[cm.String("metadata", "name")] = cm
		}
		for _, d := range all {
			cm, ok := maps[monitoring.DashboardConfigMapName(d)]
			if !ok {
				t.Errorf("dashboard %s has no ConfigMap", d.Name)
				continue
			}
			if cm.String("metadata", "namespace") != monitoringspec.DefaultNamespace ||
				cm.String("metadata", "labels", monitoringspec.DashboardLabel) != monitoringspec.DashboardLabelValue ||
				cm.String("data", d.FileName()) != string(d.JSON) {
				t.Errorf("ConfigMap of %s = %v", d.Name, cm.Inputs)
			}
		}
	}
}

func TestMonitorsMatchEveryTarget(t *testing.T) {
	var names []string
	for _, typ := range []string{tPodMon, tSvcMon} {
		for _, r := range dev(t).ByType(typ) {
			names = append(names, r.String("metadata", "name"))
		}
	}
	slices.Sort(names)
	want := []string{"ebs-csi-controller", "karpenter", "loadgen", "spark-driver", "spark-operator", "vpc-cni"}
	if !slices.Equal(names, want) {
		t.Errorf("monitors = %v, want %v", names, want)
	}
	drv, _ := dev(t).Named(tPodMon, "load-test-cluster-dev-monitoring-monitors-spark-driver")
	if got := drv.Strings("spec", "namespaceSelector", "matchNames"); !slices.Equal(got, []string{"emr-job-0", "emr-job-1"}) {
		t.Errorf("spark-driver monitor watches %v, want the job namespaces", got)
	}
}

func TestRemoteWriteShardsPerPreset(t *testing.T) {
	for _, tt := range []struct {
		name     string
		m        func(*testing.T) *pulumimock.Mock
		min, max float64
	}{{"dev", dev, monitoringspec.DefaultMinShards, monitoringspec.DefaultMaxShards}, {"scale", scale, 100, 300}} {
		kps := chart(t, tt.m(t), "kube-prometheus-stack")
		rw, _ := kps.Get("values", "prometheus", "prometheusSpec", "remoteWrite").([]any)
		if len(rw) != 1 {
			t.Fatalf("%s: remoteWrite = %v", tt.name, rw)
		}
		q := rw[0].(map[string]any)["queueConfig"].(map[string]any)
		if q["minShards"] != tt.min || q["maxShards"] != tt.max {
			t.Errorf("%s: queueConfig = %v, want shards %v..%v", tt.name, q, tt.min, tt.max)
		}
	}
}

func TestControllersRunOnOperationalNodes(t *testing.T) {
	m := deployed(t, map[string]string{"preset": "scale", "loadgenStart": "true"})
	sel := map[string]any{nodegroups.RoleLabel: nodegroups.RoleOperational}
	kps := chart(t, m, "kube-prometheus-stack")
	for _, path := range [][]string{{"prometheus", "prometheusSpec"}, {"prometheusOperator"}, {"grafana"}} {
		got := kps.Get(append(append([]string{"values"}, path...), "nodeSelector")...)
		if fmt.Sprint(got) != fmt.Sprint(sel) {
			t.Errorf("kube-prometheus-stack %v nodeSelector = %v", path, got)
		}
	}
	op := chart(t, m, "spark-operator")
	if got := op.Get("values", "nodeSelector"); fmt.Sprint(got) != fmt.Sprint(sel) {
		t.Errorf("spark operator nodeSelector = %v", got)
	}
	job := m.ByType(tJob)[0]
	spec := job.Get("spec", "template", "spec").(map[string]any)
	tols, _ := spec["tolerations"].([]any)
	if fmt.Sprint(spec["nodeSelector"]) != fmt.Sprint(sel) || len(tols) != 1 || tols[0].(map[string]any)["key"] != nodegroups.OperationalTaint {
		t.Errorf("loadgen pods: nodeSelector %v, tolerations %v", spec["nodeSelector"], tols)
	}
}

func TestGrafanaSecretOnlyWithInClusterGrafana(t *testing.T) {
	m := deployed(t, map[string]string{"inClusterGrafana": "false", "grafanaAdminPassword": ""})
	if n := len(grafanaSecrets(m)); n != 0 {
		t.Errorf("%d Grafana secrets without in-cluster Grafana", n)
	}
	secrets := grafanaSecrets(dev(t))
	if len(secrets) != 1 {
		t.Fatalf("%d Grafana admin secrets in dev, want 1", len(secrets))
	}
	s := secrets[0]
	if s.String("stringData", "admin-password") != testGrafanaPassword || !s.Inputs["stringData"].ContainsSecrets() {
		t.Errorf("Grafana admin secret = %v, want the configured password, as a secret", s.Inputs["stringData"])
	}
}

// grafanaSecrets are the Grafana admin Secrets (the Spark Operator's
// webhook certificate Secrets, one per release, are the others).
func grafanaSecrets(m *pulumimock.Mock) []pulumimock.Resource {
	var out []pulumimock.Resource
	for _, r := range m.ByType(tSecret) {
		if strings.HasSuffix(r.Name, "-grafana-admin") {
			out = append(out, r)
		}
	}
	return out
}

// allowedWildcardActions are the documented exceptions to "no wildcard
// actions": policy resource name -> why. Empty: every policy lists actions.
var allowedWildcardActions = map[string]string{}

func TestNoWildcardActionsInAnyMode(t *testing.T) {
	configs := []map[string]string{
		{"preset": "dev"}, {"preset": "scale"},
		{"preset": "dev", "autoscalingMode": stackconfig.AutoscalingCAS},
		{"preset": "dev", "createManagedGrafana": "true", "emrBucketEncryption": "kms"},
	}
	for _, kv := range configs {
		m := deployed(t, kv)
		for _, p := range policies(t, m) {
			if w := p.doc.WildcardActions(); len(w) > 0 && allowedWildcardActions[p.name] == "" {
				t.Errorf("%v: %s allows wildcard actions %v", kv, p.name, w)
			}
		}
	}
}

type namedPolicy struct {
	name string
	doc  iampolicy.Document
}

// policies returns every identity policy document the program declares:
// inline role policies, managed policies and roles' inline policies.
func policies(t *testing.T, m *pulumimock.Mock) []namedPolicy {
	t.Helper()
	var out []namedPolicy
	add := func(name, text string) {
		var doc iampolicy.Document
		if err := json.Unmarshal([]byte(text), &doc); err != nil {
			t.Fatalf("%s: policy is not a document: %v", name, err)
		}
		out = append(out, namedPolicy{name, doc})
	}
	for _, typ := range []string{tRolePol, "aws:iam/policy:Policy"} {
		for _, p := range m.ByType(typ) {
			add(p.Name, p.String("policy"))
		}
	}
	for _, r := range m.ByType(tRole) {
		inline, _ := r.Get("inlinePolicies").([]any)
		for _, p := range inline {
			add(r.Name, p.(map[string]any)["policy"].(string))
		}
	}
	if len(out) == 0 {
		t.Fatal("no policies recorded")
	}
	return out
}

func chart(t *testing.T, m *pulumimock.Mock, name string) pulumimock.Resource {
	t.Helper()
	for _, c := range m.ByType(tChart) {
		if c.String("chart") == name || len(c.String("chart")) > len(name) && c.String("chart")[len(c.String("chart"))-len(name)-1:] == "/"+name {
			return c
		}
	}
	t.Fatalf("no %s chart", name)
	return pulumimock.Resource{}
}
