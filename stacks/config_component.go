package stacks

import "strings"

// keyedErrors turns a component's Validate errors, which name their field
// as "<component>.<field>: ..." (e.g. "emr.namespacePrefix: ..."), into
// errors naming the stack key bound to that field, so the components keep
// their own rules and the user still reads the key to fix. fields maps a
// component field (with any "[i]" index dropped) to its stack key; an error
// about an unmapped field is reported under fallback.
func keyedErrors(err error, component string, fields map[string]string, fallback string) []error {
	if err == nil {
		return nil
	}
	var out []error
	for _, e := range flatten(err) {
		msg := e.Error()
		rest, ok := strings.CutPrefix(msg, component+".")
		field, detail, found := strings.Cut(rest, ":")
		if !ok || !found {
			out = append(out, keyErr(fallback, "%s", msg))
			continue
		}
		if i := strings.IndexByte(field, '['); i >= 0 {
			field = field[:i]
		}
		key, ok := fields[field]
		if !ok {
			key = fallback
		}
		out = append(out, keyErr(key, "%s", strings.TrimSpace(detail)))
	}
	return out
}

// flatten unwraps errors.Join trees into their leaves.
func flatten(err error) []error {
	j, ok := err.(interface{ Unwrap() []error })
	if !ok {
		return []error{err}
	}
	var out []error
	for _, e := range j.Unwrap() {
		out = append(out, flatten(e)...)
	}
	return out
}
