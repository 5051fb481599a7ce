// Package stackconfig holds the stack's typed configuration and its
// presets: one section per component, each that component's own Config
// (spec/<concern>), decoded strictly from Pulumi's config map. It imports
// nothing from Pulumi, so `loadgen plan` and `loadgen rehearse` read a
// stack's configuration without linking the Pulumi SDKs; stacks.Deploy
// (stacks/) wires the infra components from it and exports the outputs
// of internal/outputs.
//
// # Configuration keys
//
// Every key lives in the project namespace and is flat camelCase:
// `emr-eks-loadtest:vpcCidr`, set with `pulumi config set vpcCidr 10.0.0.0/16`.
// Lists and maps are JSON values (`pulumi config set appInstanceTypes
// '["m5.xlarge","m5a.xlarge"]'`, or `--path 'appInstanceTypes[0]'`); a list
// also accepts a comma-separated string. The one key outside the namespace is
// `aws:region`, which the AWS provider reads as well, so the stack and the
// provider can never disagree about the region.
//
// `preset` (dev or scale, default dev) picks the starting values of every
// key; any other key set on the stack overrides its preset value. Decoding
// is strict: an unknown key in the namespace is an error naming it and its
// near matches, and every problem is reported at once.
//
// # Adding a section
//
// A section is a Config type with `key`/`help` tagged fields, a
// component's (spec/<pkg>) or the stack's own StackConfig, declared a
// section in its config_<concern>.go with registerComponent (its preset
// values as data; its rules are its own Validate); AutoscalingConfig
// implements section itself. Add one field of that type to Config; keys,
// presets, validation and the key table follow.
package stackconfig

import (
	"errors"
	"fmt"
	"reflect"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/addons"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/autoscaler"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/cluster"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/emr"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/karpenter"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/loadgenapp"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/monitoring"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/network"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/nodegroups"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/scheduler"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/sparkoperator"
)

// Namespace is the Pulumi project name, the namespace of every config key.
const Namespace = "emr-eks-loadtest"

// Config is the whole typed configuration of a stack: one field per
// concern. Every field's type implements section.
type Config struct {
	// Preset is the preset the values started from (key `preset`).
	Preset Preset
	// Region comes from `aws:region` (required).
	Region string

	Stack         StackConfig
	Network       network.Config
	Cluster       cluster.Config
	NodeGroups    nodegroups.Config
	Addons        addons.Config
	Autoscaling   AutoscalingConfig
	Karpenter     karpenter.Config
	CAS           autoscaler.Config
	Scheduler     scheduler.Config
	EMR           emr.Config
	SparkOperator sparkoperator.Config
	Monitoring    monitoring.Config
	Loadgen       loadgenapp.Config
}

// section is what each field of Config implements.
type section interface {
	// setPreset resets the section to the preset's values.
	setPreset(p Preset)
	// bind declares the section's keys, each bound to a field.
	bind(b *binder)
	// Validate reports every bad value, each error naming its key.
	Validate() error
}

// sections returns every section field of cfg, in field order: a field
// whose pointer implements section, or a component Config registered with
// registerComponent.
func (cfg *Config) sections() []section {
	v := reflect.ValueOf(cfg).Elem()
	var out []section
	for i := range v.NumField() {
		p := v.Field(i).Addr().Interface()
		if s, ok := p.(section); ok {
			out = append(out, s)
		} else if mk, ok := components[v.Field(i).Type()]; ok {
			out = append(out, mk(p))
		}
	}
	return out
}

// Defaults returns the preset's configuration (Region left empty).
func Defaults(p Preset) Config {
	cfg := Config{Preset: p}
	for _, s := range cfg.sections() {
		s.setPreset(p)
	}
	return cfg
}

// Validate checks every section and the cross-section rules.
func (cfg *Config) Validate() error {
	var errs []error
	if cfg.Region == "" {
		errs = append(errs, fmt.Errorf("aws:region: required (pulumi config set aws:region us-west-2)"))
	}
	for _, s := range cfg.sections() {
		errs = append(errs, s.Validate())
	}
	errs = append(errs, cfg.crossChecks()...)
	errs = append(errs, cfg.nameChecks()...)
	errs = append(errs, cfg.trustChecks()...)
	errs = append(errs, cfg.scalingChecks()...)
	errs = append(errs, cfg.fitChecks()...)
	return errors.Join(errs...)
}

// crossChecks are the rules that involve more than one section.
func (cfg *Config) crossChecks() []error {
	var errs []error
	if cfg.Region != "" {
		if _, err := EMRRegistryAccount(cfg.EMR, cfg.Region); err != nil {
			errs = append(errs, err)
		}
	}
	if len(cfg.Network.AvailabilityZones) > 0 && cfg.Region != "" {
		for _, az := range cfg.Network.AvailabilityZones {
			if len(az) <= len(cfg.Region) || az[:len(cfg.Region)] != cfg.Region {
				errs = append(errs, KeyError(keyAvailabilityZones, "%q is not an availability zone of region %q", az, cfg.Region))
			}
		}
	}
	return errs
}

// KeyError formats an error about one key: "emr-eks-loadtest:<key>: ...".
func KeyError(key, format string, args ...any) error {
	return fmt.Errorf("%s:%s: %s", Namespace, key, fmt.Sprintf(format, args...))
}
