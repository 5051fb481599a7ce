package stacks

import (
	"fmt"
	"strings"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/pulumimock"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/stackconfig"
)

// Resource types the destroy-order invariants name.
const (
	tRouteTable = "aws:ec2/routeTable:RouteTable"
	tRTAssoc    = "aws:ec2/routeTableAssociation:RouteTableAssociation"
	tQueue      = "aws:sqs/queue:Queue"
	tAccess     = "aws:eks/accessEntry:AccessEntry"
)

// destroyConfigs are the stacks the invariants are checked on: both
// presets with every component that declares something on.
func destroyConfigs() map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, p := range stackconfig.Presets {
		out[string(p)] = map[string]string{
			"preset": string(p), "autoscalingMode": "both", "loadgenApp": "true", "createManagedGrafana": "true",
			"loadgenImage": "123456789012.dkr.ecr.us-west-2.amazonaws.com/loadgen:1.0", "opsInstanceTypes": `["m5.4xlarge"]`,
			"opsNodeCount": fmt.Sprint(maxOpsNodes), // multiple mode: one Spark Operator per node
		}
	}
	return out
}

// outlives is one destroy-order invariant: every resource matched by
// dependents must depend (transitively, as pulumi destroy orders) on every
// resource matched by kept, so destroy deletes the dependents first.
type outlives struct {
	name       string
	why        string
	kept       func(pulumimock.Resource) bool
	dependents func(pulumimock.Resource) bool
}

var destroyInvariants = []outlives{
	{
		name: "egress outlives the cluster and everything in it",
		why: "without NAT, routes and route-table associations Karpenter cannot reach EC2/SQS/STS, its nodes " +
			"and ENIs stay, and the subnets and VPC cannot be deleted",
		kept:       anyType(tNAT, tRouteTable, tRTAssoc),
		dependents: inCluster,
	},
	{
		name:       "workloads with volumes go before the EBS CSI driver",
		why:        "the CSI controller deletes the EBS volume of a released PVC; gone first, the volume stays",
		kept:       isAddon("aws-ebs-csi-driver"),
		dependents: hasVolumeClaims,
	},
	{
		name: "Karpenter's NodePools and EC2NodeClass go before what the controller needs to terminate nodes",
		why: "deleting a NodePool makes the controller terminate its nodes: it needs its chart, role and policy, " +
			"the interruption queue, the node role and access entry, and the operational nodes it runs on",
		kept:       karpenterNeeds,
		dependents: anyType(tNodePool, tNodeClass),
	},
}

func TestDestroyOrder(t *testing.T) {
	for name, cfg := range destroyConfigs() {
		m := deployed(t, cfg)
		g := m.Graph()
		for _, inv := range destroyInvariants {
			t.Run(name+"/"+inv.name, func(t *testing.T) {
				kept, deps := filter(m, inv.kept), filter(m, inv.dependents)
				if len(kept) == 0 || len(deps) == 0 {
					t.Fatalf("matched %d kept and %d dependent resources: the invariant checks nothing", len(kept), len(deps))
				}
				for _, x := range kept {
					var missing []string
					for _, y := range deps {
						if !g.DependsOn(y.URN, x.URN) {
							missing = append(missing, y.Type+" "+y.Name)
						}
					}
					if len(missing) > 0 {
						t.Errorf("%d of %d resources do not depend on %s %s, so destroy may delete it first (%s); e.g. %s",
							len(missing), len(deps), x.Type, x.Name, inv.why, strings.Join(missing[:min(3, len(missing))], ", "))
					}
				}
			})
		}
	}
}

func filter(m *pulumimock.Mock, match func(pulumimock.Resource) bool) []pulumimock.Resource {
	var out []pulumimock.Resource
	for _, r := range m.Resources() {
		if match(r) {
			out = append(out, r)
		}
	}
	return out
}

func anyType(types ...string) func(pulumimock.Resource) bool {
	return func(r pulumimock.Resource) bool {
		for _, t := range types {
			if r.Type == t {
				return true
			}
		}
		return false
	}
}

func isAddon(name string) func(pulumimock.Resource) bool {
	return func(r pulumimock.Resource) bool { return r.Type == tAddon && r.String("addonName") == name }
}

// inCluster: the control plane, the node groups, the add-ons and every
// Kubernetes object (charts included).
func inCluster(r pulumimock.Resource) bool {
	return r.Type == tEKS || r.Type == tNodeGroup || r.Type == tAddon ||
		(strings.HasPrefix(r.Type, "kubernetes:") && r.Custom) || r.Type == tChart
}

// hasVolumeClaims: Kubernetes objects or charts whose inputs ask for a
// persistent volume (a PVC, a StatefulSet's volumeClaimTemplates, a
// Prometheus storageSpec, chart persistence).
func hasVolumeClaims(r pulumimock.Resource) bool {
	if !strings.HasPrefix(r.Type, "kubernetes:") {
		return false
	}
	if strings.HasSuffix(r.Type, ":PersistentVolumeClaim") {
		return true
	}
	return mentionsVolumeClaim(r.Get())
}

func mentionsVolumeClaim(v any) bool {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			if k == "volumeClaimTemplate" || k == "volumeClaimTemplates" {
				return true
			}
			if p, ok := e.(map[string]any); ok && k == "persistence" && p["enabled"] == true {
				return true
			}
			if mentionsVolumeClaim(e) {
				return true
			}
		}
	case []any:
		for _, e := range v {
			if mentionsVolumeClaim(e) {
				return true
			}
		}
	}
	return false
}

// karpenterNeeds: what the Karpenter controller uses to terminate nodes.
func karpenterNeeds(r pulumimock.Resource) bool {
	karp := strings.Contains(r.Name, "-karpenter")
	switch {
	case r.Type == tChart && karp, r.Type == tQueue && karp, r.Type == tAccess && karp:
		return true
	case (r.Type == tRole || r.Type == tRolePol || r.Type == tAttach) && karp:
		return true
	case r.Type == tNodeGroup:
		return true
	}
	return false
}
