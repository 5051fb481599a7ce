package nodegroups

import (
	"strings"
	"testing"
)

// The placement must land on the operational group as Plan declares it:
// its selector matches the group's labels, and it tolerates every taint
// (EKS spells effects NO_SCHEDULE, Kubernetes NoSchedule).
func TestOperationalPlacementFitsTheOperationalGroup(t *testing.T) {
	t.Parallel()
	p := OperationalPlacement()
	ops := Plan(PlanArgs{Config: Defaults(), ClusterName: "c", AZs: []string{"a", "b"}})[0]
	for k, v := range p.NodeSelector {
		if ops.Labels[k] != v {
			t.Errorf("selector %s=%s not on the operational group (labels %v)", k, v, ops.Labels)
		}
	}
	for _, taint := range ops.Taints {
		tolerated := false
		for _, tol := range p.Tolerations {
			effect := strings.ReplaceAll(strings.ToLower(taint.Effect), "_", "")
			tolerated = tolerated || (tol.Key == taint.Key && tol.Value == taint.Value && tol.Operator == "Equal" &&
				strings.ToLower(tol.Effect) == effect)
		}
		if !tolerated {
			t.Errorf("taint %+v not tolerated by %+v", taint, p.Tolerations)
		}
	}
}
