package loadgenapp

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
)

// ShippedTemplateDir is where the repository keeps loadgen's job templates,
// relative to the repository root (the Pulumi program's working directory).
const ShippedTemplateDir = "loadgen/templates"

var shippedName = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// TemplateFile resolves loadgenApp.template: a shipped template's name
// (spark-pi -> loadgen/templates/spark-pi.json) or a path to a file.
func TemplateFile(template string) (string, error) {
	switch {
	case template == "":
		return "", fmt.Errorf("empty; name a shipped template (spark-pi, tpcds) or a template file")
	case shippedName.MatchString(template):
		return filepath.Join(ShippedTemplateDir, template+".json"), nil
	default:
		return template, nil
	}
}

// ReadTemplate reads the template below root and checks it is JSON (loadgen
// validates its variables before the first submission).
func ReadTemplate(root, template string) (string, error) {
	path, err := TemplateFile(template)
	if err != nil {
		return "", fmt.Errorf("loadgenApp.template: %w", err)
	}
	if !filepath.IsAbs(path) {
		path = filepath.Join(root, path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("loadgenApp.template: %w (shipped templates live in %s)", err, ShippedTemplateDir)
	}
	if !json.Valid(b) {
		return "", fmt.Errorf("loadgenApp.template: %s is not JSON", path)
	}
	return string(b), nil
}
