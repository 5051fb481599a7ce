package cluster

import (
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/validate/validatetest"
)

// Every problem comes back as a *validate.FieldError naming its json
// field, which the stack maps to its key through the struct tags.
func TestConfigValidateNamesFields(t *testing.T) {
	t.Parallel()
	valid := func(c *Config) { c.PublicAccessCIDRs = []string{"203.0.113.0/24"} }
	tests := []struct {
		name  string
		edit  func(*Config)
		field string
	}{
		{"valid", valid, ""},
		{"no cidrs while public", func(*Config) {}, "publicAccessCidrs"},
		{"old version", func(c *Config) { valid(c); c.KubernetesVersion = "1.28" }, "kubernetesVersion"},
		{"internet", func(c *Config) { c.PublicAccessCIDRs = []string{"0.0.0.0/0"} }, "publicAccessCidrs"},
		{"log type", func(c *Config) { valid(c); c.LogTypes = []string{"all"} }, "logTypes"},
		{"retention", func(c *Config) { valid(c); c.LogRetentionDays = 8 }, "logRetentionDays"},
		{"principal", func(c *Config) { valid(c); c.AdminPrincipalARNs = []string{"admin"} }, "adminPrincipalArns"},
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
