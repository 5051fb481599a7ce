package rehearse

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/testenv"
)

// The Go side and scripts/testbin.sh agree on where karpenter-kwok lives
// (and so on its version).
func TestKarpenterKwokPathMatchesScript(t *testing.T) {
	t.Setenv("TESTBIN_DIR", "")
	t.Setenv("TESTBIN_KARPENTER_KWOK", "")
	root, err := testenv.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("bash", filepath.Join(root, "scripts", "testbin.sh"), "env").Output()
	if err != nil {
		t.Fatalf("testbin.sh env: %v", err)
	}
	want := "export TESTBIN_KARPENTER_KWOK='" + KarpenterKwok() + "'\n"
	if !strings.Contains(string(out), want) {
		t.Fatalf("testbin.sh env lacks %q:\n%s", want, out)
	}
}
