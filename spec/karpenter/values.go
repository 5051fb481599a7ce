package karpenter

import (
	"maps"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/placement"
)

// Wired are the values the chart needs from other resources, resolved. An
// empty ClusterEndpoint is left out: Karpenter then discovers it with
// eks:DescribeCluster, which ControllerPolicy grants.
type Wired struct {
	ClusterName, ClusterEndpoint, QueueName, ControllerRoleARN string
}

// ReservedENIs is the chart's settings.reservedENIs: with VPC CNI custom
// networking (always on in this stack) the primary ENI carries no pod IPs,
// so Karpenter must leave it out of its pod-density arithmetic.
const ReservedENIs = "1"

// HelmValues are the chart's values: the controller on the operational
// nodes (never on nodes it manages: the chart's default affinity keeps it
// off karpenter.sh/nodepool nodes), IRSA on its service account, requests
// equal to limits, and the cluster, interruption-queue and reserved-ENI
// settings.
func HelmValues(c Config, w Wired) map[string]any {
	nodeSelector := map[string]any{"kubernetes.io/os": "linux"}
	for k, v := range c.Placement.NodeSelector {
		nodeSelector[k] = v
	}
	tolerations := []any{map[string]any{"key": "CriticalAddonsOnly", "operator": "Exists"}}
	for _, t := range c.Placement.Tolerations {
		tolerations = append(tolerations, tolerationMap(t))
	}
	res := map[string]any{"cpu": c.ControllerCPU, "memory": c.ControllerMem}
	settings := map[string]any{"clusterName": w.ClusterName, "interruptionQueue": w.QueueName, "reservedENIs": ReservedENIs}
	if w.ClusterEndpoint != "" {
		settings["clusterEndpoint"] = w.ClusterEndpoint
	}
	return map[string]any{
		"replicas": c.Replicas,
		"serviceAccount": map[string]any{
			"name":        c.ServiceAccount,
			"annotations": map[string]any{"eks.amazonaws.com/role-arn": w.ControllerRoleARN},
		},
		"nodeSelector": nodeSelector,
		"tolerations":  tolerations,
		"controller": map[string]any{
			"resources": map[string]any{"requests": res, "limits": maps.Clone(res)},
		},
		"settings": settings,
	}
}

func tolerationMap(t placement.Toleration) map[string]any {
	m := map[string]any{}
	for k, v := range map[string]string{"key": t.Key, "operator": t.Operator, "value": t.Value, "effect": t.Effect} {
		if v != "" {
			m[k] = v
		}
	}
	return m
}
