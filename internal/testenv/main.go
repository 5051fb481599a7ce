package testenv

import (
	"context"
	"errors"
	"fmt"
	"os"
	"testing"
	"time"
)

// The package's control plane, set by Main.
var (
	shared   *ControlPlane
	startErr error = errors.New("testenv: Main was not called from TestMain")
)

// Main starts a control plane with opts, runs the package's tests and stops
// it; its result goes to os.Exit in TestMain. When $TESTENV_KUBECONFIG is
// set and opts ask for no custom scheduler or kwok stages, it attaches to
// that running control plane instead (tests then share it: use Namespace and
// unique names). If the start fails the tests still run and Get skips or
// fails them with the reason. A failed run keeps the logs (printed path).
func Main(m *testing.M, opts Options) int {
	shared, startErr = startOrAttach(opts)
	code := m.Run()
	if shared == nil {
		return code
	}
	if code != 0 && shared.Dir != "" {
		shared.keepDir = true
		fmt.Fprintf(os.Stderr, "testenv: control plane logs kept in %s/logs\n", shared.Dir)
	}
	if err := shared.Stop(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		if code == 0 {
			code = 1
		}
	}
	return code
}

func startOrAttach(opts Options) (*ControlPlane, error) {
	if kc := os.Getenv("TESTENV_KUBECONFIG"); kc != "" && opts.SchedulerConfig == "" && opts.KwokStages == "" && !opts.ServiceAccountAdmission {
		return Attach(kc)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	return Start(ctx, opts)
}

// Get returns the control plane started by Main. Without it, t is skipped
// when binaries are missing (go test stays fast), and fails when Required
// (CI, REQUIRE_INTEGRATION=1) or when the start failed for another reason.
func Get(t testing.TB) *ControlPlane {
	t.Helper()
	if shared != nil {
		return shared
	}
	Need(t, startErr)
	return nil
}

// Need skips or fails t for err: a missing-binaries error skips unless
// Required; any other non-nil error fails. For helpers (like pulumitest)
// with their own prerequisites.
func Need(t testing.TB, err error) {
	t.Helper()
	switch {
	case err == nil:
	case errors.Is(err, ErrMissingBinaries) && !Required():
		t.Skipf("skipping real-component test: %v", err)
	case errors.Is(err, ErrMissingBinaries):
		t.Fatalf("%v (required because CI or REQUIRE_INTEGRATION=1 is set)", err)
	default:
		t.Fatalf("control plane: %v", err)
	}
}
