package rehearse

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"sigs.k8s.io/yaml"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/stackconfig"
)

// Placeholders for the keys each user must set before `pulumi up` that no
// scheduling or scaling object reads (the API endpoint's CIDRs, Grafana's
// password, which Pulumi keeps encrypted). A rehearsal fills them when the
// stack file lacks them, so a fresh checkout rehearses without them.
var placeholders = map[string]string{
	stackconfig.Namespace + ":publicAccessCidrs":    `["192.0.2.1/32"]`,
	stackconfig.Namespace + ":grafanaAdminPassword": "rehearsal-placeholder",
}

// LoadStack reads a stack's configuration the way `pulumi up` hands it to
// the program: Pulumi.<stack>.yaml's config (preset first, then its keys,
// decoded strictly by stackconfig.Decode). Structured values are passed as JSON,
// as the engine does; secure (encrypted) values cannot be read here and
// are left out; the placeholders above stand in for them.
func LoadStack(dir, stack string) (stackconfig.Config, []string, error) {
	file := filepath.Join(dir, "Pulumi."+stack+".yaml")
	b, err := os.ReadFile(file)
	if err != nil {
		return stackconfig.Config{}, nil, fmt.Errorf("--stack %s: %w (the stack file must be in the working directory, e.g. Pulumi.dev.yaml)", stack, err)
	}
	var doc struct {
		Config map[string]any `json:"config"`
	}
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return stackconfig.Config{}, nil, fmt.Errorf("%s: %w", file, err)
	}
	cfg, notes, err := decode(doc.Config)
	if err != nil {
		return stackconfig.Config{}, nil, fmt.Errorf("%s: %w", file, err)
	}
	return cfg, notes, nil
}

// decode tries the placeholders where the stack lacks the keys (both,
// each, none: a placeholder is refused where its key must stay unset, e.g.
// CIDRs with a private endpoint); the error is that of the stack's own keys.
func decode(in map[string]any) (stackconfig.Config, []string, error) {
	raw, notes, err := rawConfig(in)
	if err != nil {
		return stackconfig.Config{}, nil, err
	}
	var missing []string
	for k := range placeholders {
		if _, ok := raw[k]; !ok {
			missing = append(missing, k)
		}
	}
	slices.Sort(missing)
	for _, subset := range subsets(missing) {
		try := maps.Clone(raw)
		for _, k := range subset {
			try[k] = placeholders[k]
		}
		if cfg, err := stackconfig.Decode(try); err == nil {
			return cfg, notes, nil
		}
	}
	_, err = stackconfig.Decode(raw)
	return stackconfig.Config{}, nil, err
}

// subsets lists every subset of keys, largest first.
func subsets(keys []string) [][]string {
	out := [][]string{}
	for mask := (1 << len(keys)) - 1; mask >= 0; mask-- {
		var s []string
		for i, k := range keys {
			if mask&(1<<i) != 0 {
				s = append(s, k)
			}
		}
		out = append(out, s)
	}
	return out
}

// PresetConfig is the configuration of a preset with no stack file.
func PresetConfig(preset, region string) (stackconfig.Config, []string, error) {
	return decode(map[string]any{stackconfig.Namespace + ":preset": preset, "aws:region": region})
}

func rawConfig(in map[string]any) (map[string]string, []string, error) {
	raw := map[string]string{}
	var notes []string
	for k, v := range in {
		switch x := v.(type) {
		case string:
			raw[k] = x
		case map[string]any:
			if _, secure := x["secure"]; secure {
				notes = append(notes, k+" is encrypted: a placeholder stands in (no scheduling object reads it)")
				continue
			}
			j, err := json.Marshal(x)
			if err != nil {
				return nil, nil, fmt.Errorf("config %s: %w", k, err)
			}
			raw[k] = string(j)
		default:
			j, err := json.Marshal(x)
			if err != nil {
				return nil, nil, fmt.Errorf("config %s: %w", k, err)
			}
			raw[k] = string(j)
		}
	}
	return raw, notes, nil
}
