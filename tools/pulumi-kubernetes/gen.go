//go:build ignore

// gen writes schema-embed.json (with its version field set) and
// terraform-mapping-embed.json into the current directory from the upstream
// provider's cmd/pulumi-resource-kubernetes folder, as upstream's generate.go
// does. Usage: go run gen.go <upstream cmd dir> <version>
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: go run gen.go <provider cmd dir> <version>")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(dir, version string) error {
	var schema map[string]any
	if err := readJSON(filepath.Join(dir, "schema.json"), &schema); err != nil {
		return err
	}
	schema["version"] = version
	if err := writeJSON("schema-embed.json", schema); err != nil {
		return err
	}
	var mapping any
	if err := readJSON(filepath.Join(dir, "terraform-mapping.json"), &mapping); err != nil {
		return err
	}
	return writeJSON("terraform-mapping-embed.json", mapping)
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

func writeJSON(path string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o600)
}
