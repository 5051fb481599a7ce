package sparkoperator

import "github.com/emr-eks-loadtest/emr-eks-loadtest/infra/placement"

// PodShape describes the operator pods the releases ask the scheduler for,
// for fit checks (stacks Validate, the kwok twin) without rendering the chart.
type PodShape struct {
	// Count is the number of operator pods (one per release, replicaCount 1).
	Count int
	// CPURequest and MemoryRequest are each pod's requests (quantities).
	CPURequest, MemoryRequest string
	// Placement places every pod (the operational nodes).
	Placement placement.Placement
	// OnePerNode is true when a required pod anti-affinity on
	// kubernetes.io/hostname keeps the pods on distinct nodes: Count nodes
	// matching Placement.NodeSelector are then needed. Always false today: multiple
	// mode renders a preferred term (spread where possible, never blocking).
	OnePerNode bool
}

// OperatorPods is the shape of the operator pods of cfg for the job namespaces.
func OperatorPods(cfg Config, jobNamespaces []string) PodShape {
	return PodShape{
		Count:      len(Releases(cfg, jobNamespaces)),
		CPURequest: cfg.Resources.CPURequest, MemoryRequest: cfg.Resources.MemoryRequest,
		Placement:  cfg.Placement.Clone(),
		OnePerNode: false,
	}
}
