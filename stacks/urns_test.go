package stacks

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/golden"
)

// TestURNsAndProvidersAreStable records every resource's URN (type token,
// name and parent chain) and the provider it is declared with, for the
// presets and the optional parts (Cluster Autoscaler only, Managed
// Grafana, the started load generator with the operator target). A
// changed URN makes `pulumi up` replace the resource, and a Kubernetes
// object on another provider would be created through another kubeconfig:
// testdata/urns-*.golden was recorded before the constructors were
// reshaped (issue 15 item 3) and must not change with them.
func TestURNsAndProvidersAreStable(t *testing.T) {
	for _, tt := range []struct {
		name string
		kv   map[string]string
	}{
		{"dev", map[string]string{"preset": "dev"}},
		{"scale", map[string]string{"preset": "scale"}},
		{"cas-managed-grafana", map[string]string{"preset": "dev", "autoscalingMode": "cluster-autoscaler", "createManagedGrafana": "true"}},
		{"scale-started-operator", map[string]string{"preset": "scale", "loadgenStart": "true", "loadgenTarget": "operator"}},
	} {
		m := deployed(t, tt.kv)
		var lines []string
		for _, r := range m.Resources() {
			lines = append(lines, fmt.Sprintf("%s provider=%s", r.URN, r.ProviderName()))
		}
		sort.Strings(lines)
		golden.Assert(t, "urns-"+tt.name, []byte(strings.Join(lines, "\n")+"\n"))
	}
}
