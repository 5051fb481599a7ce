package addons

import "github.com/emr-eks-loadtest/emr-eks-loadtest/infra/placement"

// LoadBalancerControllerServiceAccount is the controller's service account.
const (
	KubeSystem                           = "kube-system"
	LoadBalancerControllerServiceAccount = "aws-load-balancer-controller"
	EBSCSIControllerServiceAccount       = "ebs-csi-controller-sa"
	VPCCNIServiceAccount                 = "aws-node"
)

// placementValues spells p as the charts' nodeSelector and tolerations
// values (every toleration field written, empty or not).
func placementValues(p placement.Placement) (map[string]any, []any) {
	sel := map[string]any{}
	for k, v := range p.NodeSelector {
		sel[k] = v
	}
	tol := make([]any, len(p.Tolerations))
	for i, t := range p.Tolerations {
		tol[i] = map[string]any{"key": t.Key, "operator": t.Operator, "value": t.Value, "effect": t.Effect}
	}
	return sel, tol
}

// LBCValuesInput are the values that vary per stack.
type LBCValuesInput struct {
	ClusterName string
	Region      string
	VPCID       string
	RoleARN     string
	Placement   placement.Placement
}

// LoadBalancerControllerValues are the aws-load-balancer-controller chart's
// values: cluster, region and VPC given explicitly (no IMDS lookups), the
// service account annotated with its IRSA role, two replicas on the
// operational nodes.
//
// enableServiceMutatorWebhook is off: that webhook (failurePolicy Fail,
// every Service of the cluster) makes every Service create wait for the
// controller, racing the other charts on the first up, and puts new
// LoadBalancer Services behind it; the stack creates none. keepTLSSecret
// (the chart default, stated so an upgrade cannot flip it) reuses the
// webhook certificate Secret the chart looks up in the cluster, instead of
// generating a new certificate, and so a diff, on every render.
func LoadBalancerControllerValues(in LBCValuesInput) map[string]any {
	sel, tol := placementValues(in.Placement)
	return map[string]any{
		"clusterName":                 in.ClusterName,
		"region":                      in.Region,
		"vpcId":                       in.VPCID,
		"replicaCount":                2,
		"enableServiceMutatorWebhook": false,
		"keepTLSSecret":               true,
		"serviceAccount": map[string]any{
			"create":      true,
			"name":        LoadBalancerControllerServiceAccount,
			"annotations": map[string]any{"eks.amazonaws.com/role-arn": in.RoleARN},
		},
		"nodeSelector": sel,
		"tolerations":  tol,
	}
}

// MetricsServerValues are the metrics-server chart's values: two replicas
// on the operational nodes (the HPA and `kubectl top` depend on it).
func MetricsServerValues(p placement.Placement) map[string]any {
	sel, tol := placementValues(p)
	return map[string]any{
		"replicas":     2,
		"nodeSelector": sel,
		"tolerations":  tol,
	}
}
