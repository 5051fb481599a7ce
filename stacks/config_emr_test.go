package stacks

import (
	"fmt"
	"strings"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/pulumimock"
)

// accessEntry was documented but never a key; the EMR access entry it
// stood for is gone (EKS rejects entries for service-linked roles). A stack
// file that still sets it gets an error naming the key and saying so, not
// "unknown key, did you mean ...".
func TestRemovedAccessEntryKeyIsNamed(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"true", "false"} {
		_, err := Decode(raw("accessEntry", v))
		if err == nil {
			t.Fatalf("accessEntry=%s accepted", v)
		}
		msg := err.Error()
		for _, want := range []string{Namespace + ":accessEntry", "removed", "docs/security.md"} {
			if !strings.Contains(msg, want) {
				t.Errorf("error lacks %q:\n%s", want, msg)
			}
		}
	}
}

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
