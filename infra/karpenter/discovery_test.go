package karpenter

import (
	"strings"
	"testing"
)

// The network component tags the private subnets with
// karpenter.sh/discovery; a second tag resource on the same subnet key
// drifts (and deletes the network's tag) when Karpenter is removed later.
// Karpenter tags only the EKS-created cluster security group, which no
// other component can tag.
func TestDiscoveryTagsOnlyTheSecurityGroup(t *testing.T) {
	r := deployUnderMocks(t)
	tags := r.ByType("aws:ec2/tag:Tag")
	if len(tags) != 1 {
		t.Fatalf("%d discovery tags, want 1 (the node security group)", len(tags))
	}
	if id := tags[0].String("resourceId"); id != "sg-nodes" || strings.Contains(tags[0].Name, "subnet") {
		t.Errorf("discovery tag on %q (%s), want the node security group", id, tags[0].Name)
	}
}
