package pulumitest

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	storagev1 "k8s.io/api/storage/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	k8smeta "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/addons"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/network"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/testenv"
	addonsspec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/addons"
)

// The real ENIConfig CRD, as the VPC CNI chart ships it.
const (
	vpcCNIModule = "github.com/aws/amazon-vpc-cni-k8s@v1.23.2"
	eniConfigCRD = "charts/aws-vpc-cni/crds/customresourcedefinition.yaml"
)

var eniConfigGVR = schema.GroupVersionResource{Group: "crd.k8s.amazonaws.com", Version: "v1alpha1", Resource: "eniconfigs"}

// The stack foundation's Kubernetes objects (infra/addons.NewClusterObjects:
// gp3 StorageClass, one ENIConfig per AZ) deployed by the real engine and
// provider, read back with client-go, then destroyed.
func TestFoundationClusterObjects(t *testing.T) {
	cp := testenv.Get(t)
	ctx := context.Background()
	dir, err := testenv.ModuleDir(ctx, vpcCNIModule)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cp.InstallCRDs(ctx, filepath.Join(dir, eniConfigCRD)); err != nil {
		t.Fatal(err)
	}
	subnets := map[string]string{"us-east-1a": "subnet-0aaa", "us-east-1b": "subnet-0bbb"}
	st := Up(t, cp.Kubeconfig, func(ctx *pulumi.Context, k8s *kubernetes.Provider) error {
		objs, err := addons.NewClusterObjects(ctx, "objects", addons.ClusterObjectsArgs{
			PodSubnets: []network.ZoneSubnet{
				{AZ: "us-east-1a", ID: pulumi.String(subnets["us-east-1a"])},
				{AZ: "us-east-1b", ID: pulumi.String(subnets["us-east-1b"])},
			},
			SecurityGroupID: pulumi.String("sg-0123"),
		}, pulumi.Providers(k8s))
		if err != nil {
			return err
		}
		ctx.Export("storageClass", objs.StorageClass.Metadata.Name())
		return nil
	})
	if got := st.Output(t, "storageClass"); got != addonsspec.GP3StorageClassName {
		t.Fatalf("output storageClass = %v", got)
	}
	checkStorageClass(t, cp)
	checkENIConfigs(t, cp, subnets)

	st.Destroy(t)
	if _, err := cp.Client().StorageV1().StorageClasses().Get(ctx, addonsspec.GP3StorageClassName, k8smeta.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Fatalf("StorageClass left after destroy: %v", err)
	}
	left, err := cp.Dynamic().Resource(eniConfigGVR).List(ctx, k8smeta.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(left.Items) != 0 {
		t.Fatalf("%d ENIConfigs left after destroy", len(left.Items))
	}
}

func checkStorageClass(t *testing.T, cp *testenv.ControlPlane) {
	t.Helper()
	sc, err := cp.Client().StorageV1().StorageClasses().Get(context.Background(), addonsspec.GP3StorageClassName, k8smeta.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if sc.Provisioner != "ebs.csi.aws.com" || sc.Parameters["type"] != "gp3" || sc.Parameters["encrypted"] != "true" {
		t.Fatalf("StorageClass provisioner %s parameters %v", sc.Provisioner, sc.Parameters)
	}
	if sc.VolumeBindingMode == nil || *sc.VolumeBindingMode != storagev1.VolumeBindingWaitForFirstConsumer {
		t.Fatalf("volumeBindingMode %v, want WaitForFirstConsumer", sc.VolumeBindingMode)
	}
	if sc.AllowVolumeExpansion == nil || !*sc.AllowVolumeExpansion || sc.ReclaimPolicy == nil || *sc.ReclaimPolicy != "Delete" {
		t.Fatalf("allowVolumeExpansion %v reclaimPolicy %v", sc.AllowVolumeExpansion, sc.ReclaimPolicy)
	}
	if v, ok := sc.Annotations["storageclass.kubernetes.io/is-default-class"]; ok {
		t.Fatalf("gp3 must not be the default class unless configured (annotation %q)", v)
	}
}

func checkENIConfigs(t *testing.T, cp *testenv.ControlPlane, subnets map[string]string) {
	t.Helper()
	list, err := cp.Dynamic().Resource(eniConfigGVR).List(context.Background(), k8smeta.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Items) != len(subnets) {
		t.Fatalf("%d ENIConfigs, want %d", len(list.Items), len(subnets))
	}
	for _, item := range list.Items {
		subnet, _, _ := unstructured.NestedString(item.Object, "spec", "subnet")
		sgs, _, _ := unstructured.NestedStringSlice(item.Object, "spec", "securityGroups")
		if want, ok := subnets[item.GetName()]; !ok || subnet != want || !slices.Equal(sgs, []string{"sg-0123"}) {
			t.Fatalf("ENIConfig %s: subnet %q securityGroups %v; want one per AZ with its subnet and sg-0123", item.GetName(), subnet, sgs)
		}
	}
}
