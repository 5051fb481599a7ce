package monitoring

import (
	"fmt"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apiextensions"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/kubeprovider"
)

// MonitorAPIVersion is the prometheus-operator API of the monitors.
const MonitorAPIVersion = "monitoring.coreos.com/v1"

// Selectors of the load generator's pods; infra/loadgenapp labels its Job's
// pods with LoadgenPodLabels and names the container port LoadgenPortName.
var LoadgenPodLabels = map[string]string{"app.kubernetes.io/name": "loadgen"}

// LoadgenPortName is the load generator's metrics container port name.
const LoadgenPortName = "metrics"

// Monitor is one ServiceMonitor or PodMonitor, as plain data.
type Monitor struct {
	Kind      string // "ServiceMonitor" or "PodMonitor"
	Name      string
	Namespace string
	Spec      map[string]any
}

// MonitorsInput says where the scraped components run.
type MonitorsInput struct {
	// Namespace holds the monitors themselves.
	Namespace          string
	KarpenterNamespace string
	LoadgenNamespace   string
	// JobNamespaces are where Spark drivers run.
	JobNamespaces []string
}

// Monitors builds the Pod/ServiceMonitors. Each selector matches what the
// component's own chart or manifest labels (see the comments), so that the
// targets really appear.
func Monitors(in MonitorsInput) []Monitor {
	pm := func(name string, spec map[string]any) Monitor {
		return Monitor{Kind: "PodMonitor", Name: name, Namespace: in.Namespace, Spec: spec}
	}
	sm := func(name string, spec map[string]any) Monitor {
		return Monitor{Kind: "ServiceMonitor", Name: name, Namespace: in.Namespace, Spec: spec}
	}
	return []Monitor{
		// Karpenter chart: Service "karpenter", port "http-metrics", selector labels.
		sm("karpenter", map[string]any{
			"namespaceSelector": names(in.KarpenterNamespace),
			"selector":          matchLabels(map[string]string{"app.kubernetes.io/name": "karpenter"}),
			"endpoints":         []any{map[string]any{"port": "http-metrics", "path": "/metrics"}},
		}),
		// aws-node DaemonSet: label k8s-app=aws-node, container port "metrics" (61678).
		pm("vpc-cni", map[string]any{
			"namespaceSelector":   names("kube-system"),
			"selector":            matchLabels(map[string]string{"k8s-app": "aws-node"}),
			"podMetricsEndpoints": []any{map[string]any{"port": "metrics", "path": "/metrics"}},
		}),
		// Spark Operator (EMR and kubeflow charts): label app.kubernetes.io/name=spark-operator,
		// container port "metrics"; operators may run in any namespace (multiple mode).
		pm("spark-operator", map[string]any{
			"namespaceSelector":   map[string]any{"any": true},
			"selector":            matchLabels(map[string]string{"app.kubernetes.io/name": "spark-operator"}),
			"podMetricsEndpoints": []any{map[string]any{"port": "metrics", "path": "/metrics"}},
		}),
		// Spark drivers: label spark-role=driver, port "spark-ui" (4040), PrometheusServlet
		// executor summary (spark.ui.prometheus.enabled=true in the job template).
		pm("spark-driver", map[string]any{
			"namespaceSelector":   names(in.JobNamespaces...),
			"selector":            matchLabels(map[string]string{"spark-role": "driver"}),
			"podMetricsEndpoints": []any{map[string]any{"port": "spark-ui", "path": "/metrics/executors/prometheus"}},
		}),
		// EBS CSI controller (add-on with controller.enableMetrics): Services labelled
		// app=ebs-csi-controller[-<sidecar>], port "metrics".
		sm("ebs-csi-controller", map[string]any{
			"namespaceSelector": names("kube-system"),
			"selector": map[string]any{"matchExpressions": []any{map[string]any{
				"key": "app", "operator": "In",
				"values": []string{"ebs-csi-controller", "ebs-csi-controller-provisioner", "ebs-csi-controller-attacher", "ebs-csi-controller-resizer", "ebs-csi-controller-snapshotter"},
			}}},
			"endpoints": []any{map[string]any{"port": "metrics", "path": "/metrics"}},
		}),
		// The load generator's workers (infra/loadgenapp).
		pm("loadgen", map[string]any{
			"namespaceSelector":   names(in.LoadgenNamespace),
			"selector":            matchLabels(LoadgenPodLabels),
			"podMetricsEndpoints": []any{map[string]any{"port": LoadgenPortName, "path": "/metrics"}},
		}),
	}
}

func names(ns ...string) map[string]any { return map[string]any{"matchNames": ns} }

func matchLabels(l map[string]string) map[string]any { return map[string]any{"matchLabels": l} }

// MonitorsArgs declares Monitors(Input) with a Kubernetes provider.
type MonitorsArgs struct {
	Input MonitorsInput
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
	for _, m := range Monitors(args.Input) {
		if _, err := apiextensions.NewCustomResource(ctx, name+"-"+m.Name, &apiextensions.CustomResourceArgs{
			ApiVersion:  pulumi.String(MonitorAPIVersion),
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
