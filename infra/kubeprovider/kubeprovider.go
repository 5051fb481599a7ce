// Package kubeprovider holds the one rule for how a component gets the
// cluster's Kubernetes provider: the caller hands it down once, with
// pulumi.Providers(k8s) (or pulumi.Provider(k8s)) in the component's
// options, and every child inherits it through pulumi.Parent. No component
// takes the provider as an argument or an Args field, and none may fall
// back to the default provider (which would read an ambient kubeconfig).
package kubeprovider

import (
	"errors"
	"fmt"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ErrMissing is returned by Require when the options give a component no
// way to the cluster's Kubernetes provider.
var ErrMissing = errors.New("no Kubernetes provider: pass pulumi.Providers(k8s) with the cluster's provider " +
	"in the options (or a pulumi.Parent that was given it)")

// Require returns ErrMissing, naming component, unless opts carry a
// Kubernetes provider or a parent to inherit one from. A parent's own
// providers are not visible here; the stack's mock test checks that every
// Kubernetes resource ends up with the cluster's provider.
func Require(component string, opts []pulumi.ResourceOption) error {
	o, err := pulumi.NewResourceOptions(opts...)
	if err != nil {
		return fmt.Errorf("%s: reading resource options: %w", component, err)
	}
	if o.Parent != nil || isKube(o.Provider) {
		return nil
	}
	for _, p := range o.Providers {
		if isKube(p) {
			return nil
		}
	}
	return fmt.Errorf("%s: %w", component, ErrMissing)
}

func isKube(p pulumi.ProviderResource) bool {
	_, ok := p.(*kubernetes.Provider)
	return ok
}
