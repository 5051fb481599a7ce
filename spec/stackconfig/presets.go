package stackconfig

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Preset names a set of starting values for every key. Each section holds
// its own values per preset as data (see the *Presets variables).
type Preset string

const (
	// PresetDev is the smallest useful environment: 2 AZs, one NAT gateway,
	// small node groups. For trying the toolkit and developing it.
	PresetDev Preset = "dev"
	// PresetScale is the published load-test shape: an operational group of
	// 2 fixed nodes and one application group per AZ of m5.xlarge scaling
	// 1..350, a NAT gateway per AZ.
	PresetScale Preset = "scale"

	// DefaultPreset is used when the stack sets no `preset` key.
	DefaultPreset = PresetDev

	keyPreset = "preset"
)

// Presets lists every preset, in documentation order.
var Presets = []Preset{PresetDev, PresetScale}

// ParsePreset returns the preset named s, or an error naming the key and
// the allowed values.
func ParsePreset(s string) (Preset, error) {
	for _, p := range Presets {
		if string(p) == s {
			return p, nil
		}
	}
	names := make([]string, len(Presets))
	for i, p := range Presets {
		names[i] = string(p)
	}
	return "", KeyError(keyPreset, "%q is not a preset (allowed: %s)", s, strings.Join(names, ", "))
}

// pick returns a deep copy of the preset's value from a per-preset table,
// so no stack can alter the table through a shared slice or map. Every
// table must have every preset; a missing one is a programming error.
func pick[T any](table map[Preset]T, p Preset) T {
	v, ok := table[p]
	if !ok {
		panic(fmt.Sprintf("stacks: preset %q missing from a preset table", p))
	}
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("stacks: copying preset %q: %v", p, err))
	}
	var out T
	if err := json.Unmarshal(b, &out); err != nil {
		panic(fmt.Sprintf("stacks: copying preset %q: %v", p, err))
	}
	return out
}
