package twin

import (
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/nodegroups"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/stackconfig"
)

func TestNodes(t *testing.T) {
	t.Parallel()
	for _, p := range stackconfig.Presets {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			cfg := config(p, nil)
			shapes, err := Nodes(cfg)
			if err != nil {
				t.Fatal(err)
			}
			ops, zones := 0, map[string]int{}
			for _, s := range shapes {
				if s.Labels[nodegroups.RoleLabel] != nodegroups.RoleOperational {
					continue
				}
				ops++
				zones[s.Zone]++
				if len(s.Taints) != 1 || s.Taints[0].Key != nodegroups.OperationalTaint || s.AllocatableCPU == s.CPU {
					t.Errorf("ops node %+v: want the operational taint and allocatable below capacity", s)
				}
			}
			if ops != cfg.NodeGroups.OpsNodeCount || len(zones) != min(ops, cfg.Network.AZCount) {
				t.Errorf("%d ops nodes over zones %v; want %d over %d zones", ops, zones, cfg.NodeGroups.OpsNodeCount, cfg.Network.AZCount)
			}
		})
	}
}

func TestStandinsFollowRenderedValues(t *testing.T) {
	t.Parallel()
	cfg := config(stackconfig.PresetScale, nil)
	s, err := BuildStandins(cfg)
	if err != nil {
		t.Fatal(err)
	}
	operators := 0
	for _, d := range s.Deployments {
		spec := d.Spec.Template.Spec
		if d.Spec.Template.Labels["app.kubernetes.io/name"] == "spark-operator" {
			operators++
			if spec.Containers[0].Resources.Requests.Cpu().MilliValue() == 0 || spec.NodeSelector[nodegroups.RoleLabel] != nodegroups.RoleOperational {
				t.Errorf("operator %s: requests %v selector %v", d.Name, spec.Containers[0].Resources.Requests, spec.NodeSelector)
			}
		}
	}
	if operators != cfg.EMR.NamespaceCount {
		t.Errorf("%d operator stand-ins, want %d (multiple mode)", operators, cfg.EMR.NamespaceCount)
	}
}
