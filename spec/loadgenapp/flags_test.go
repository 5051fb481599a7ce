package loadgenapp

import (
	"slices"
	"strings"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/flagnames"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/operator"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/template"
)

func enabled() Config {
	c := DefaultConfig()
	c.Enabled, c.Start, c.Workers, c.Args = true, true, 3, []string{"--rate=150/min", "--duration=30m"}
	return c
}

// TestWorkerCommandUsesLoadgenFlags: every flag the component writes into a
// worker's command line or environment, or reserves for itself, is one the
// load generator exports (flagnames.RunFlags; loadgen/cli's
// TestExportedFlagNamesAreRunFlags checks those are `loadgen run` flags). It
// failed before on --web-port, reserved by the component but not a loadgen
// flag (loadgen's is --web-addr).
func TestWorkerCommandUsesLoadgenFlags(t *testing.T) {
	t.Parallel()
	run := flagnames.RunFlags()
	envs := map[string]bool{}
	for _, name := range run {
		envs[flagnames.EnvName(name)] = true
	}
	for _, target := range []string{"emr", "operator"} {
		cfg := enabled()
		cfg.Target, cfg.Args = target, nil // the user's own args are theirs (Validate checks them)
		for _, arg := range CommandArgs(cfg)[1:] {
			name, _, _ := strings.Cut(strings.TrimPrefix(arg, "--"), "=")
			if !slices.Contains(run, name) {
				t.Errorf("worker argument %s: loadgen run has no --%s", arg, name)
			}
		}
		for k := range Env(cfg) {
			if !envs[k] {
				t.Errorf("worker environment %s sets no loadgen run flag", k)
			}
		}
	}
	for name := range ownedFlags {
		if !slices.Contains(run, name) {
			t.Errorf("reserved --%s is not a loadgen run flag", name)
		}
	}
	if JobUIDEnv != flagnames.JobUIDEnv {
		t.Errorf("JobUIDEnv %q, loadgen reads %q", JobUIDEnv, flagnames.JobUIDEnv)
	}
}

// TestTemplateMatchesTheTarget: the template shipped to the workers is what
// loadgen's parser for the target takes, under a file name the --template
// argument points at. It failed before: target operator shipped the
// StartJobRun JSON of spark-pi as template.json.
func TestTemplateMatchesTheTarget(t *testing.T) {
	t.Parallel()
	for _, target := range []string{"emr", "operator"} {
		cfg := enabled()
		cfg.Target = target
		data, err := ReadTemplate("../..", target, cfg.Template)
		if err != nil {
			t.Fatalf("%s: %v", target, err)
		}
		if target == "operator" {
			_, err = operator.ParseManifest("shipped", []byte(data))
		} else {
			_, err = template.Parse("shipped", []byte(data))
		}
		if err != nil {
			t.Errorf("target %s ships a template its parser refuses: %v", target, err)
		}
		if want := "--template=" + ConfigDir + "/" + TemplateKey(target); !slices.Contains(CommandArgs(cfg), want) {
			t.Errorf("target %s: command %q lacks %s", target, CommandArgs(cfg), want)
		}
	}
	if _, err := ReadTemplate("../..", "operator", "loadgen/templates/spark-pi.json"); err == nil {
		t.Error("a StartJobRun file was accepted for the operator target")
	}
}
