package autoscaler

import (
	"os"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/testenv"
)

// TestMain starts a local API server for the chart render (Helm renders
// against its version and API groups; the provider validates objects
// against its OpenAPI schema). Unit tests ignore it.
func TestMain(m *testing.M) {
	os.Exit(testenv.Main(m, testenv.Options{NoScheduler: true, NoControllerManager: true}))
}
