// Package addons holds the cluster add-ons' configuration (Config, its
// defaults and Validate) and the pure builders of what they deploy: the
// EKS add-ons' configuration values (VPC CNI, CoreDNS, EBS CSI), the Helm
// values of metrics-server and the AWS Load Balancer Controller, the
// controller's IAM policy, the gp3 StorageClass and the ENIConfigs.
// infra/addons creates them with Pulumi; nothing here imports Pulumi, so
// `loadgen` reads a stack's configuration without linking the Pulumi SDKs.
package addons
