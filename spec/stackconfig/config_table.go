package stackconfig

import (
	"fmt"
	"strings"
)

// KeyTable renders the table of config keys in docs/configuration.md: every
// key with its value in each preset and what it does.
// TestConfigDocListsEveryKey keeps the document in step with it.
func KeyTable() string {
	var b strings.Builder
	b.WriteString("| key | dev | scale | meaning |\n|---|---|---|---|\n")
	fmt.Fprintf(&b, "| `aws:region` | (required) | (required) | AWS region; also read by the AWS provider |\n")
	fmt.Fprintf(&b, "| `%s` | | | preset the values start from: dev or scale (default %s) |\n", keyPreset, DefaultPreset)
	binders := map[Preset]*binder{}
	for _, p := range Presets {
		cfg := Defaults(p)
		binders[p] = cfg.binder()
	}
	first := binders[Presets[0]]
	for _, key := range first.order {
		fmt.Fprintf(&b, "| `%s` |", key)
		for _, p := range Presets {
			fmt.Fprintf(&b, " `%s` |", binders[p].byKey[key].show())
		}
		fmt.Fprintf(&b, " %s |\n", first.byKey[key].help)
	}
	return b.String()
}
