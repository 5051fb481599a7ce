package stackconfig

import (
	"strings"
	"testing"
)

// accessEntry was documented but never a key; the EMR access entry it
// stood for is gone (EKS rejects entries for service-linked roles). A stack
// file that still sets it gets an error naming the key and saying so, not
// "unknown key, did you mean ...".
func TestRemovedAccessEntryKeyIsNamed(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"true", "false"} {
		_, err := Decode(raw("accessEntry", v))
		if err == nil {
			t.Fatalf("accessEntry=%s accepted", v)
		}
		msg := err.Error()
		for _, want := range []string{Namespace + ":accessEntry", "removed", "docs/security.md"} {
			if !strings.Contains(msg, want) {
				t.Errorf("error lacks %q:\n%s", want, msg)
			}
		}
	}
}
