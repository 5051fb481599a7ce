package chartcheck

import (
	"flag"
	"os"
	"strings"
	"testing"

	_ "github.com/emr-eks-loadtest/emr-eks-loadtest/internal/golden" // defines -update
)

// AssertDocSection checks that the Markdown file holds content between
// the lines "<!-- chartcheck:NAME -->" and "<!-- /chartcheck:NAME -->".
// With -update (internal/golden's flag) it rewrites that section instead;
// the markers must exist. Run -update one package at a time (packages
// share the file).
func AssertDocSection(t testing.TB, file, name, content string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("chartcheck: %v", err)
	}
	begin, end := "<!-- chartcheck:"+name+" -->\n", "<!-- /chartcheck:"+name+" -->"
	doc := string(b)
	i, j := strings.Index(doc, begin), strings.Index(doc, end)
	if i < 0 || j < i {
		t.Fatalf("chartcheck: %s lacks the markers %q and %q", file, strings.TrimSpace(begin), end)
	}
	current := doc[i+len(begin) : j]
	if current == content {
		return
	}
	if f := flag.Lookup("update"); f != nil && f.Value.String() == "true" {
		if err := os.WriteFile(file, []byte(doc[:i+len(begin)]+content+doc[j:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("%s section %s is out of date (run the test with -update)\n--- got\n%s--- in the file\n%s", file, name, content, current)
}
