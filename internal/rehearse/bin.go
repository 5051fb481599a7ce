package rehearse

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/testenv"
)

// KarpenterModule is Karpenter core, whose kwok/ main is karpenter-kwok and
// whose CRDs the rehearsal installs. It must match scripts/testbin.sh's
// KARPENTER_VERSION (a test checks).
const KarpenterModule = "sigs.k8s.io/karpenter@v1.8.0"

// KarpenterKwok is the path of the karpenter-kwok binary: $TESTBIN_KARPENTER_KWOK,
// else its versioned folder inside the test binaries' cache.
func KarpenterKwok() string {
	if p := os.Getenv("TESTBIN_KARPENTER_KWOK"); p != "" {
		return p
	}
	v := strings.TrimPrefix(KarpenterModule[strings.Index(KarpenterModule, "@")+1:], "v")
	return filepath.Join(testenv.BinDir(), "karpenter"+v, "karpenter-kwok")
}

// MissingBinaries names what a rehearsal needs and is not built, and how
// to build it; nil when everything is there.
func MissingBinaries() error {
	err := testenv.MissingBinaries(testenv.Etcd, testenv.KubeAPIServer, testenv.KubeControllerManager, testenv.KubeScheduler, testenv.Kwok)
	if st, e := os.Stat(KarpenterKwok()); e != nil || st.Mode()&0o111 == 0 {
		kk := fmt.Errorf("%w: karpenter-kwok not at %s (build it: scripts/testbin.sh build karpenter-kwok; a cold build takes several minutes)",
			testenv.ErrMissingBinaries, KarpenterKwok())
		if err == nil {
			return kk
		}
		return fmt.Errorf("%w; %v", err, kk)
	}
	return err
}
