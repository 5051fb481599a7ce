package loadgenapp

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/template"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/template/sparkapp"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/templates"
)

// TemplateKey is the ConfigMap key (and file name under ConfigDir) of the
// job template a target takes: template.json (StartJobRun) for emr,
// template.yaml (SparkApplication) for operator.
func TemplateKey(target string) string {
	ext, err := templates.Ext(target)
	if err != nil {
		ext = ".json"
	}
	return "template" + ext
}

// ReadTemplate resolves loadgenApp.template for loadgenApp.target: a shipped
// template's name (the load generator's own embedded templates, looked up by
// target, so operator gets the SparkApplication) or a file below root. The
// content is checked with the load generator's own parser for that target,
// so a bad template fails at preview, not in the workers.
func ReadTemplate(root, target, name string) (string, error) {
	if name == "" {
		return "", fmt.Errorf("loadgenApp.template: empty; name a shipped template (%v) or a template file", templates.Names(target))
	}
	file, data := name, []byte(nil)
	if t, ok := templates.Lookup(target, name); ok {
		file, data = "templates/"+t.File, t.Data
	} else {
		path := name
		if !filepath.IsAbs(path) {
			path = filepath.Join(root, path)
		}
		var err error
		if data, err = os.ReadFile(path); err != nil {
			return "", fmt.Errorf("loadgenApp.template: %w (shipped templates for target %s: %v)", err, target, templates.Names(target))
		}
	}
	if err := checkTemplate(target, file, data); err != nil {
		return "", fmt.Errorf("loadgenApp.template: %w", err)
	}
	return string(data), nil
}

func checkTemplate(target, file string, data []byte) error {
	if target == templates.TargetOperator {
		return sparkapp.Check(file, data)
	}
	_, err := template.Parse(file, data)
	return err
}
