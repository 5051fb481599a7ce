package versions

// Scaling and scheduling pins: Karpenter, Cluster Autoscaler and the second
// kube-scheduler. Every chart and image is pinned to an exact version; the
// images of Cluster Autoscaler and kube-scheduler follow the cluster's
// Kubernetes minor version, so they are looked up by it.

const (
	// KarpenterChart is the OCI reference of Karpenter's Helm chart.
	KarpenterChart = "oci://public.ecr.aws/karpenter/karpenter"
	// KarpenterChartVersion is the chart (and controller) version, 1.8.x.
	KarpenterChartVersion = "1.8.6"
	// KarpenterAMIAlias pins the EKS-optimised AL2023 AMI release the
	// EC2NodeClass selects; Karpenter advises against "@latest" in production.
	KarpenterAMIAlias = "al2023@v20251108"

	// ClusterAutoscalerChartRepo is the Helm repository of the
	// cluster-autoscaler chart.
	ClusterAutoscalerChartRepo = "https://kubernetes.github.io/autoscaler"
	// ClusterAutoscalerChartName is the chart's name in that repository.
	ClusterAutoscalerChartName = "cluster-autoscaler"

	// KubeSchedulerImageRepo is the upstream kube-scheduler image.
	KubeSchedulerImageRepo = "registry.k8s.io/kube-scheduler"
	// ClusterAutoscalerImageRepo is the upstream Cluster Autoscaler image.
	ClusterAutoscalerImageRepo = "registry.k8s.io/autoscaling/cluster-autoscaler"
)

// ClusterAutoscalerRelease is the chart version and image tag of Cluster
// Autoscaler for one Kubernetes minor version (CAS supports exactly the
// minor it was released for).
type ClusterAutoscalerRelease struct {
	ChartVersion string
	ImageTag     string
}

// ClusterAutoscaler maps a Kubernetes minor version ("1.34") to its release.
var ClusterAutoscaler = map[string]ClusterAutoscalerRelease{
	"1.33": {ChartVersion: "9.47.0", ImageTag: "v1.33.0"},
	"1.34": {ChartVersion: "9.52.1", ImageTag: "v1.34.1"},
}

// KubeScheduler maps a Kubernetes minor version to the kube-scheduler image
// tag of the second (binpacking) scheduler.
var KubeScheduler = map[string]string{
	"1.33": "v1.33.5",
	"1.34": "v1.34.4",
}
