package nodegroups

import (
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/golden"
)

func TestPlanGolden(t *testing.T) {
	t.Parallel()
	specs := Plan(Args{
		ClusterName: "load-test-cluster-10",
		AZs:         []string{"us-west-2a", "us-west-2b"},
		Operational: OperationalArgs{InstanceTypes: []string{"m5.2xlarge"}, Size: 2},
		Application: ApplicationArgs{InstanceTypes: []string{"m5.xlarge"}, CapacityType: "ON_DEMAND", Min: 1, Desired: 1, Max: 350},
		Tags:        map[string]string{"team": "data"},
	})
	golden.AssertJSON(t, "plan_scale", specs)
}

func TestNodeTrustPolicyGolden(t *testing.T) {
	t.Parallel()
	golden.Assert(t, "node_trust", []byte(NodeTrustPolicy("aws").MustJSON()+"\n"))
}
