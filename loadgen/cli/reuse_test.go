package cli

import (
	"errors"
	"strings"
	"testing"
)

// TestReusedSessionIsBadInput: a --session whose run directory already holds
// a journal is refused as bad input (exit 2, as the README promises), naming
// the flag; it used to be a runtime error (exit 1).
func TestReusedSessionIsBadInput(t *testing.T) {
	t.Parallel()
	runs := t.TempDir()
	args := []string{"--session", "lg-reused", "--runs-dir", runs, "--rate", "20/s", "--max-jobs", "1", "--duration", "5s", "--web=false"}
	if _, _, err := runCLI(t, t.Context(), args...); err != nil {
		t.Fatal(err)
	}
	_, _, err := runCLI(t, t.Context(), args...)
	if !errors.Is(err, ErrUsage) || !strings.Contains(err.Error(), "--session lg-reused") {
		t.Fatalf("second run with the same --session: %v, want bad input naming --session", err)
	}
}
