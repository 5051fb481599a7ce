package emr

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers/types"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/template"
)

// VirtualClusterAPI is what session-owned virtual clusters need.
type VirtualClusterAPI interface {
	CreateVirtualCluster(ctx context.Context, in *emrcontainers.CreateVirtualClusterInput, opts ...func(*emrcontainers.Options)) (*emrcontainers.CreateVirtualClusterOutput, error)
	DeleteVirtualCluster(ctx context.Context, in *emrcontainers.DeleteVirtualClusterInput, opts ...func(*emrcontainers.Options)) (*emrcontainers.DeleteVirtualClusterOutput, error)
}

// VirtualCluster is one the session created.
type VirtualCluster struct{ ID, Name, Namespace string }

// SessionTags are put on everything a session creates.
func SessionTags(session string) map[string]string {
	return map[string]string{template.SessionTag: session, template.ToolTag: template.ToolName}
}

// CreateVirtualCluster creates a session-owned virtual cluster named
// <session>-<namespace> on the EKS cluster's namespace (the old toolkit made
// one per test session), tagged with the session.
func CreateVirtualCluster(ctx context.Context, api VirtualClusterAPI, session, eksCluster, namespace string) (VirtualCluster, error) {
	name := session + "-" + namespace
	out, err := api.CreateVirtualCluster(ctx, &emrcontainers.CreateVirtualClusterInput{
		Name: aws.String(name),
		ContainerProvider: &types.ContainerProvider{Type: types.ContainerProviderTypeEks, Id: aws.String(eksCluster),
			Info: &types.ContainerInfoMemberEksInfo{Value: types.EksInfo{Namespace: aws.String(namespace)}}},
		Tags: SessionTags(session),
	})
	if err != nil {
		return VirtualCluster{}, fmt.Errorf("creating virtual cluster %s on namespace %s of cluster %s: %w", name, namespace, eksCluster, err)
	}
	return VirtualCluster{ID: aws.ToString(out.Id), Name: name, Namespace: namespace}, nil
}
