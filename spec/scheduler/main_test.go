package scheduler

import (
	"os"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/testenv"
)

// TestMain starts one real control plane (etcd, kube-apiserver,
// kube-controller-manager, the default kube-scheduler and kwok) for the
// binpacking rehearsal (infra/scheduler's TestMain starts its own for the
// deploy rehearsal); the unit tests do not use it.
func TestMain(m *testing.M) {
	os.Exit(testenv.Main(m, testenv.Options{Kwok: true}))
}
