package addons

import (
	"fmt"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/kubeprovider"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apiextensions"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	storagev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/storage/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/network"
	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/addons"
)

// ClusterObjectsType is the ClusterObjects component's type.
const ClusterObjectsType = "emr-eks-loadtest:infra:ClusterObjects"

// ClusterObjectsArgs configures NewClusterObjects. No field needs an AWS
// resource: subnet and security group ids are plain pulumi inputs, so the
// component can be deployed on its own against any API server (with the
// ENIConfig CRD installed) by giving it literal ids.
type ClusterObjectsArgs struct {
	// PodSubnets lists one pod subnet per AZ (network's PodSubnets); each
	// becomes an ENIConfig named after its AZ. Empty: no ENIConfigs
	// (custom networking off).
	PodSubnets []network.ZoneSubnet
	// SecurityGroupID is put on pod ENIs (the cluster security group, the
	// one the nodes have).
	SecurityGroupID pulumi.StringInput
	// GP3Default makes the gp3 StorageClass the cluster's default.
	GP3Default bool
}

// ClusterObjects is the typed Kubernetes half of the add-ons.
type ClusterObjects struct {
	pulumi.ResourceState

	// StorageClass is the gp3 class; ENIConfigs are per AZ, in PodSubnets order.
	StorageClass *storagev1.StorageClass
	ENIConfigs   []*apiextensions.CustomResource
}

// NewClusterObjects declares, with the Kubernetes provider handed down in
// opts (pulumi.Providers(k8s); in the stack, cluster.Cluster.Provider):
//   - StorageClass "gp3" (EBS CSI, encrypted, WaitForFirstConsumer,
//     expandable, Delete; default class only if args.GP3Default);
//   - one ENIConfig (crd.k8s.amazonaws.com/v1alpha1, cluster-scoped) per
//     args.PodSubnets entry, named after the AZ, with spec
//     {subnet: <id>, securityGroups: [<args.SecurityGroupID>]}.
//
// Child names are "<name>-gp3" and "<name>-eniconfig-<az>". Pass
// pulumi.DependsOn in opts to order it after the vpc-cni add-on, which
// installs the ENIConfig CRD. It returns an error if opts carry no
// Kubernetes provider or an ENIConfig lacks its AZ, subnet or the security
// group.
func NewClusterObjects(ctx *pulumi.Context, name string, args ClusterObjectsArgs, opts ...pulumi.ResourceOption) (*ClusterObjects, error) {
	if err := kubeprovider.Require("cluster objects "+name, opts); err != nil {
		return nil, err
	}
	if len(args.PodSubnets) > 0 && args.SecurityGroupID == nil {
		return nil, fmt.Errorf("cluster objects %s: ENIConfigs need a security group id", name)
	}
	c := &ClusterObjects{}
	if err := ctx.RegisterComponentResource(ClusterObjectsType, name, c, opts...); err != nil {
		return nil, err
	}
	childOpts := []pulumi.ResourceOption{pulumi.Parent(c)}
	var err error
	if c.StorageClass, err = storageClass(ctx, name+"-gp3", spec.NewGP3StorageClass(args.GP3Default), childOpts); err != nil {
		return nil, fmt.Errorf("declaring gp3 storage class: %w", err)
	}
	for _, s := range args.PodSubnets {
		if s.AZ == "" || s.ID == nil {
			return nil, fmt.Errorf("cluster objects %s: ENIConfig needs an AZ and a subnet id (got %q)", name, s.AZ)
		}
		eni, err := eniConfig(ctx, name+"-eniconfig-"+s.AZ, s, args.SecurityGroupID, childOpts)
		if err != nil {
			return nil, fmt.Errorf("declaring ENIConfig %s: %w", s.AZ, err)
		}
		c.ENIConfigs = append(c.ENIConfigs, eni)
	}
	return c, ctx.RegisterResourceOutputs(c, pulumi.Map{"storageClass": pulumi.String(spec.GP3StorageClassName)})
}

func storageClass(ctx *pulumi.Context, name string, sc spec.GP3StorageClass, opts []pulumi.ResourceOption) (*storagev1.StorageClass, error) {
	return storagev1.NewStorageClass(ctx, name, &storagev1.StorageClassArgs{
		Metadata:             metav1.ObjectMetaArgs{Name: pulumi.String(sc.Name), Annotations: pulumi.ToStringMap(sc.Annotations)},
		Provisioner:          pulumi.String(sc.Provisioner),
		Parameters:           pulumi.ToStringMap(sc.Parameters),
		VolumeBindingMode:    pulumi.String(sc.VolumeBindingMode),
		ReclaimPolicy:        pulumi.String(sc.ReclaimPolicy),
		AllowVolumeExpansion: pulumi.Bool(sc.AllowExpansion),
	}, opts...)
}

// eniConfig declares the ENIConfig of one AZ. Its spec has the shape of
// ENIConfigSpec, with the ids as inputs.
func eniConfig(ctx *pulumi.Context, name string, s network.ZoneSubnet, sg pulumi.StringInput, opts []pulumi.ResourceOption) (*apiextensions.CustomResource, error) {
	return apiextensions.NewCustomResource(ctx, name, &apiextensions.CustomResourceArgs{
		ApiVersion: pulumi.String(spec.ENIConfigAPIVersion),
		Kind:       pulumi.String(spec.ENIConfigKind),
		Metadata:   metav1.ObjectMetaArgs{Name: pulumi.String(s.AZ)},
		OtherFields: map[string]any{
			"spec": pulumi.Map{"subnet": s.ID, "securityGroups": pulumi.StringArray{sg}},
		},
	}, opts...)
}
