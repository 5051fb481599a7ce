package karpenter

import (
	"encoding/json"
	"fmt"
	"strconv"
)

// Pool names; the load generator selects them with
// --driver-nodepool / --executor-nodepool (label karpenter.sh/nodepool).
const (
	DriverPool   = "spark-driver"
	ExecutorPool = "spark-executor"
)

// Well-known labels the requirements use.
const (
	labelFamily       = "karpenter.k8s.aws/instance-family"
	labelSize         = "karpenter.k8s.aws/instance-size"
	labelGeneration   = "karpenter.k8s.aws/instance-generation"
	labelCapacityType = "karpenter.sh/capacity-type"
	labelZone         = "topology.kubernetes.io/zone"
	labelArch         = "kubernetes.io/arch"
	labelOS           = "kubernetes.io/os"
	// RoleLabel marks the Spark role of a pool's nodes.
	RoleLabel = "emr-eks-loadtest/spark-role"
)

// NodePoolSpec is karpenter.sh/v1 NodePool .spec (the fields we set).
type NodePoolSpec struct {
	Template   NodeClaimTemplate `json:"template"`
	Disruption Disruption        `json:"disruption"`
	Limits     map[string]string `json:"limits,omitempty"`
}

// NodeClaimTemplate is .spec.template.
type NodeClaimTemplate struct {
	Metadata struct {
		Labels map[string]string `json:"labels,omitempty"`
	} `json:"metadata"`
	Spec NodeClaimSpec `json:"spec"`
}

// NodeClaimSpec is .spec.template.spec.
type NodeClaimSpec struct {
	NodeClassRef NodeClassRef  `json:"nodeClassRef"`
	Requirements []Requirement `json:"requirements"`
	ExpireAfter  string        `json:"expireAfter,omitempty"`
}

// NodeClassRef points at the EC2NodeClass.
type NodeClassRef struct {
	Group string `json:"group"`
	Kind  string `json:"kind"`
	Name  string `json:"name"`
}

// Requirement is a node selector requirement.
type Requirement struct {
	Key      string   `json:"key"`
	Operator string   `json:"operator"`
	Values   []string `json:"values,omitempty"`
}

// Disruption is .spec.disruption.
type Disruption struct {
	ConsolidationPolicy string   `json:"consolidationPolicy"`
	ConsolidateAfter    string   `json:"consolidateAfter"`
	Budgets             []Budget `json:"budgets,omitempty"`
}

// Budget is a disruption budget.
type Budget struct {
	Nodes   string   `json:"nodes"`
	Reasons []string `json:"reasons,omitempty"`
}

// NodePools returns the driver and executor pools, keyed by name. Drivers
// consolidate only when empty (a driver eviction kills the whole job);
// executors also when underutilised, within ExecutorBudget.
func NodePools(c Config) map[string]NodePoolSpec {
	driver := poolSpec(c, DriverPool, c.Driver(), []string{"on-demand"})
	driver.Disruption = Disruption{ConsolidationPolicy: "WhenEmpty", ConsolidateAfter: DefaultConsolidate}
	capacity := []string{"on-demand"}
	if c.ExecutorSpot {
		capacity = []string{"spot", "on-demand"}
	}
	exec := poolSpec(c, ExecutorPool, c.Executor(), capacity)
	exec.Disruption = Disruption{
		ConsolidationPolicy: "WhenEmptyOrUnderutilized", ConsolidateAfter: DefaultConsolidate,
		Budgets: []Budget{{Nodes: c.ExecutorBudget}},
	}
	return map[string]NodePoolSpec{DriverPool: driver, ExecutorPool: exec}
}

func poolSpec(c Config, name string, p PoolConfig, capacity []string) NodePoolSpec {
	var s NodePoolSpec
	s.Template.Metadata.Labels = map[string]string{RoleLabel: name}
	s.Template.Spec.NodeClassRef = NodeClassRef{Group: "karpenter.k8s.aws", Kind: "EC2NodeClass", Name: c.NodeClassName}
	s.Template.Spec.ExpireAfter = "720h"
	s.Template.Spec.Requirements = requirements(p, capacity)
	s.Limits = map[string]string{"cpu": strconv.Itoa(p.CPULimit)}
	return s
}

func requirements(p PoolConfig, capacity []string) []Requirement {
	r := []Requirement{
		{Key: labelFamily, Operator: "In", Values: p.Families},
		{Key: labelSize, Operator: "In", Values: p.Sizes},
		{Key: labelGeneration, Operator: "Gt", Values: []string{strconv.Itoa(p.MinGeneration)}},
		{Key: labelCapacityType, Operator: "In", Values: capacity},
		{Key: labelArch, Operator: "In", Values: p.Arch},
		{Key: labelOS, Operator: "In", Values: []string{"linux"}},
	}
	if len(p.Zones) > 0 {
		r = append(r, Requirement{Key: labelZone, Operator: "In", Values: p.Zones})
	}
	return r
}

// ToMap turns a typed spec into the untyped map a CustomResource takes.
func ToMap(v any) (map[string]any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("marshalling spec: %w", err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("unmarshalling spec: %w", err)
	}
	return m, nil
}
