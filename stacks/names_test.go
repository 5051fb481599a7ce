package stacks

import (
	"fmt"
	"strings"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/stackconfig"
)

// longestNamesConfig is the configuration with the longest value config
// allows for every key that goes into a name: a cluster name of
// stackconfig.MaxClusterNameLen characters, the longest job namespace prefix (at the
// largest namespace count the operator mode allows) validation accepts (one operator per
// operational node in multiple mode), a 63-character scheduler name and
// operator namespace, and every optional component on, in a region with
// 14-letter AZ names. Validate must accept it (the test fails if not).
// maxOpsNodes is opsNodeCount's upper bound (config_nodegroups.go).
const maxOpsNodes = 10

func longestNamesConfig(operatorMode string) map[string]string {
	// 12 namespaces (a two-digit suffix) at the longest prefix still fit
	// the execution role's trust policy (config_trust.go).
	count := 12
	if operatorMode == "multiple" {
		count = maxOpsNodes
	}
	// The job namespace is limited by the virtual cluster name
	// "<cluster>-<namespace>" (64), tighter than its own 63.
	nsPrefix := strings.Repeat("n", stackconfig.MaxVirtualClusterName-stackconfig.MaxClusterNameLen-1-len(fmt.Sprintf("-%d", count-1)))
	return map[string]string{
		"aws:region":                      "ap-southeast-2",
		"clusterPrefix":                   strings.Repeat("p", stackconfig.MaxClusterNameLen-3),
		"clusterSuffix":                   "10",
		"jobNamespacePrefix":              nsPrefix,
		"jobNamespaceCount":               fmt.Sprint(count),
		"opsNodeCount":                    fmt.Sprint(maxOpsNodes),
		"opsInstanceTypes":                `["m5.4xlarge"]`,
		"availabilityZones":               `["ap-southeast-2a","ap-southeast-2b","ap-southeast-2c","ap-southeast-2d"]`,
		"natGateways":                     stackconfig.NATPerAZ,
		"autoscalingMode":                 "both",
		"binpackingScheduler":             "true",
		"schedulerName":                   strings.Repeat("s", 63),
		"sparkOperatorMode":               operatorMode,
		"sparkOperatorNamespace":          strings.Repeat("o", 63),
		"emrBucketEncryption":             "kms",
		"createManagedGrafana":            "true",
		"inClusterGrafana":                "true",
		"loadgenApp":                      "true",
		"loadgenImage":                    "123456789012.dkr.ecr.ap-southeast-2.amazonaws.com/loadgen:1.0",
		stackconfig.KeyAdminPrincipalARNs: `["arn:aws:iam::123456789012:role/admins"]`,
		"publicAccessCidrs":               `["203.0.113.0/24"]`,
	}
}

// TestNamesFitLimitsAtLongestConfig runs the program with the longest
// names config allows and checks every AWS and Kubernetes name it
// generates against the limit of the service that receives it, Pulumi's
// auto-name suffix included.
func TestNamesFitLimitsAtLongestConfig(t *testing.T) {
	for _, mode := range []string{"multiple", "single"} {
		t.Run(mode, func(t *testing.T) {
			m := deployed(t, longestNamesConfig(mode))
			names := generatedNames(m)
			if len(names) < 50 {
				t.Fatalf("only %d names found: the rules no longer see the program's resources", len(names))
			}
			for _, n := range names {
				if err := n.check(); err != nil {
					t.Error(err)
				}
			}
		})
	}
}

// TestNamesSeeEveryNamedType fails when the program declares a resource
// type that the name rules do not know: each new type needs a rule (or
// an entry in unnamedTypes saying its AWS object has no name).
func TestNamesSeeEveryNamedType(t *testing.T) {
	m := deployed(t, longestNamesConfig("multiple"))
	for _, r := range m.Resources() {
		typ := r.Type
		if _, ok := awsNameRules[typ]; ok || unnamedTypes[typ] || isKubernetesType(typ) || strings.HasPrefix(typ, stackconfig.Namespace+":") {
			continue
		}
		t.Errorf("no name rule for %s: add one to awsNameRules (limit from the service's docs) or to unnamedTypes", typ)
	}
}

// TestLongestNamesConfigIsTheBoundary: one character more on the cluster
// name or the job namespace prefix is rejected, naming the key, so the
// names test runs at the real limit and validation and names agree.
func TestLongestNamesConfigIsTheBoundary(t *testing.T) {
	base := longestNamesConfig("single")
	tests := []struct{ key, value, wantKey string }{
		{"clusterSuffix", base["clusterSuffix"] + "0", "clusterSuffix"},
		{"jobNamespacePrefix", base["jobNamespacePrefix"] + "n", "jobNamespacePrefix"},
	}
	for _, tt := range tests {
		raw := map[string]string{stackconfig.Namespace + ":" + "grafanaAdminPassword": testGrafanaPassword}
		for k, v := range base {
			if !strings.Contains(k, ":") {
				k = stackconfig.Namespace + ":" + k
			}
			raw[k] = v
		}
		if _, err := stackconfig.Decode(raw); err != nil {
			t.Fatalf("longest config rejected: %v", err)
		}
		raw[stackconfig.Namespace+":"+tt.key] = tt.value
		if _, err := stackconfig.Decode(raw); err == nil || !strings.Contains(err.Error(), stackconfig.Namespace+":"+tt.wantKey+":") {
			t.Errorf("%s one character longer: err = %v, want one naming %s", tt.key, err, tt.wantKey)
		}
	}
}
