package cli

import (
	"errors"
	"strings"
	"testing"
)

// stop refuses a session id no run could have used, before reading any
// journal or calling the API (issue 13, item 1).
func TestStopRefusesAnInvalidSessionID(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"../etc", "Pfx", "pfx_1", "x"} {
		_, _, err := runCLI(t, t.Context(), "stop", "--session", s, "--endpoint", "http://127.0.0.1:1")
		if !errors.Is(err, ErrUsage) || !strings.Contains(err.Error(), "not a valid session id") {
			t.Errorf("stop --session %q: err = %v, want a usage error naming the id", s, err)
		}
	}
}
