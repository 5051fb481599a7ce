package stackconfig

import (
	"errors"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/validate"
)

// StackConfig is what every component shares: the cluster's name and the
// tags put on every AWS resource. Its json names are its keys.
type StackConfig struct {
	// ClusterPrefix and ClusterSuffix make the cluster name
	// "<prefix>-<suffix>" (the old toolkit's LOAD_TEST_PREFIX and
	// CLUSTER_NAME). Every named AWS resource derives from it.
	ClusterPrefix string `json:"clusterPrefix" key:"clusterPrefix" help:"cluster name prefix; the name is <clusterPrefix>-<clusterSuffix>"`
	ClusterSuffix string `json:"clusterSuffix" key:"clusterSuffix" help:"cluster name suffix"`
	// Tags are extra tags for every AWS resource the stack declares.
	Tags map[string]string `json:"tags" key:"tags" help:"extra tags on every AWS resource (JSON object)"`
}

const (
	keyClusterPrefix = "clusterPrefix"
	keyClusterSuffix = "clusterSuffix"
	keyTags          = "tags"

	// maxClusterNameLen keeps every name derived from the cluster name
	// within its service's limit. The longest derived name is the
	// Karpenter interruption rule "<cluster>-karpenter-instance-state-change"
	// plus Pulumi's 8-character auto-name suffix, under EventBridge's 64:
	// 64 - 32 - 8 = 24 (stacks/names_test.go checks every name).
	maxClusterNameLen = 24
)

var stackPresets = map[Preset]StackConfig{
	PresetDev:   {ClusterPrefix: "load-test-cluster", ClusterSuffix: "dev", Tags: map[string]string{}},
	PresetScale: {ClusterPrefix: "load-test-cluster", ClusterSuffix: "10", Tags: map[string]string{}},
}

var _ = registerComponent(stackPresets, keyClusterSuffix)

// Validate checks the name parts and the tags.
func (c StackConfig) Validate() error {
	errs := []error{
		validate.DNSLabel(keyClusterPrefix, c.ClusterPrefix, maxClusterNameLen),
		validate.DNSLabel(keyClusterSuffix, c.ClusterSuffix, maxClusterNameLen),
	}
	if c.ClusterPrefix != "" && c.ClusterSuffix != "" && len(c.ClusterName()) > maxClusterNameLen {
		errs = append(errs, validate.Errorf(keyClusterSuffix, "cluster name %q is longer than %d characters", c.ClusterName(), maxClusterNameLen))
	}
	errs = append(errs, checkTags(keyTags, c.Tags)...)
	return errors.Join(errs...)
}

// ClusterName is the EKS cluster's real name, used for discovery tags.
func (c *StackConfig) ClusterName() string { return c.ClusterPrefix + "-" + c.ClusterSuffix }
