package stackconfig

import (
	"errors"
	"sort"
	"strings"
)

// regionKey is the AWS provider's region key, the one key read outside
// the project namespace.
const regionKey = "aws:region"

// Decode builds a Config from raw config ("namespace:key" -> value, as
// Pulumi passes it): the preset's values first, then every key of the
// project namespace over them, then Validate. Keys of other namespaces
// belong to providers and are ignored, except aws:region.
func Decode(raw map[string]string) (Config, error) {
	own := map[string]string{}
	for k, v := range raw {
		if rest, ok := strings.CutPrefix(k, Namespace+":"); ok {
			own[rest] = v
		}
	}
	var errs []error
	preset := DefaultPreset
	if name, ok := own[keyPreset]; ok {
		p, err := ParsePreset(name)
		if err != nil {
			errs = append(errs, err)
		} else {
			preset = p
		}
	}
	cfg := Defaults(preset)
	cfg.Region = raw[regionKey]
	b := cfg.binder()
	for _, key := range sortedKeys(own) {
		if key == keyPreset {
			continue
		}
		bnd, ok := b.byKey[key]
		if why, gone := removedKeys[key]; gone {
			errs = append(errs, KeyError(key, "removed: %s", why))
			continue
		}
		if !ok {
			errs = append(errs, unknownKey(key, b.keys()))
			continue
		}
		if err := bnd.decode(own[key]); err != nil {
			errs = append(errs, KeyError(key, "%v", err))
		}
	}
	errs = append(errs, cfg.Validate())
	return cfg, errors.Join(errs...)
}

// binder binds every section's keys to cfg's fields.
func (cfg *Config) binder() *binder {
	b := newBinder()
	for _, s := range cfg.sections() {
		s.bind(b)
	}
	return b
}

// Keys lists every key of the namespace except preset, sorted.
func Keys() []string {
	cfg := Defaults(DefaultPreset)
	return cfg.binder().keys()
}

func unknownKey(key string, known []string) error {
	near := nearMatches(key, known)
	msg := "unknown config key (see the README's table of keys)"
	if len(near) > 0 {
		msg += "; did you mean " + strings.Join(near, " or ") + "?"
	}
	return KeyError(key, "%s", msg)
}

// nearMatches returns up to three known keys close to key: equal ignoring
// case, one containing the other, or within a small edit distance.
func nearMatches(key string, known []string) []string {
	type cand struct {
		k string
		d int
	}
	var cs []cand
	lk := strings.ToLower(key)
	for _, k := range known {
		lk2 := strings.ToLower(k)
		d := levenshtein(lk, lk2)
		if lk == lk2 || strings.Contains(lk2, lk) || strings.Contains(lk, lk2) {
			d = 0
		}
		if d <= max(2, len(key)/4) {
			cs = append(cs, cand{k, d})
		}
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].d < cs[j].d })
	var out []string
	for i := 0; i < len(cs) && i < 3; i++ {
		out = append(out, cs[i].k)
	}
	return out
}

func levenshtein(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
