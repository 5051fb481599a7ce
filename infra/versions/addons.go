package versions

// Charts of the cluster add-ons (infra/addons).
var (
	// AWSLoadBalancerController is chart 1.13.4 (controller v2.13.4).
	AWSLoadBalancerController = Chart{Repo: "https://aws.github.io/eks-charts", Name: "aws-load-balancer-controller", Version: "1.13.4"}
	// MetricsServer is chart 3.12.2 (metrics-server v0.7.2).
	MetricsServer = Chart{Repo: "https://kubernetes-sigs.github.io/metrics-server/", Name: "metrics-server", Version: "3.12.2"}
)

// EKSAddonVersions pins EKS managed add-on versions by add-on name. An
// add-on missing here gets EKS's default version for the cluster's
// Kubernetes version: add-on versions are tied to it (a pin valid for 1.34
// may not exist for 1.33), so they are pinned only when a stack needs to.
var EKSAddonVersions = map[string]string{}
