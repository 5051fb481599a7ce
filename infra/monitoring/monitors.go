package monitoring

import (
	"fmt"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apiextensions"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/kubeprovider"
	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/monitoring"
)

// MonitorsArgs declares spec.Monitors(Input) with a Kubernetes provider.
type MonitorsArgs struct {
	Input spec.MonitorsInput
}

// MonitorSet is the component holding the Pod/ServiceMonitors.
type MonitorSet struct {
	pulumi.ResourceState
	Names []string
}

// MonitorsType is the type token of the monitors sub-component.
const MonitorsType = "emr-eks-loadtest:infra:MonitoringMonitors"

// NewMonitors declares the monitors with the Kubernetes provider handed
// down in opts (pulumi.Providers(k8s), or a parent's) and, in the full
// stack, pulumi.DependsOn(chart) so the CRDs exist first.
func NewMonitors(ctx *pulumi.Context, name string, args MonitorsArgs, opts ...pulumi.ResourceOption) (*MonitorSet, error) {
	if err := kubeprovider.Require("monitors", opts); err != nil {
		return nil, err
	}
	c := &MonitorSet{}
	if err := ctx.RegisterComponentResource(MonitorsType, name, c, opts...); err != nil {
		return nil, err
	}
	for _, m := range spec.Monitors(args.Input) {
		if _, err := apiextensions.NewCustomResource(ctx, name+"-"+m.Name, &apiextensions.CustomResourceArgs{
			ApiVersion:  pulumi.String(spec.MonitorAPIVersion),
			Kind:        pulumi.String(m.Kind),
			Metadata:    metav1.ObjectMetaArgs{Name: pulumi.String(m.Name), Namespace: pulumi.String(m.Namespace)},
			OtherFields: kubernetes.UntypedArgs{"spec": m.Spec},
		}, pulumi.Parent(c)); err != nil {
			return nil, fmt.Errorf("declaring %s %s: %w", m.Kind, m.Name, err)
		}
		c.Names = append(c.Names, m.Name)
	}
	return c, ctx.RegisterResourceOutputs(c, pulumi.Map{})
}
