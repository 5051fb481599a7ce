package stackconfig

import (
	"fmt"
	"strings"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/emr"
)

// The job-namespace maximum is infra/emr's (it was 50 here and 100 there),
// and the stack also checks the execution role's trust policy length with
// its own names: 24 namespaces pass only with short names.
func TestJobNamespaceCountBounds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		kv   []string
		want string // "" = accepted
	}{
		{"emr's maximum, short names", []string{keyJobNamespaceCount, fmt.Sprint(emr.MaxNamespaceCount),
			keyJobNamespacePrefix, "j", keyClusterPrefix, "a", keyClusterSuffix, "b", keySparkOperatorMode, "single"}, ""},
		{"one over emr's maximum", []string{keyJobNamespaceCount, fmt.Sprint(emr.MaxNamespaceCount + 1)},
			fmt.Sprintf("allowed: 1..%d", emr.MaxNamespaceCount)},
		{"scale's names at 20", []string{"preset", "scale", keyJobNamespaceCount, "20"}, "trust policy"},
		{"scale preset", []string{"preset", "scale"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Decode(raw(tt.kv...))
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("rejected: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), Namespace+":"+keyJobNamespaceCount+":") ||
				!strings.Contains(err.Error(), tt.want)):
				t.Fatalf("err = %v, want one naming %s with %q", err, keyJobNamespaceCount, tt.want)
			}
		})
	}
}

// The scale preset's trust policy must fit IAM's maximum; it is over the
// default quota (docs/stack.md says so), which this test pins.
func TestScalePresetTrustPolicyLength(t *testing.T) {
	t.Parallel()
	cfg := mustDecode(t, raw("preset", "scale"))
	n, err := cfg.executionTrustLength()
	if err != nil {
		t.Fatal(err)
	}
	if n > emr.TrustPolicyMaxLength || n <= emr.TrustPolicyDefaultLength {
		t.Errorf("scale trust policy = %d characters, want in (%d, %d] as docs/stack.md says", n, emr.TrustPolicyDefaultLength, emr.TrustPolicyMaxLength)
	}
}
