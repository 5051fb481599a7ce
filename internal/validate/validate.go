// Package validate holds the field-level checks every component's Config
// shares, each written once, and FieldError, the typed error they return.
//
// A component's Validate returns every problem at once (errors.Join of
// *FieldError), each naming its field by its json path ("namespaceCount",
// "resources.cpuRequest"). Callers that expose the fields under other names
// (the stack's config keys) map the path to their own name with Fields,
// never by parsing the message.
package validate

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// FieldError is one problem with one field: Field is its json path within
// the config that was validated (nested fields joined by '.'; an element of
// a list keeps the list's path), Msg says what is wrong and what is allowed.
type FieldError struct {
	Field string
	Msg   string
}

func (e *FieldError) Error() string {
	if e.Field == "" {
		return e.Msg
	}
	return e.Field + ": " + e.Msg
}

// Errorf returns a *FieldError for field with a formatted message.
func Errorf(field, format string, args ...any) error {
	return &FieldError{Field: field, Msg: fmt.Sprintf(format, args...)}
}

// Join joins errs (nil ones dropped), like errors.Join.
func Join(errs ...error) error { return errors.Join(errs...) }

// Fields returns the leaves of err (an errors.Join tree) in order. A leaf
// that is not a *FieldError comes back with an empty Field, so no problem is
// ever lost.
func Fields(err error) []*FieldError {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []*FieldError
		for _, e := range j.Unwrap() {
			out = append(out, Fields(e)...)
		}
		return out
	}
	var fe *FieldError
	if errors.As(err, &fe) {
		return []*FieldError{fe}
	}
	return []*FieldError{{Msg: err.Error()}}
}

// Nest prefixes every field of err with prefix + "." (a nested struct's
// Validate reports its own paths; its parent nests them).
func Nest(prefix string, err error) error {
	var out []error
	for _, fe := range Fields(err) {
		f := prefix
		if fe.Field != "" {
			f = prefix + "." + fe.Field
		}
		out = append(out, &FieldError{Field: f, Msg: fe.Msg})
	}
	return errors.Join(out...)
}

// Range checks lo <= v <= hi.
func Range(field string, v, lo, hi int) error {
	if v < lo || v > hi {
		return Errorf(field, "%d is out of range (allowed: %d..%d)", v, lo, hi)
	}
	return nil
}

// OneOf checks that v is one of allowed.
func OneOf(field, v string, allowed ...string) error {
	if !slices.Contains(allowed, v) {
		return Errorf(field, "%q is not allowed (allowed: %s)", v, strings.Join(allowed, ", "))
	}
	return nil
}

// NonEmpty checks that a list has at least one element.
func NonEmpty(field string, v []string) error {
	if len(v) == 0 {
		return Errorf(field, "must not be empty")
	}
	return nil
}

// Unique checks that no element of a list appears twice.
func Unique(field string, v []string) error {
	seen := map[string]bool{}
	for _, s := range v {
		if seen[s] {
			return Errorf(field, "%q is listed twice", s)
		}
		seen[s] = true
	}
	return nil
}
