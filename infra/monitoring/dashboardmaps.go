package monitoring

import (
	"fmt"

	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/dashboards"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/kubeprovider"
	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/monitoring"
)

// DashboardsType is the type token of the dashboard ConfigMaps sub-component.
const DashboardsType = "emr-eks-loadtest:infra:MonitoringDashboards"

// DashboardConfigMapName names the ConfigMap of one dashboard.
func DashboardConfigMapName(d dashboards.Dashboard) string { return "dashboard-" + d.Name }

// DashboardMaps holds one ConfigMap per embedded dashboard, labelled for
// Grafana's dashboard sidecar.
type DashboardMaps struct {
	pulumi.ResourceState
	Names []string
}

// NewDashboardMaps declares the ConfigMaps in namespace with the
// Kubernetes provider handed down in opts (pulumi.Providers(k8s), or a
// parent's).
func NewDashboardMaps(ctx *pulumi.Context, name, namespace string, opts ...pulumi.ResourceOption) (*DashboardMaps, error) {
	if err := kubeprovider.Require("dashboard config maps", opts); err != nil {
		return nil, err
	}
	all, err := dashboards.All()
	if err != nil {
		return nil, fmt.Errorf("loading dashboards: %w", err)
	}
	c := &DashboardMaps{}
	if err := ctx.RegisterComponentResource(DashboardsType, name, c, opts...); err != nil {
		return nil, err
	}
	for _, d := range all {
		cm := DashboardConfigMapName(d)
		if _, err := corev1.NewConfigMap(ctx, name+"-"+d.Name, &corev1.ConfigMapArgs{
			Metadata: metav1.ObjectMetaArgs{
				Name: pulumi.String(cm), Namespace: pulumi.String(namespace),
				Labels: pulumi.StringMap{spec.DashboardLabel: pulumi.String(spec.DashboardLabelValue)},
			},
			Data: pulumi.StringMap{d.FileName(): pulumi.String(string(d.JSON))},
		}, pulumi.Parent(c)); err != nil {
			return nil, fmt.Errorf("declaring ConfigMap %s: %w", cm, err)
		}
		c.Names = append(c.Names, cm)
	}
	return c, ctx.RegisterResourceOutputs(c, pulumi.Map{})
}
