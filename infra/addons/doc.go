// Package addons declares the cluster add-ons as three components:
// Networking (the vpc-cni and kube-proxy EKS add-ons, before the nodes),
// Services (CoreDNS, the EBS CSI driver, metrics-server and the AWS Load
// Balancer Controller, once nodes run) and ClusterObjects (the gp3
// StorageClass and the ENIConfigs). Their configuration and the values,
// policies and manifests they deploy are in spec/addons.
package addons
