package autoscaler

import (
	"maps"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/iampolicy"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/versions"
)

// Tag keys of auto-discovery. The cluster key must carry the real cluster
// name: the old toolkit rendered it wrong and CAS never found a group.
const (
	TagEnabled       = "k8s.io/cluster-autoscaler/enabled"
	tagClusterPrefix = "k8s.io/cluster-autoscaler/"
)

// DiscoveryTags are the tags a node group (its Auto Scaling group) must
// carry to be managed; give them only to the application groups.
func DiscoveryTags(clusterName string) map[string]string {
	return map[string]string{TagEnabled: "true", tagClusterPrefix + clusterName: "owned"}
}

// Policy is the controller's identity policy: describe actions on "*"
// (they support no resource scoping), scaling actions only on Auto Scaling
// groups tagged for this cluster.
func Policy(clusterName string) iampolicy.Document {
	scale := iampolicy.Allow("ScaleTaggedGroups",
		[]string{"autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"}, []string{"*"})
	scale.Condition = map[string]map[string]any{"StringEquals": {
		"aws:ResourceTag/" + TagEnabled:                     "true",
		"aws:ResourceTag/" + tagClusterPrefix + clusterName: "owned",
	}}
	return iampolicy.New(
		iampolicy.Allow("Describe", []string{
			"autoscaling:DescribeAutoScalingGroups", "autoscaling:DescribeAutoScalingInstances",
			"autoscaling:DescribeLaunchConfigurations", "autoscaling:DescribeScalingActivities",
			"autoscaling:DescribeTags", "ec2:DescribeImages", "ec2:DescribeInstanceTypes",
			"ec2:DescribeLaunchTemplateVersions", "ec2:GetInstanceTypesFromInstanceRequirements",
			"eks:DescribeNodegroup",
		}, []string{"*"}),
		scale,
	)
}

// Wired are the values from other resources, resolved.
type Wired struct{ ClusterName, Region, RoleARN string }

// HelmValues are the chart's values.
func HelmValues(c Config, w Wired) map[string]any {
	rel := versions.ClusterAutoscaler[c.KubernetesMinor]
	tolerations := []any{}
	for _, t := range c.Placement.Tolerations {
		tolerations = append(tolerations, map[string]any{"key": t.Key, "operator": t.Operator, "value": t.Value, "effect": t.Effect})
	}
	return map[string]any{
		"cloudProvider": "aws",
		"awsRegion":     w.Region,
		"autoDiscovery": map[string]any{"clusterName": w.ClusterName},
		"image":         map[string]any{"repository": versions.ClusterAutoscalerImageRepo, "tag": rel.ImageTag},
		"replicaCount":  c.Replicas,
		"rbac": map[string]any{"serviceAccount": map[string]any{
			"create": true, "name": c.ServiceAccount,
			"annotations": map[string]any{"eks.amazonaws.com/role-arn": w.RoleARN},
		}},
		// CAS must not evict itself while scaling down the node it runs on.
		"podAnnotations": map[string]any{"cluster-autoscaler.kubernetes.io/safe-to-evict": "false"},
		"nodeSelector":   maps.Clone(c.Placement.NodeSelector),
		"tolerations":    tolerations,
		"extraArgs":      extraArgs(c),
	}
}

func extraArgs(c Config) map[string]any {
	return map[string]any{
		"kube-client-qps":                  c.QPS,
		"kube-client-burst":                c.Burst,
		"scale-down-unneeded-time":         c.ScaleDownUnneededTime.String(),
		"scale-down-delay-after-add":       c.ScaleDownDelayAfterAdd.String(),
		"scale-down-utilization-threshold": c.UtilizationThreshold,
		"expander":                         c.Expander,
		"balance-similar-node-groups":      true,
		"skip-nodes-with-system-pods":      false,
		"logtostderr":                      true,
		"stderrthreshold":                  "info",
		"v":                                2,
	}
}
