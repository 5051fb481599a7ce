// Package placement holds the pod-placement types every component shares:
// the stack puts controllers, schedulers and the load generator on the
// operational nodes with one node selector and one set of tolerations.
package placement

// Toleration is a plain pod toleration, marshalled as Kubernetes and Helm
// charts spell it (empty fields left out).
type Toleration struct {
	Key      string `json:"key,omitempty"`
	Operator string `json:"operator,omitempty"`
	Value    string `json:"value,omitempty"`
	Effect   string `json:"effect,omitempty"`
}
