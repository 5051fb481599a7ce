package addons

// ENIConfigAPIVersion and ENIConfigKind name the VPC CNI's ENIConfig CRD,
// installed by the vpc-cni add-on.
const (
	ENIConfigAPIVersion = "crd.k8s.amazonaws.com/v1alpha1"
	ENIConfigKind       = "ENIConfig"
)

// ENIConfigSpec is the spec of the ENIConfig named after an AZ: pods of
// nodes in that AZ get IPs from subnetID, behind the security groups.
func ENIConfigSpec(subnetID string, securityGroupIDs []string) map[string]any {
	sgs := make([]any, len(securityGroupIDs))
	for i, s := range securityGroupIDs {
		sgs[i] = s
	}
	return map[string]any{"subnet": subnetID, "securityGroups": sgs}
}

// ENIConfigManifest is the whole object, as kubectl would apply it.
func ENIConfigManifest(az, subnetID string, securityGroupIDs []string) map[string]any {
	return map[string]any{
		"apiVersion": ENIConfigAPIVersion,
		"kind":       ENIConfigKind,
		"metadata":   map[string]any{"name": az},
		"spec":       ENIConfigSpec(subnetID, securityGroupIDs),
	}
}
