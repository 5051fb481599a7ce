package stacks

import (
	"fmt"
	"strings"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/pulumimock"
)

// Nowhere in the program (cluster access entries passed to pulumi-eks
// included) is the emr-containers service-linked role given an access
// entry: EKS rejects it; EMR creates its own access at CreateVirtualCluster.
func TestNoAccessEntryForTheEMRServiceLinkedRoleAnywhere(t *testing.T) {
	for _, m := range []func(*testing.T) *pulumimock.Mock{dev, scale} {
		for _, r := range m(t).Resources() {
			if strings.Contains(fmt.Sprint(r.Inputs), "AWSServiceRoleForAmazonEMRContainers") {
				t.Errorf("%s %s refers to the emr-containers service-linked role", r.Type, r.Name)
			}
		}
	}
}
