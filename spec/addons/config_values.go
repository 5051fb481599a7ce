package addons

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/placement"
)

// CNISettings tune the VPC CNI (the aws-node DaemonSet).
type CNISettings struct {
	PrefixDelegation bool
	// WarmPrefixTarget, WarmIPTarget and MinimumIPTarget: 0 = unset.
	WarmPrefixTarget int
	WarmIPTarget     int
	MinimumIPTarget  int
	// CustomNetworking puts pod ENIs in the ENIConfig of the node's AZ.
	CustomNetworking bool
}

// ZoneLabel is the node label whose value names the node's ENIConfig.
const ZoneLabel = "topology.kubernetes.io/zone"

// VPCCNIConfiguration is the vpc-cni add-on's configuration values. It
// goes through the add-on API, so add-on updates keep it (the old
// toolkit's index-based JSON patches on the DaemonSet were reverted).
func VPCCNIConfiguration(s CNISettings) (string, error) {
	env := map[string]string{"ENABLE_PREFIX_DELEGATION": strconv.FormatBool(s.PrefixDelegation)}
	setPositive(env, "WARM_PREFIX_TARGET", s.WarmPrefixTarget)
	setPositive(env, "WARM_IP_TARGET", s.WarmIPTarget)
	setPositive(env, "MINIMUM_IP_TARGET", s.MinimumIPTarget)
	if s.CustomNetworking {
		env["AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG"] = "true"
		env["ENI_CONFIG_LABEL_DEF"] = ZoneLabel
	}
	return marshal(map[string]any{"env": env})
}

func setPositive(env map[string]string, key string, v int) {
	if v > 0 {
		env[key] = strconv.Itoa(v)
	}
}

// CoreDNSConfiguration is the coredns add-on's configuration values:
// replicas, allowed on the operational nodes too.
func CoreDNSConfiguration(replicas int, tolerations []placement.Toleration) (string, error) {
	return marshal(map[string]any{"replicaCount": replicas, "tolerations": tolerations})
}

// marshal is compact JSON (issue 12 B.13): the provider compares
// configurationValues as strings with what EKS returns, and indented JSON
// has shown as a whitespace-only change on every up; compact JSON is the
// form EKS's own examples and Terraform's jsonencode use.
func marshal(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("marshalling add-on configuration: %w", err)
	}
	return string(b), nil
}

// ebsCSIControllerDefaultTolerations are the aws-ebs-csi-driver chart's
// default controller tolerations (charts/aws-ebs-csi-driver values.yaml):
// setting controller.tolerations replaces the list, so they are kept.
var ebsCSIControllerDefaultTolerations = []any{
	map[string]any{"key": "CriticalAddonsOnly", "operator": "Exists"},
	map[string]any{"effect": "NoExecute", "operator": "Exists", "tolerationSeconds": 300},
}

// EBSCSIConfiguration is the aws-ebs-csi-driver add-on's configuration
// values: the controller Deployment on the operational nodes (node
// selector and their taint's toleration, next to the chart's default
// tolerations) and controller.enableMetrics, which creates the
// app=ebs-csi-controller[-<sidecar>] metrics Services that the monitoring
// ServiceMonitor selects. Key names are the add-on schema's (the chart's
// values.schema.json: controller allows no other properties). The node
// DaemonSet keeps its defaults: it must run on every node.
func EBSCSIConfiguration(p placement.Placement) (string, error) {
	sel, tol := placementValues(p)
	return marshal(map[string]any{"controller": map[string]any{
		"nodeSelector":  sel,
		"tolerations":   append(append([]any{}, ebsCSIControllerDefaultTolerations...), tol...),
		"enableMetrics": true,
	}})
}
