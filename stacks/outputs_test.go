package stacks

import (
	"encoding/json"
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/versions"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/outputs"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/pulumimock"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/karpenter"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/monitoring"
)

// exportedOutputs runs Deploy with kv and decodes what it exported as
// `pulumi stack output --json` would print it.
func exportedOutputs(t *testing.T, kv map[string]string) (outputs.Stack, map[string]any) {
	t.Helper()
	cfg := map[string]string{"aws:region": testRegion, "grafanaAdminPassword": testGrafanaPassword, "publicAccessCidrs": testPublicAccessCIDRs}
	maps.Copy(cfg, kv)
	pulumimock.SetConfig(t, cfg)
	values := map[string]any{}
	err := newMock().Run(func(ctx *pulumi.Context) error {
		s, err := deploy(ctx)
		if err != nil {
			return err
		}
		for name, in := range s.exported {
			r, err := internals.UnsafeAwaitOutput(ctx.Context(), pulumi.ToOutput(in))
			if err != nil {
				return err
			}
			values[name] = r.Value
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(values)
	st, err := outputs.Decode(strings.NewReader(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Extra) > 0 {
		t.Errorf("exported names missing from internal/outputs: %v", st.Extra)
	}
	return st, values
}

func TestOutputsContract(t *testing.T) {
	st, _ := exportedOutputs(t, map[string]string{"preset": "scale"})
	checks := []struct {
		name      string
		got, want any
	}{
		{outputs.ClusterName, st.ClusterName, "load-test-cluster-10"},
		{outputs.Region, st.Region, testRegion},
		{outputs.AccountID, st.AccountID, testAccount},
		{outputs.EMRImageAccount, st.EMRImageAccount, "895885662937"},
		{outputs.ReleaseLabel, st.ReleaseLabel, versions.EMRReleaseLabel},
		{outputs.AutoscalingMode, st.AutoscalingMode, "both"},
		{outputs.AvailabilityZones, st.AvailabilityZones, []string{"us-west-2a", "us-west-2b"}},
		{outputs.PodSubnetIDsByAZ, st.PodSubnetIDsByAZ["us-west-2b"], "load-test-cluster-10-pods-us-west-2b-id"},
		{outputs.PrivateSubnetIDsByAZ, len(st.PrivateSubnetIDsByAZ), 2},
		{outputs.PublicSubnetIDsByAZ, len(st.PublicSubnetIDsByAZ), 2},
		{outputs.NodeGroupNames, st.NodeGroupNames, []string{"load-test-cluster-10-ops", "load-test-cluster-10-app-us-west-2a", "load-test-cluster-10-app-us-west-2b"}},
		{outputs.VPCID, st.VPCID, "load-test-cluster-10-id"},
		{outputs.OIDCIssuerURL, strings.HasPrefix(st.OIDCIssuerURL, "https://oidc.eks."), true},
		{outputs.OIDCProviderARN, strings.Contains(st.OIDCProviderARN, ":oidc-provider/"), true},
		{outputs.Kubeconfig, strings.Contains(string(st.Kubeconfig), "load-test-cluster-10"), true},
		{outputs.JobNamespaces, len(st.JobNamespaces), 10},
		{outputs.JobNamespaces + "[9]", st.JobNamespaces[9], "emr-job-9"},
		{outputs.VirtualClusterIDs, st.VirtualClusterIDs["emr-job-3"], "load-test-cluster-10-emr-emr-job-3-id"},
		{outputs.ExecutionRoleARN, st.ExecutionRoleARN, "arn:aws:iam::" + testAccount + ":role/load-test-cluster-10-emr-exec"},
		{outputs.Bucket, st.Bucket != "", true},
		{outputs.BenchmarkImage, strings.HasSuffix(st.BenchmarkImage, ".amazonaws.com/load-test-cluster-10-emr-benchmark:"+versions.BenchmarkImageTag), true},
		{outputs.SparkOperatorMode, st.SparkOperatorMode, "multiple"},
		{outputs.SparkOperatorNamespace, len(st.SparkOperatorNS), 10},
		{outputs.SchedulerName, st.SchedulerName, "binpacking-scheduler"},
		{outputs.KarpenterNodePools, st.KarpenterNodePools, map[string]string{"driver": karpenter.DriverPool, "executor": karpenter.ExecutorPool}},
		{outputs.AMPWorkspaceID, st.AMPWorkspaceID, "load-test-cluster-10-monitoring-amp-id"},
		{outputs.AMPEndpoint, st.AMPEndpoint, "https://aps-workspaces." + testRegion + ".amazonaws.com/workspaces/ws-load-test-cluster-10-monitoring-amp/"},
		{outputs.GrafanaService, st.GrafanaService, map[string]string{"namespace": monitoring.DefaultNamespace, "name": "kps-grafana"}},
		{outputs.LoadgenImageRepository, st.LoadgenImageRepo, testAccount + ".dkr.ecr." + testRegion + ".amazonaws.com/load-test-cluster-10-loadgen"},
	}
	for _, c := range checks {
		if fmt.Sprint(c.got) != fmt.Sprint(c.want) {
			t.Errorf("output %s = %v, want %v", c.name, c.got, c.want)
		}
	}
}

// TestOptionalOutputsFollowTheConfig: the Grafana and load generator
// outputs exist only when what they name is declared.
func TestOptionalOutputsFollowTheConfig(t *testing.T) {
	tests := []struct {
		name    string
		kv      map[string]string
		present []string
		absent  []string
	}{
		{"scale: in-cluster Grafana and loadgen", map[string]string{"preset": "scale"},
			[]string{outputs.AMPWorkspaceID, outputs.AMPEndpoint, outputs.GrafanaService, outputs.LoadgenImageRepository},
			[]string{outputs.GrafanaEndpoint}},
		{"dev: no loadgen", map[string]string{"preset": "dev"},
			[]string{outputs.AMPWorkspaceID, outputs.AMPEndpoint, outputs.GrafanaService},
			[]string{outputs.GrafanaEndpoint, outputs.LoadgenImageRepository}},
		{"dev: Managed Grafana only", map[string]string{"preset": "dev", "createManagedGrafana": "true", "inClusterGrafana": "false", "grafanaAdminPassword": ""},
			[]string{outputs.AMPWorkspaceID, outputs.AMPEndpoint, outputs.GrafanaEndpoint},
			[]string{outputs.GrafanaService, outputs.LoadgenImageRepository}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, values := exportedOutputs(t, tt.kv)
			for _, name := range tt.present {
				if _, ok := values[name]; !ok {
					t.Errorf("output %s missing", name)
				}
			}
			for _, name := range tt.absent {
				if _, ok := values[name]; ok {
					t.Errorf("output %s = %v, want it absent", name, values[name])
				}
			}
			if _, ok := values[outputs.GrafanaEndpoint]; ok && st.GrafanaEndpoint != st.ClusterName+"-monitoring-grafana.grafana-workspace."+testRegion+".amazonaws.com" {
				t.Errorf("output %s = %q", outputs.GrafanaEndpoint, st.GrafanaEndpoint)
			}
		})
	}
}
