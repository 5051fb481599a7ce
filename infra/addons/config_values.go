package addons

import (
	"encoding/json"
	"fmt"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/placement"
	"strconv"
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

// Toleration is the pod toleration every component shares (infra/placement).
type Toleration = placement.Toleration

// CoreDNSConfiguration is the coredns add-on's configuration values:
// replicas, allowed on the operational nodes too.
func CoreDNSConfiguration(replicas int, tolerations []Toleration) (string, error) {
	return marshal(map[string]any{"replicaCount": replicas, "tolerations": tolerations})
}

func marshal(v any) (string, error) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return "", fmt.Errorf("marshalling add-on configuration: %w", err)
	}
	return string(b), nil
}
