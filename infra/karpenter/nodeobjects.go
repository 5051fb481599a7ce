package karpenter

import (
	"errors"
	"fmt"
	"sort"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apiextensions"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/kubeprovider"
	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/karpenter"
)

// NodeObjectsType is the type token of the Kubernetes-only half.
const NodeObjectsType = "emr-eks-loadtest:infra:KarpenterNodePools"

// NodeObjectsArgs configure the EC2NodeClass and NodePools.
type NodeObjectsArgs struct {
	Config       spec.Config
	ClusterName  pulumi.StringInput
	NodeRoleName pulumi.StringInput
}

// NodeObjects is the EC2NodeClass and the two NodePools. It is its own
// component so that it can be deployed (and rehearsed) without AWS, and so
// that the Karpenter component can make it depend on the controller: on
// destroy the pools and the class go first, and Karpenter drains and
// terminates their nodes while it still has its role and queue.
type NodeObjects struct {
	pulumi.ResourceState
	NodePoolNames pulumi.StringArrayOutput `pulumi:"nodePoolNames"`
}

// NewNodeObjects declares the node class and pools with the Kubernetes
// provider handed down in opts (pulumi.Providers(k8s), or a parent's).
func NewNodeObjects(ctx *pulumi.Context, name string, args NodeObjectsArgs, opts ...pulumi.ResourceOption) (*NodeObjects, error) {
	if err := errors.Join(args.Config.Validate(), kubeprovider.Require("karpenter node pools", opts)); err != nil {
		return nil, err
	}
	n := &NodeObjects{}
	if err := ctx.RegisterComponentResource(NodeObjectsType, name, n, opts...); err != nil {
		return nil, fmt.Errorf("registering karpenter node pools component: %w", err)
	}
	child := []pulumi.ResourceOption{pulumi.Parent(n)}
	cfg := args.Config
	classSpec := pulumi.All(args.ClusterName, args.NodeRoleName).ApplyT(func(v []any) (map[string]any, error) {
		return spec.ToMap(spec.EC2NodeClass(cfg, v[0].(string), v[1].(string)))
	}).(pulumi.MapOutput)
	class, err := apiextensions.NewCustomResource(ctx, name+"-"+cfg.NodeClassName, &apiextensions.CustomResourceArgs{
		ApiVersion:  pulumi.String("karpenter.k8s.aws/v1"),
		Kind:        pulumi.String("EC2NodeClass"),
		Metadata:    &metav1.ObjectMetaArgs{Name: pulumi.String(cfg.NodeClassName)},
		OtherFields: kubernetes.UntypedArgs{"spec": classSpec},
	}, child...)
	if err != nil {
		return nil, fmt.Errorf("declaring EC2NodeClass: %w", err)
	}
	names, err := declarePools(ctx, name, cfg, append(child, pulumi.DependsOn([]pulumi.Resource{class})))
	if err != nil {
		return nil, err
	}
	n.NodePoolNames = pulumi.ToStringArray(names).ToStringArrayOutput()
	return n, ctx.RegisterResourceOutputs(n, pulumi.Map{"nodePoolNames": n.NodePoolNames})
}

func declarePools(ctx *pulumi.Context, name string, cfg spec.Config, opts []pulumi.ResourceOption) ([]string, error) {
	pools := spec.NodePools(cfg)
	names := make([]string, 0, len(pools))
	for pool := range pools {
		names = append(names, pool)
	}
	sort.Strings(names)
	for _, pool := range names {
		spec, err := spec.ToMap(pools[pool])
		if err != nil {
			return nil, err
		}
		if _, err := apiextensions.NewCustomResource(ctx, name+"-"+pool, &apiextensions.CustomResourceArgs{
			ApiVersion:  pulumi.String("karpenter.sh/v1"),
			Kind:        pulumi.String("NodePool"),
			Metadata:    &metav1.ObjectMetaArgs{Name: pulumi.String(pool)},
			OtherFields: kubernetes.UntypedArgs{"spec": spec},
		}, opts...); err != nil {
			return nil, fmt.Errorf("declaring NodePool %s: %w", pool, err)
		}
	}
	return names, nil
}
