// Package journaltest holds the checks that the tests of every journal
// writer (the engine, each target) make on the records a session wrote.
package journaltest

import (
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/journal"
)

// Outcomes counts the result records by outcome.
func Outcomes(recs []journal.Record) map[string]int {
	out := map[string]int{}
	for _, r := range recs {
		if r.Ev == journal.EvResult {
			out[r.Outcome]++
		}
	}
	return out
}

// ResultsByKey indexes the result records by job key (the last one wins).
func ResultsByKey(recs []journal.Record) map[string]journal.Record {
	out := map[string]journal.Record{}
	for _, r := range recs {
		if r.Ev == journal.EvResult {
			out[r.Key] = r
		}
	}
	return out
}

// CheckIntentFirst fails t for every result record written before its job's
// intent: a crash between the two must leave the intent, never a bare result.
func CheckIntentFirst(t testing.TB, recs []journal.Record) {
	t.Helper()
	intent := map[string]bool{}
	for _, r := range recs {
		switch r.Ev {
		case journal.EvIntent:
			intent[r.Key] = true
		case journal.EvResult:
			if !intent[r.Key] {
				t.Errorf("result of %s before its intent", r.Key)
			}
		}
	}
}
