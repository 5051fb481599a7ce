package karpenter

import (
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/versions"
)

// With VPC CNI custom networking the primary ENI holds no pods: the chart
// must tell Karpenter (settings.reservedENIs "1") or it counts IPs the node
// cannot give out and packs pods that never get one.
func TestChartReservesThePrimaryENI(t *testing.T) {
	t.Parallel()
	v := HelmValues(Defaults(versions.KarpenterAMIAlias), Wired{ClusterName: "c", QueueName: "q", ControllerRoleARN: "arn"})
	settings, _ := v["settings"].(map[string]any)
	if settings["reservedENIs"] != "1" {
		t.Errorf("settings.reservedENIs = %#v, want \"1\" (custom networking)", settings["reservedENIs"])
	}
}

// maxPods follows prefix delegation. With it, EKS recommends 110 below 30
// vCPUs and the pools' sizes (xlarge..4xlarge: 4..16 vCPUs) are all below:
// 110. Without it the ENI limit rules, and only Karpenter knows each
// instance type's ENIs: maxPods stays unset so Karpenter computes
// (ENIs - reservedENIs) x (IPs per ENI - 1) + 2 per type (58 on m5.xlarge
// without custom networking, 44 with it: the old fixed cap was wrong both ways).
func TestNodeClassMaxPodsFollowsPrefixDelegation(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		pd   bool
		want int
	}{
		{"prefix delegation", true, MaxPodsWithPrefixDelegation},
		{"secondary IPs", false, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := Defaults(versions.KarpenterAMIAlias)
			c.PrefixDelegation = tc.pd
			m, err := ToMap(EC2NodeClass(c, "c", "role"))
			if err != nil {
				t.Fatal(err)
			}
			kubelet, has := m["kubelet"].(map[string]any)
			switch {
			case tc.want == 0 && has:
				t.Errorf("kubelet = %v, want unset (Karpenter computes the ENI limit)", kubelet)
			case tc.want != 0 && (!has || kubelet["maxPods"] != float64(tc.want)):
				t.Errorf("kubelet = %v, want maxPods %d", kubelet, tc.want)
			}
		})
	}
	if MaxPodsWithPrefixDelegation != 110 {
		t.Errorf("MaxPodsWithPrefixDelegation = %d, want EKS's 110 for < 30 vCPUs", MaxPodsWithPrefixDelegation)
	}
}
