package addons_test

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/addons"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/chartcheck"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/pulumimock"
	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/addons"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/nodegroups"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/stackconfig"
)

const chartType = "kubernetes:helm.sh/v4:Chart"

// ReleaseNames are the Helm release names of the charts a run declared:
// the Chart's "name" input, or its resource name when unset (what
// helm/v4.Chart uses then).
func ReleaseNames(m *pulumimock.Mock) []string {
	var out []string
	for _, r := range m.ByType(chartType) {
		if n := r.String("name"); n != "" {
			out = append(out, n)
		} else {
			out = append(out, r.Name)
		}
	}
	return out
}

// Every chart of the service add-ons keeps a release name Helm accepts for
// the longest cluster name config allows (before: "<cluster>-metrics-server",
// 55 characters for a 40-character cluster name, refused by Helm).
func TestServicesReleaseNamesFitHelm(t *testing.T) {
	t.Parallel()
	cluster := strings.Repeat("c", stackconfig.MaxClusterNameLen)
	m := pulumimock.New(pulumimock.WithAWS("us-west-2", "123456789012"))
	err := m.Run(func(ctx *pulumi.Context) error {
		k8s, err := kubernetes.NewProvider(ctx, "k8s", &kubernetes.ProviderArgs{})
		if err != nil {
			return err
		}
		_, err = addons.NewServices(ctx, cluster, addons.ServicesArgs{
			ClusterName: cluster, Region: "us-west-2", Partition: "aws", VPCID: pulumi.String("vpc-0abc"),
			OIDCProviderARN: pulumi.String("arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/ABC"),
			OIDCIssuerURL:   pulumi.String("https://oidc.eks.us-west-2.amazonaws.com/id/ABC"),
			Config:          spec.Defaults(), Placement: nodegroups.OperationalPlacement(),
		}, pulumi.Providers(k8s))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	names := ReleaseNames(m)
	if len(names) != 2 {
		t.Fatalf("release names %v, want metrics-server's and the load balancer controller's", names)
	}
	for _, n := range names {
		if err := chartcheck.CheckReleaseName(n); err != nil {
			t.Error(err)
		}
	}
}
