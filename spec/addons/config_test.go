package addons

import (
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/validate/validatetest"
)

// Every problem comes back as a *validate.FieldError naming its json
// field, which the stack maps to its key through the struct tags.
func TestConfigValidateNamesFields(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		edit  func(*Config)
		field string
	}{
		{"defaults", func(*Config) {}, ""},
		{"coredns", func(c *Config) { c.CoreDNSReplicas = 0 }, "corednsReplicas"},
		{"warm prefix without delegation", func(c *Config) { c.PrefixDelegation = false }, "warmPrefixTarget"},
		{"warm ip", func(c *Config) { c.WarmIPTarget = 257 }, "warmIpTarget"},
		{"minimum ip", func(c *Config) { c.MinimumIPTarget = -1 }, "minimumIpTarget"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := Defaults()
			tt.edit(&c)
			validatetest.WantField(t, c.Validate(), tt.field)
		})
	}
}

// The networking component's CNI settings are the Config's, with custom
// networking as the wiring says.
func TestCNISettingsFromConfig(t *testing.T) {
	t.Parallel()
	c := Defaults()
	c.WarmIPTarget, c.MinimumIPTarget = 5, 30
	got := c.CNISettings(true)
	want := CNISettings{PrefixDelegation: true, WarmPrefixTarget: 1, WarmIPTarget: 5, MinimumIPTarget: 30, CustomNetworking: true}
	if got != want {
		t.Errorf("CNISettings = %+v, want %+v", got, want)
	}
}
