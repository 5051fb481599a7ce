package stacks

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// stack carries the config and the components declared so far from one
// deploy step to the next. A new component adds one field here, one
// deploy_<concern>.go file and one line in Deploy's steps.
type stack struct {
	ctx     *pulumi.Context
	cfg     Config
	account account

	network    *networkResult
	cluster    *clusterResult
	nodeGroups *nodeGroupsResult
	addons     *addonsResult
}

// Deploy is the whole program: read the config, then declare each
// component in order, each step exporting its own outputs.
func Deploy(ctx *pulumi.Context) error {
	cfg, err := LoadConfig(ctx)
	if err != nil {
		return fmt.Errorf("stack configuration:\n%w", err)
	}
	s := &stack{ctx: ctx, cfg: cfg}
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
	}
	for _, step := range steps {
		if err := step.run(); err != nil {
			return fmt.Errorf("%s: %w", step.name, err)
		}
	}
	return nil
}
