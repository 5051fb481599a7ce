package stacks

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/stackconfig"
)

// stack carries the config and the components declared so far from one
// deploy step to the next. A new component adds one field here, one
// deploy_<concern>.go file and one line in Deploy's steps.
type stack struct {
	ctx     *pulumi.Context
	cfg     stackconfig.Config
	account account

	network    *networkResult
	cluster    *clusterResult
	nodeGroups *nodeGroupsResult
	addons     *addonsResult
	scaling    *scalingResult
	emr        *emrResult
	operator   *sparkOperatorResult
	monitoring *monitoringResult
	loadgen    *loadgenResult

	// exported records every stack output by name (tests read it).
	exported map[string]pulumi.Input
}

// Deploy is the whole program: read the config, then declare each
// component in order, each step exporting its own outputs.
func Deploy(ctx *pulumi.Context) error {
	_, err := deploy(ctx)
	return err
}

func deploy(ctx *pulumi.Context) (*stack, error) {
	cfg, err := LoadConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("stack configuration:\n%w", err)
	}
	s := &stack{ctx: ctx, cfg: cfg, exported: map[string]pulumi.Input{}}
	steps := []struct {
		name string
		run  func() error
	}{
		{"account", s.deployAccount},
		{"network", s.deployNetwork},
		{"cluster", s.deployCluster},
		{"networking add-ons", s.deployNetworkingAddons},
		{"node groups", s.deployNodeGroups},
		{"service add-ons", s.deployServiceAddons},
		{"scaling", s.deployScaling},
		{"emr", s.deployEMR},
		{"spark operator", s.deploySparkOperator},
		{"monitoring", s.deployMonitoring},
		{"load generator", s.deployLoadgen},
	}
	for _, step := range steps {
		if err := step.run(); err != nil {
			return nil, fmt.Errorf("%s: %w", step.name, err)
		}
	}
	return s, nil
}

// kube hands the cluster's Kubernetes provider down to a component: every
// Kubernetes child inherits it through pulumi.Parent, none uses the
// default provider.
func (s *stack) kube() pulumi.ResourceOption { return pulumi.Providers(s.cluster.Provider) }

// export exports a stack output; name must be one of internal/outputs'.
func (s *stack) export(name string, value pulumi.Input) {
	s.exported[name] = value
	s.ctx.Export(name, value)
}
