package stackconfig

import (
	"maps"
	"slices"
	"strings"
	"testing"
)

// The scaling keys' bad values join the shared table of config_test.go.
func init() {
	maps.Copy(badValues, map[string][]string{
		keyKarpenterReplicas:   {"0", "4", "x"},
		keyKarpenterAMIAlias:   {"", "al2023@latest", "al2@v2025", "ami-123"},
		keyKarpenterFamilies:   {"", "[]"},
		keyKarpenterSizes:      {"", "[]"},
		keyKarpenterGeneration: {"-1", "21", "x"},
		keyKarpenterArch:       {"", "x86_64", `["amd64","sparc"]`},
		keyKarpenterDriverCPU:  {"0", "x"},
		keyKarpenterExecCPU:    {"0", "-5"},
		keyKarpenterExecSpot:   {"sometimes"},
		keyKarpenterExecBudget: {"", "ten", "101%", "-1"},
		keyKarpenterRootVolume: {"10", "20000", "x"},
		keyCASUnneededTime:     {"", "10", "30s", "-1m"},
		keyCASDelayAfterAdd:    {"", "soon", "-1m"},
		keyCASUtilization:      {"", "1.5", "-0.1", "half"},
		keyCASQPS:              {"0", "x"},
		keyCASBurst:            {"1", "x"},
		keySchedulerEnabled:    {"perhaps"},
		keySchedulerName:       {"", "default-scheduler", "Bin_Packing"},
		keySchedulerReplicas:   {"0", "6"},
		keySchedulerCPUWeight:  {"0", "101"},
		keySchedulerMemWeight:  {"0", "101"},
		keySchedulerQPS:        {"0", "x"},
		keySchedulerBurst:      {"1", "x"},
	})
}

// The sections as deployed (the wiring's zones, Kubernetes minor and
// placement) pass the components' own Validate, which their constructors
// run again.
func TestPlacedScalingConfigsValidate(t *testing.T) {
	t.Parallel()
	for _, p := range Presets {
		cfg := Defaults(p)
		k := cfg.PlacedKarpenter([]string{"us-west-2a"})
		if err := k.Validate(); err != nil || !slices.Equal(k.Driver().Zones, []string{"us-west-2a"}) || len(k.Placement.NodeSelector) == 0 {
			t.Errorf("%s: placed karpenter config %+v: %v", p, k, err)
		}
		if err := cfg.PlacedAutoscaler().Validate(); err != nil {
			t.Errorf("%s: autoscaler component config: %v", p, err)
		}
		if err := cfg.PlacedScheduler().Validate(); err != nil {
			t.Errorf("%s: scheduler component config: %v", p, err)
		}
	}
}

func TestKubernetesVersionMustHavePinnedScalingImages(t *testing.T) {
	t.Parallel()
	_, err := Decode(map[string]string{"aws:region": "us-west-2", Namespace + ":" + keyKubernetesVersion: "1.30"})
	if err == nil || !strings.Contains(err.Error(), "kube-scheduler") {
		t.Errorf("1.30 with the binpacking scheduler: error = %v, want one naming the missing kube-scheduler pin", err)
	}
	_, err = Decode(map[string]string{"aws:region": "us-west-2", Namespace + ":" + keyKubernetesVersion: "1.30",
		Namespace + ":" + keySchedulerEnabled: "false", Namespace + ":" + keyAutoscalingMode: "karpenter",
		Namespace + ":" + keyGrafanaAdminPassword: testGrafanaPassword, Namespace + ":" + keyPublicAccessCIDRs: testPublicAccessCIDRs})
	if err != nil {
		t.Errorf("1.30 without scheduler and CAS: %v", err)
	}
}
