package nodegroups

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
		{"type", func(c *Config) { c.OpsInstanceTypes = []string{"large"} }, "opsInstanceTypes"},
		{"no types", func(c *Config) { c.AppInstanceTypes = nil }, "appInstanceTypes"},
		{"ops count", func(c *Config) { c.OpsNodeCount = 11 }, "opsNodeCount"},
		{"desired above max", func(c *Config) { c.AppDesiredSize = 6 }, "appDesiredSize"},
		{"capacity", func(c *Config) { c.CapacityType = "spot" }, "capacityType"},
		{"volume", func(c *Config) { c.RootVolumeGiB = 10 }, "rootVolumeGiB"},
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
