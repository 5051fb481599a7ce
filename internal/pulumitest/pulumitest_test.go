package pulumitest

import (
	"context"
	"os"
	"testing"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	k8smeta "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/testenv"
)

func TestMain(m *testing.M) {
	os.Exit(testenv.Main(m, testenv.Options{NoScheduler: true}))
}

// The real engine and provider create, update and delete objects on the
// local API server, and stack outputs come back.
func TestUpUpdateDestroy(t *testing.T) {
	cp := testenv.Get(t)
	ctx := context.Background()
	value := "one"
	program := func(ctx *pulumi.Context, k8s *kubernetes.Provider) error {
		ns, err := corev1.NewNamespace(ctx, "ns", &corev1.NamespaceArgs{
			Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String("pulumitest")},
		}, pulumi.Provider(k8s))
		if err != nil {
			return err
		}
		cm, err := corev1.NewConfigMap(ctx, "cm", &corev1.ConfigMapArgs{
			Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String("settings"), Namespace: ns.Metadata.Name()},
			Data:     pulumi.StringMap{"value": pulumi.String(value)},
		}, pulumi.Provider(k8s))
		if err != nil {
			return err
		}
		ctx.Export("configMapUID", cm.Metadata.Uid())
		return nil
	}
	st := Up(t, cp.Kubeconfig, program)
	got, err := cp.Client().CoreV1().ConfigMaps("pulumitest").Get(ctx, "settings", k8smeta.GetOptions{})
	if err != nil {
		t.Fatalf("read back: %v", err)
	}
	if got.Data["value"] != "one" {
		t.Fatalf("data %v", got.Data)
	}
	if uid := st.Output(t, "configMapUID"); uid != string(got.UID) {
		t.Fatalf("output configMapUID %v, object UID %s", uid, got.UID)
	}
	if changes := st.Preview(t); changes["same"] < 3 || len(changes) != 1 {
		t.Fatalf("preview of an unchanged program: %v, want only \"same\"", changes)
	}
	value = "two"
	st.Update(t)
	got, err = cp.Client().CoreV1().ConfigMaps("pulumitest").Get(ctx, "settings", k8smeta.GetOptions{})
	if err != nil || got.Data["value"] != "two" {
		t.Fatalf("after update: %v %v", got.Data, err)
	}
	st.Destroy(t)
	if _, err := cp.Client().CoreV1().ConfigMaps("pulumitest").Get(ctx, "settings", k8smeta.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Fatalf("ConfigMap still there after destroy: %v", err)
	}
}
