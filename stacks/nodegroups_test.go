package stacks

import (
	"slices"
	"strings"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/pulumimock"
)

// Node groups: scaling, placement, the Cluster Autoscaler's discovery tags
// and launch templates.

func TestNodeGroupScalingAndPlacement(t *testing.T) {
	tests := []struct {
		name           string
		m              func(*testing.T) *pulumimock.Mock
		cluster        string
		opsSize        float64
		appMin, appMax float64
	}{
		{"dev", dev, "load-test-cluster-dev", 3, 1, 5},
		{"scale", scale, "load-test-cluster-10", 2, 1, 350},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			groups := tt.m(t).ByType(tNodeGroup)
			for _, g := range groups {
				sc := func(k string) float64 { return g.Number("scalingConfig", k) }
				if g.String("clusterName") != tt.cluster {
					t.Errorf("%s in cluster %q", g.Name, g.String("clusterName"))
				}
				if strings.HasSuffix(g.Name, "-ops") {
					if sc("minSize") != tt.opsSize || sc("maxSize") != tt.opsSize || sc("desiredSize") != tt.opsSize {
						t.Errorf("ops scaling = %v", g.Get("scalingConfig"))
					}
					taints, _ := g.Get("taints").([]any)
					if len(taints) != 1 || taints[0].(map[string]any)["effect"] != "NO_SCHEDULE" {
						t.Errorf("ops taints = %v", taints)
					}
					continue
				}
				if sc("minSize") != tt.appMin || sc("maxSize") != tt.appMax {
					t.Errorf("%s scaling = %v", g.Name, g.Get("scalingConfig"))
				}
				if n := len(g.Strings("subnetIds")); n != 1 {
					t.Errorf("%s spans %d subnets, want its AZ's one", g.Name, n)
				}
				if got := g.Strings("instanceTypes"); !slices.Equal(got, []string{"m5.xlarge"}) {
					t.Errorf("%s instance types = %v", g.Name, got)
				}
			}
		})
	}
}

// EKS tags every managed node group's Auto Scaling group with
// k8s.io/cluster-autoscaler/enabled and k8s.io/cluster-autoscaler/<cluster>:
// the stack declares no copy (it drifted against EKS's own).
func TestCASDiscoveryTagsLeftToEKS(t *testing.T) {
	m := scale(t)
	if n := len(m.ByType(tASGTag)); n != 0 {
		t.Errorf("%d ASG tags declared, want 0", n)
	}
	apps := 0
	for _, g := range m.ByType(tNodeGroup) {
		if strings.Contains(g.Name, "-app-") {
			apps++
		}
	}
	if apps != 2 {
		t.Errorf("%d application groups, want one per AZ (2)", apps)
	}
}

func TestLaunchTemplatesRequireIMDSv2AndEncryption(t *testing.T) {
	for _, m := range []*pulumimock.Mock{dev(t), scale(t)} {
		for _, lt := range m.ByType(tLT) {
			if lt.String("metadataOptions", "httpTokens") != "required" || lt.Number("metadataOptions", "httpPutResponseHopLimit") != 1 {
				t.Errorf("%s metadata = %v", lt.Name, lt.Get("metadataOptions"))
			}
			bdm, _ := lt.Get("blockDeviceMappings").([]any)
			if len(bdm) != 1 {
				t.Fatalf("%s block devices = %v", lt.Name, bdm)
			}
			ebs := bdm[0].(map[string]any)["ebs"].(map[string]any)
			if ebs["encrypted"] != "true" || ebs["volumeType"] != "gp3" {
				t.Errorf("%s root volume = %v", lt.Name, ebs)
			}
		}
	}
}
