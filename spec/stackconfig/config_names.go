package stackconfig

import "fmt"

// AWS name limits the configuration's own checks enforce; the others are
// kept by maxClusterNameLen (stacks/names_test.go checks every generated
// name against its service's limit at the longest values config allows).
const (
	// MaxVirtualClusterName is EMR on EKS's limit (CreateVirtualCluster
	// name: 1..64 characters of [.\-_/#A-Za-z0-9]).
	MaxVirtualClusterName = 64
)

// nameChecks are the name rules that involve more than one section.
func (cfg *Config) nameChecks() []error {
	var errs []error
	ns := cfg.EMR.JobNamespaces()
	if len(ns) > 0 && cfg.Stack.ClusterPrefix != "" && cfg.Stack.ClusterSuffix != "" {
		longest := ns[len(ns)-1]
		vc := virtualClusterName(cfg.Stack.ClusterName(), longest)
		if len(vc) > MaxVirtualClusterName {
			room := MaxVirtualClusterName - len(cfg.Stack.ClusterName()) - len("-") - len(fmt.Sprintf("-%d", len(ns)-1))
			errs = append(errs, KeyError(keyJobNamespacePrefix,
				"virtual cluster name %q is %d characters (EMR allows %d: <cluster name>-<job namespace>): "+
					"shorten %s to at most %d characters, or %s/%s", vc, len(vc), MaxVirtualClusterName,
				keyJobNamespacePrefix, max(room, 0), keyClusterPrefix, keyClusterSuffix))
		}
	}
	return errs
}

// virtualClusterName is the name infra/emr gives the virtual cluster of a
// job namespace.
func virtualClusterName(cluster, namespace string) string { return cluster + "-" + namespace }
