// Package validatetest holds the check the components' Validate table
// tests share: a config is valid, or its errors name exactly one field.
package validatetest

import (
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/validate"
)

// WantField fails t unless err holds no field error (field == "") or exactly
// one *validate.FieldError naming field.
func WantField(t testing.TB, err error, field string) {
	t.Helper()
	fields := validate.Fields(err)
	if field == "" {
		if len(fields) > 0 {
			t.Fatalf("valid config refused: %v", fields)
		}
		return
	}
	if len(fields) != 1 || fields[0].Field != field {
		t.Errorf("errors %v, want one naming %s", fields, field)
	}
}
