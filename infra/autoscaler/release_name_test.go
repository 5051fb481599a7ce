package autoscaler_test

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/autoscaler"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/chartcheck"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/pulumimock"
	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/autoscaler"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/stackconfig"
)

// The chart's Helm release name fits Helm for the longest cluster name
// config allows, named as stacks names the component (before: the release
// was "<cluster>-cluster-autoscaler", 59 characters at the 40-character
// limit config had).
func TestReleaseNameFitsHelm(t *testing.T) {
	t.Parallel()
	cluster := strings.Repeat("c", stackconfig.MaxClusterNameLen)
	m := pulumimock.New(pulumimock.WithAWS("us-west-2", "123456789012"))
	err := m.Run(func(ctx *pulumi.Context) error {
		k8s, err := kubernetes.NewProvider(ctx, "k8s", &kubernetes.ProviderArgs{})
		if err != nil {
			return err
		}
		_, err = autoscaler.New(ctx, cluster+"-cluster-autoscaler", autoscaler.Args{
			Config: spec.Defaults(), ClusterName: pulumi.String(cluster),
			OIDCProviderARN: pulumi.String("arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/ABC"),
			IssuerURL:       pulumi.String("https://oidc.eks.us-west-2.amazonaws.com/id/ABC"),
		}, pulumi.Providers(k8s))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	charts := m.ByType("kubernetes:helm.sh/v4:Chart")
	if len(charts) != 1 {
		t.Fatalf("%d charts", len(charts))
	}
	release := charts[0].String("name")
	if release == "" {
		release = charts[0].Name // helm/v4.Chart's default
	}
	if err := chartcheck.CheckReleaseName(release); err != nil {
		t.Error(err)
	}
}
