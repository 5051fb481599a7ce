package stackconfig

import (
	"os"
	"strings"
	"testing"
)

func TestConfigDocListsEveryKey(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("../../docs/configuration.md")
	if err != nil {
		t.Fatal(err)
	}
	// Row by row, so a section added on another branch does not break
	// this one; a changed default or a missing key does.
	for _, row := range strings.Split(strings.TrimSpace(KeyTable()), "\n") {
		if !strings.Contains(string(readme), row+"\n") {
			t.Errorf("docs/configuration.md lacks the config table row\n%s\n(the whole table:\n%s)", row, KeyTable())
		}
	}
}
