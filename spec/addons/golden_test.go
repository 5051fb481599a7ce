package addons

import (
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/placement"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/golden"
)

var testPlacement = placement.Placement{
	NodeSelector: map[string]string{"emr-eks-loadtest/node-role": "operational"},
	Tolerations:  []placement.Toleration{{Key: "emr-eks-loadtest/operational", Operator: "Equal", Value: "true", Effect: "NoSchedule"}},
}

func TestVPCCNIConfigurationGolden(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   CNISettings
	}{
		{"vpc_cni_dev", CNISettings{PrefixDelegation: true, WarmPrefixTarget: 1, CustomNetworking: true}},
		{"vpc_cni_scale", CNISettings{PrefixDelegation: true, WarmPrefixTarget: 1, WarmIPTarget: 5, MinimumIPTarget: 30, CustomNetworking: true}},
		{"vpc_cni_plain", CNISettings{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := VPCCNIConfiguration(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			golden.Assert(t, tt.name, []byte(got+"\n"))
		})
	}
}

func TestCoreDNSConfigurationGolden(t *testing.T) {
	t.Parallel()
	got, err := CoreDNSConfiguration(6, testPlacement.Tolerations)
	if err != nil {
		t.Fatal(err)
	}
	golden.Assert(t, "coredns", []byte(got+"\n"))
}

func TestENIConfigManifestGolden(t *testing.T) {
	t.Parallel()
	golden.AssertJSON(t, "eniconfig", ENIConfigManifest("us-west-2a", "subnet-0abc", []string{"sg-0123"}))
}

func TestGP3StorageClassGolden(t *testing.T) {
	t.Parallel()
	golden.AssertJSON(t, "storageclass_gp3", NewGP3StorageClass(false))
	golden.AssertJSON(t, "storageclass_gp3_default", NewGP3StorageClass(true))
}

func TestLoadBalancerControllerPolicyGolden(t *testing.T) {
	t.Parallel()
	doc := LoadBalancerControllerPolicy("aws")
	golden.Assert(t, "lbc_policy", []byte(doc.MustJSON()+"\n"))
	if w := doc.WildcardActions(); len(w) > 0 {
		t.Errorf("wildcard actions: %v", w)
	}
}

func TestHelmValuesGolden(t *testing.T) {
	t.Parallel()
	golden.AssertJSON(t, "lbc_values", LoadBalancerControllerValues(LBCValuesInput{
		ClusterName: "load-test-cluster-dev", Region: "us-west-2", VPCID: "vpc-0abc",
		RoleARN: "arn:aws:iam::123456789012:role/lbc", Placement: testPlacement,
	}))
	golden.AssertJSON(t, "metrics_server_values", MetricsServerValues(testPlacement))
}
