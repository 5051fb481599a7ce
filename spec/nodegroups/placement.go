package nodegroups

import "github.com/emr-eks-loadtest/emr-eks-loadtest/infra/placement"

// OperationalPlacement puts a pod on the operational group: its role label
// as node selector and a toleration of its taint (Plan sets both).
// Components that run controllers (Karpenter, schedulers, operators,
// Prometheus, the load generator) take it as their Placement.
func OperationalPlacement() placement.Placement {
	return placement.Placement{
		NodeSelector: map[string]string{RoleLabel: RoleOperational},
		Tolerations: []placement.Toleration{{
			Key: OperationalTaint, Operator: "Equal", Value: "true", Effect: "NoSchedule",
		}},
	}
}
