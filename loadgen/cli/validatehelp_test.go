package cli

import (
	"context"
	"strings"
	"testing"
)

// `validate --help` printed run's usage ("loadgen [run] [flags]: submit
// Spark jobs ..."), which says the command submits.
func TestValidateHelpNamesValidate(t *testing.T) {
	t.Parallel()
	_, stderr, _ := runCLI(t, context.Background(), "validate", "--help")
	if !strings.HasPrefix(stderr, "loadgen validate [flags]") {
		t.Errorf("validate --help starts %q, want the validate synopsis", firstLine(stderr))
	}
	if !strings.Contains(stderr, "-template") {
		t.Errorf("validate --help lists no run flags:\n%s", stderr)
	}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
