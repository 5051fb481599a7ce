// Package outputs is the contract between the Pulumi stack and the load
// generator: the names the stack exports and the Go struct that loadgen
// decodes from `pulumi stack output --json --show-secrets`.
//
// The stack (stacks.Deploy) must export every name below through these
// constants, and loadgen must read them only through Stack. Adding an output
// means adding a constant, a field and a test case here.
package outputs

// Names of the stack outputs. Values are part of the public contract: users
// script against them (`pulumi stack output clusterName`).
const (
	ClusterName          = "clusterName"
	Region               = "region"
	AccountID            = "accountId"
	Kubeconfig           = "kubeconfig" // secret
	OIDCProviderARN      = "oidcProviderArn"
	OIDCIssuerURL        = "oidcIssuerUrl"
	VPCID                = "vpcId"
	AvailabilityZones    = "availabilityZones"
	PrivateSubnetIDsByAZ = "privateSubnetIdsByAz"
	PublicSubnetIDsByAZ  = "publicSubnetIdsByAz"
	PodSubnetIDsByAZ     = "podSubnetIdsByAz"
	NodeGroupNames       = "nodeGroupNames"
	AutoscalingMode      = "autoscalingMode"

	// Workload side (EMR on EKS, Spark Operator, load generator).
	JobNamespaces          = "jobNamespaces"
	VirtualClusterIDs      = "virtualClusterIds" // namespace -> virtual cluster id
	ExecutionRoleARN       = "emrExecutionRoleArn"
	Bucket                 = "emrBucket"
	ReleaseLabel           = "emrReleaseLabel"
	EMRImageAccount        = "emrImageAccount"
	BenchmarkImage         = "benchmarkImage"
	SparkOperatorMode      = "sparkOperatorMode"
	SparkOperatorNamespace = "sparkOperatorNamespaces"
	SchedulerName          = "schedulerName"
	KarpenterNodePools     = "karpenterNodePools"

	// Monitoring and the in-cluster load generator.
	AMPWorkspaceID         = "ampWorkspaceId"
	AMPEndpoint            = "ampEndpoint"            // Prometheus endpoint: append api/v1/query or api/v1/remote_write
	GrafanaEndpoint        = "grafanaEndpoint"        // Amazon Managed Grafana; only with createManagedGrafana
	GrafanaService         = "grafanaService"         // {"namespace","name"} of the in-cluster Grafana; only with inClusterGrafana
	LoadgenImageRepository = "loadgenImageRepository" // ECR repository URL; only with loadgenApp
)
