package rehearse

import (
	"slices"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/twin"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/karpenter"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/stackconfig"
)

// KWOK node class API (sigs.k8s.io/karpenter kwok/apis/v1alpha1).
const (
	KWOKGroup   = "karpenter.kwok.sh"
	KWOKVersion = "v1alpha1"
	KWOKKind    = "KWOKNodeClass"
)

// KarpenterConfig is the stack's Karpenter configuration as
// stacks.deployKarpenter hands it to infra/karpenter (zones of the stack,
// the operational placement).
func KarpenterConfig(cfg stackconfig.Config) karpenter.Config {
	return cfg.PlacedKarpenter(twin.Zones(cfg))
}

// NodePools are the stack's NodePools built by karpenter.NodePools, with
// only the nodeClassRef changed to the KWOKNodeClass of the same name:
// requirements, limits, disruption and budgets are the stack's.
func NodePools(kc karpenter.Config) ([]*unstructured.Unstructured, error) {
	pools := karpenter.NodePools(kc)
	names := make([]string, 0, len(pools))
	for n := range pools {
		names = append(names, n)
	}
	slices.Sort(names)
	out := make([]*unstructured.Unstructured, 0, len(names))
	for _, name := range names {
		spec := pools[name]
		spec.Template.Spec.NodeClassRef = karpenter.NodeClassRef{Group: KWOKGroup, Kind: KWOKKind, Name: kc.NodeClassName}
		m, err := karpenter.ToMap(spec)
		if err != nil {
			return nil, err
		}
		u := &unstructured.Unstructured{Object: map[string]any{"spec": m}}
		u.SetAPIVersion("karpenter.sh/v1")
		u.SetKind("NodePool")
		u.SetName(name)
		out = append(out, u)
	}
	return out, nil
}

// NodeClass is the KWOKNodeClass the pools point at; registrationDelay
// models the time from launch to a registered node (kwok's
// nodeRegistrationDelay), "" for none.
func NodeClass(name, registrationDelay string) *unstructured.Unstructured {
	spec := map[string]any{}
	if registrationDelay != "" {
		spec["nodeRegistrationDelay"] = registrationDelay
	}
	u := &unstructured.Unstructured{Object: map[string]any{"spec": spec}}
	u.SetAPIVersion(KWOKGroup + "/" + KWOKVersion)
	u.SetKind(KWOKKind)
	u.SetName(name)
	return u
}
