package karpenter

import (
	"os"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/testenv"
)

// TestMain starts one real control plane for the rehearsal test (no kwok:
// no nodes are needed to validate objects); unit tests ignore it.
func TestMain(m *testing.M) {
	os.Exit(testenv.Main(m, testenv.Options{NoScheduler: true}))
}
