package cli

import (
	"errors"
	"path/filepath"
	"testing"
)

// TestJournalWithoutOrWithTwoSessionRecordsIsBadInput: `loadgen report` of
// a journal that is not one run's (no session record, or two) is bad input,
// exit 2 as the README promises (it was a runtime error, exit 1).
func TestJournalWithoutOrWithTwoSessionRecordsIsBadInput(t *testing.T) {
	t.Parallel()
	const session = `{"ev":"session","t":"2026-01-01T00:00:00Z","session":"s"}`
	const sample = `{"ev":"sample","t":"2026-01-01T00:00:01Z"}`
	for name, body := range map[string]string{
		"no session record":   sample + "\n",
		"two session records": session + "\n" + session + "\n",
		"empty":               "",
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Dir(writeFile(t, "journal.jsonl", body))
			_, _, err := runCLI(t, t.Context(), "report", dir)
			if !errors.Is(err, ErrUsage) {
				t.Errorf("report of a journal with %s: %v, want bad input (exit 2)", name, err)
			}
		})
	}
}
