package nodegroups

import (
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/golden"
)

func TestPlanGolden(t *testing.T) {
	t.Parallel()
	cfg := Defaults()
	cfg.OpsInstanceTypes, cfg.OpsNodeCount, cfg.AppMaxSize = []string{"m5.2xlarge"}, 2, 350
	specs := Plan(PlanArgs{
		Config:      cfg,
		ClusterName: "load-test-cluster-10",
		AZs:         []string{"us-west-2a", "us-west-2b"},
		Tags:        map[string]string{"team": "data"},
	})
	golden.AssertJSON(t, "plan_scale", specs)
}

func TestNodeTrustPolicyGolden(t *testing.T) {
	t.Parallel()
	golden.Assert(t, "node_trust", []byte(NodeTrustPolicy("aws").MustJSON()+"\n"))
}
