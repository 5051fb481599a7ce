package engine

import (
	"os/exec"
	"strings"
	"testing"
)

// The engine knows targets only through its interfaces: it imports no
// target package and not the AWS SDK (nor client-go), so a target is a
// plug-in and the engine's tests need no cloud API. Checked on the package
// graph `go list -deps` prints, so an import through any path fails it.
func TestEngineImportsNoTargetNorCloudSDK(t *testing.T) {
	t.Parallel()
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	forbidden := []string{
		"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/emr",
		"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/operator",
		"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/localemr",
		"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/template",
		"github.com/aws/",
		"k8s.io/client-go",
	}
	for _, dep := range strings.Fields(string(out)) {
		for _, f := range forbidden {
			if dep == f || strings.HasPrefix(dep, f) && strings.HasSuffix(f, "/") || strings.HasPrefix(dep, f+"/") {
				t.Errorf("engine depends on %s (forbidden: %s)", dep, f)
			}
		}
	}
}
