package stacks

import (
	"os"
	"strings"
	"testing"
)

func TestREADMEListsEveryKey(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	// Row by row, so a section added on another branch does not break
	// this one; a changed default or a missing key does.
	for _, row := range strings.Split(strings.TrimSpace(KeyTable()), "\n") {
		if !strings.Contains(string(readme), row+"\n") {
			t.Errorf("README.md lacks the config table row\n%s\n(the whole table, for its stack section:\n%s)", row, KeyTable())
		}
	}
}
