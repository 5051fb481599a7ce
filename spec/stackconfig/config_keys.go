package stackconfig

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/validate"
)

// binding ties one config key to one field of a section.
type binding struct {
	key  string
	help string
	// decode parses the raw config string into the field.
	decode func(raw string) error
	// show renders the field's current value for documentation.
	show func() string
}

// binder collects the bindings of every section.
type binder struct {
	byKey map[string]*binding
	order []string
}

func newBinder() *binder { return &binder{byKey: map[string]*binding{}} }

func (b *binder) add(key, help string, decode func(string) error, show func() string) {
	if _, dup := b.byKey[key]; dup {
		panic(fmt.Sprintf("stacks: config key %q bound twice", key))
	}
	b.byKey[key] = &binding{key: key, help: help, decode: decode, show: show}
	b.order = append(b.order, key)
}

// String binds a string key.
func (b *binder) String(key, help string, p *string) {
	b.add(key, help, func(raw string) error { *p = raw; return nil },
		func() string { return *p })
}

// Int binds an integer key.
func (b *binder) Int(key, help string, p *int) {
	b.add(key, help, func(raw string) error {
		n, err := strconv.Atoi(strings.TrimSpace(raw))
		if err != nil {
			return fmt.Errorf("%q is not an integer", raw)
		}
		*p = n
		return nil
	}, func() string { return strconv.Itoa(*p) })
}

// Bool binds a boolean key (true/false).
func (b *binder) Bool(key, help string, p *bool) {
	b.add(key, help, func(raw string) error {
		v, err := strconv.ParseBool(strings.TrimSpace(raw))
		if err != nil {
			return fmt.Errorf("%q is not a boolean (allowed: true, false)", raw)
		}
		*p = v
		return nil
	}, func() string { return strconv.FormatBool(*p) })
}

// Float binds a decimal key.
func (b *binder) Float(key, help string, p *float64) {
	b.add(key, help, func(raw string) error {
		v, err := strconv.ParseFloat(strings.TrimSpace(raw), 64)
		if err != nil {
			return fmt.Errorf("%q is not a number", raw)
		}
		*p = v
		return nil
	}, func() string { return strconv.FormatFloat(*p, 'g', -1, 64) })
}

// Duration binds a Go duration key ("90s", "10m", "1h30m").
func (b *binder) Duration(key, help string, p *time.Duration) {
	b.add(key, help, func(raw string) error {
		v, err := time.ParseDuration(strings.TrimSpace(raw))
		if err != nil {
			return fmt.Errorf("%q is not a duration (e.g. 30s, 10m, 1h30m)", raw)
		}
		*p = v
		return nil
	}, func() string { return validate.FormatDuration(*p) })
}

// Strings binds a list key: a JSON array of strings, or a comma-separated
// string ("" is the empty list).
func (b *binder) Strings(key, help string, p *[]string) {
	b.add(key, help, func(raw string) error {
		v, err := parseStrings(raw)
		if err != nil {
			return err
		}
		*p = v
		return nil
	}, func() string { return showJSON(*p) })
}

// StringMap binds a map key: a JSON object of strings.
func (b *binder) StringMap(key, help string, p *map[string]string) {
	b.add(key, help, func(raw string) error {
		v := map[string]string{}
		if err := json.Unmarshal([]byte(raw), &v); err != nil {
			return fmt.Errorf("%q is not a JSON object of strings", abbreviate(raw))
		}
		*p = v
		return nil
	}, func() string { return showJSON(*p) })
}

func parseStrings(raw string) ([]string, error) {
	t := strings.TrimSpace(raw)
	if strings.HasPrefix(t, "[") {
		var v []string
		if err := json.Unmarshal([]byte(t), &v); err != nil {
			return nil, fmt.Errorf("%q is not a JSON list of strings", abbreviate(raw))
		}
		return v, nil
	}
	if t == "" {
		return []string{}, nil
	}
	parts := strings.Split(t, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts, nil
}

func showJSON(v any) string {
	b, _ := json.Marshal(v)
	s := string(b)
	if s == "null" {
		return "[]"
	}
	return s
}

func abbreviate(s string) string {
	if len(s) > 60 {
		return s[:57] + "..."
	}
	return s
}

// keys returns the bound keys, sorted.
func (b *binder) keys() []string {
	out := append([]string(nil), b.order...)
	sort.Strings(out)
	return out
}
