package stackconfig

import (
	"strings"
	"testing"
)

// testPublicAccessCIDRs satisfies publicAccessCidrs, required while the
// public endpoint is on (as in both presets).
const testPublicAccessCIDRs = `["203.0.113.0/24"]`

func TestEndpointAccessRules(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		kv   []string
		want []string // substrings of the error; none = accepted
	}{
		{"public without cidrs", []string{keyPublicAccessCIDRs, "[]"}, []string{keyPublicAccessCIDRs + ": required", "checkip"}},
		{"whole internet", []string{keyPublicAccessCIDRs, `["0.0.0.0/0"]`}, []string{keyPublicAccessCIDRs, keyEndpointOpen}},
		{"whole internet, said so", []string{keyPublicAccessCIDRs, `["0.0.0.0/0"]`, keyEndpointOpen, "true"}, nil},
		{"private with cidrs", []string{keyEndpointPublicAccess, "false"}, []string{keyPublicAccessCIDRs + ": set while"}},
		{"private", []string{keyEndpointPublicAccess, "false", keyPublicAccessCIDRs, "[]"}, nil},
		{"log retention", []string{keyClusterLogRetention, "8"}, []string{keyClusterLogRetention}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Decode(raw(tt.kv...))
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatalf("rejected: %v", err)
				}
				return
			}
			for _, w := range tt.want {
				if err == nil || !strings.Contains(err.Error(), w) {
					t.Errorf("err = %v, want it to contain %q", err, w)
				}
			}
		})
	}
}

func TestPresetsOpenNoEndpointToTheInternet(t *testing.T) {
	t.Parallel()
	for _, p := range Presets {
		if c := Defaults(p).Cluster; c.EndpointPublicAccess && len(c.PublicAccessCIDRs) > 0 {
			t.Errorf("%s: public endpoint open to %v by default; the user must name the CIDRs", p, c.PublicAccessCIDRs)
		}
	}
}

func TestVirtualClusterNameLimit(t *testing.T) {
	t.Parallel()
	// 21 + "-" + 40 + "-1" = 64: the longest accepted; one more is rejected.
	ok := []string{keyJobNamespacePrefix, strings.Repeat("n", 40), keyJobNamespaceCount, "2"}
	if _, err := Decode(raw(ok...)); err != nil {
		t.Errorf("64-character virtual cluster name rejected: %v", err)
	}
	long := []string{keyJobNamespacePrefix, strings.Repeat("n", 41), keyJobNamespaceCount, "2"}
	_, err := Decode(raw(long...))
	for _, w := range []string{keyJobNamespacePrefix + ": virtual cluster name", "at most 40 characters", "EMR allows 64"} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("err = %v, want it to contain %q", err, w)
		}
	}
}
