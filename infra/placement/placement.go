// Package placement holds the pod-placement type every component shares:
// the stack puts controllers, schedulers and the load generator on the
// operational nodes with one node selector and one set of tolerations,
// produced by the node-group component (nodegroups.OperationalPlacement)
// and taken as one Placement field by every component that places pods.
package placement

import (
	"maps"
	"slices"
)

// Toleration is a plain pod toleration, marshalled as Kubernetes and Helm
// charts spell it (empty fields left out).
type Toleration struct {
	Key      string `json:"key,omitempty"`
	Operator string `json:"operator,omitempty"`
	Value    string `json:"value,omitempty"`
	Effect   string `json:"effect,omitempty"`
}

// Placement puts a pod on a set of nodes: their node selector and the
// tolerations of their taints.
type Placement struct {
	NodeSelector map[string]string `json:"nodeSelector"`
	Tolerations  []Toleration      `json:"tolerations"`
}

// Clone returns a deep copy, so a component never shares the caller's map
// or slice.
func (p Placement) Clone() Placement {
	return Placement{NodeSelector: maps.Clone(p.NodeSelector), Tolerations: slices.Clone(p.Tolerations)}
}
