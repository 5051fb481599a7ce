package stackconfig

import (
	"strings"
	"testing"
)

func TestLoadgenStartNeedsTheApp(t *testing.T) {
	t.Parallel()
	_, err := Decode(raw("preset", "dev", keyLoadgenStart, "true"))
	if err == nil || !strings.Contains(err.Error(), Namespace+":"+keyLoadgenStart) || !strings.Contains(err.Error(), keyLoadgenApp) {
		t.Errorf("loadgenStart without loadgenApp: %v", err)
	}
}
