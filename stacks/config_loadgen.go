package stacks

import (
	"errors"
	"slices"
	"strings"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/nodegroups"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/placement"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/validate"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/loadgenapp"
)

// LoadgenConfig shapes the in-cluster load generator (off in dev, on in
// scale); defaults come from infra/loadgenapp.DefaultConfig.
type LoadgenConfig struct {
	Enabled bool
	// Start declares the Job, which starts the load test at once; off by
	// default so that deploying (and pushing the image) starts nothing.
	Start    bool
	Workers  int
	Image    string
	Target   string
	Template string
	Args     []string
}

const (
	keyLoadgenApp      = "loadgenApp"
	keyLoadgenStart    = "loadgenStart"
	keyLoadgenWorkers  = "loadgenWorkers"
	keyLoadgenImage    = "loadgenImage"
	keyLoadgenTarget   = "loadgenTarget"
	keyLoadgenTemplate = "loadgenTemplate"
	keyLoadgenArgs     = "loadgenArgs"
)

func loadgenPreset(enabled bool) LoadgenConfig {
	d := loadgenapp.DefaultConfig()
	return LoadgenConfig{Enabled: enabled, Workers: d.Workers, Image: d.Image, Target: d.Target, Template: d.Template, Args: []string{}}
}

var loadgenPresets = map[Preset]LoadgenConfig{
	PresetDev:   loadgenPreset(false),
	PresetScale: loadgenPreset(true),
}

func (c *LoadgenConfig) setPreset(p Preset) { *c = pick(loadgenPresets, p) }

func (c *LoadgenConfig) bind(b *binder) {
	b.Bool(keyLoadgenApp, "declare the in-cluster load generator (repository, role, RBAC, config); starts nothing", &c.Enabled)
	b.Bool(keyLoadgenStart, "start the in-cluster load test now (creates the Indexed Job; needs loadgenApp and a pushed image; later changes are ignored: set false, up, true, up to run again)", &c.Start)
	b.Int(keyLoadgenWorkers, "load generator workers (Indexed Job completions, 1..100)", &c.Workers)
	b.String(keyLoadgenImage, "load generator image; empty = the stack's repository (built with ko)", &c.Image)
	b.String(keyLoadgenTarget, "load generator --target: emr or operator", &c.Target)
	b.String(keyLoadgenTemplate, "job template: spark-pi, tpcds, or a JSON file path", &c.Template)
	b.Strings(keyLoadgenArgs, "further `loadgen run` flags (e.g. [\"--rate=150/min\",\"--duration=30m\"])", &c.Args)
}

var loadgenFields = map[string]string{
	"workers": keyLoadgenWorkers, "target": keyLoadgenTarget, "template": keyLoadgenTemplate, "args": keyLoadgenArgs,
}

// Validate applies the component's rules (also when disabled, so a stack
// that turns it on later does not meet old mistakes).
func (c *LoadgenConfig) Validate() error {
	err := c.Component(nodegroups.OperationalPlacement()).Validate()
	errs := legacyKeyedErrors(err, "loadgenApp", loadgenFields, keyLoadgenApp)
	errs = append(errs, checkImageRef(keyLoadgenImage, c.Image))
	if c.Start && !c.Enabled {
		errs = append(errs, keyErr(keyLoadgenStart, "true needs %s:%s true (the Job runs the load generator it declares)", Namespace, keyLoadgenApp))
	}
	return errors.Join(errs...)
}

// Component returns infra/loadgenapp's config, placed by p.
func (c *LoadgenConfig) Component(p placement.Placement) loadgenapp.Config {
	l := loadgenapp.DefaultConfig()
	l.Enabled, l.Start, l.Workers, l.Image, l.Target, l.Template, l.Args = c.Enabled, c.Start, c.Workers, c.Image, c.Target, c.Template, c.Args
	l.NodeSelector = p.NodeSelector
	l.Tolerations = slices.Clone(p.Tolerations)
	return l
}

// legacyKeyedErrors recovers the stack key of an infra/loadgenapp Validate
// error from its "loadgenApp.<field>: ..." text. It goes once that
// package's Validate returns *validate.FieldError like the other
// components' (then keyedErrors and key tags replace loadgenFields).
func legacyKeyedErrors(err error, component string, fields map[string]string, fallback string) []error {
	var out []error
	for _, fe := range validate.Fields(err) {
		msg := fe.Error()
		rest, ok := strings.CutPrefix(msg, component+".")
		field, detail, found := strings.Cut(rest, ":")
		if i := strings.IndexByte(field, '['); i >= 0 {
			field = field[:i]
		}
		key, known := fields[field]
		if !ok || !found || !known {
			out = append(out, keyErr(fallback, "%s", msg))
			continue
		}
		out = append(out, keyErr(key, "%s", strings.TrimSpace(detail)))
	}
	return out
}
