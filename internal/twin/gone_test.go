package twin

import (
	"context"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/testenv"
)

// waitNoWorkloads waits until no Deployment, StatefulSet or DaemonSet is
// left on cp and no namespace is still terminating. The twin's objects carry pulumi.com/skipAwait, so destroy
// returns before the API server has removed them; the next twin on the
// same control plane would otherwise meet them (a server-side apply
// field conflict with the previous stack's field manager).
func waitNoWorkloads(t testing.TB, cp *testenv.ControlPlane, timeout time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	apps := cp.Client().AppsV1()
	err := wait.PollUntilContextCancel(ctx, 250*time.Millisecond, true, func(ctx context.Context) (bool, error) {
		d, err := apps.Deployments("").List(ctx, metav1.ListOptions{})
		if err != nil {
			return false, nil
		}
		s, err := apps.StatefulSets("").List(ctx, metav1.ListOptions{})
		if err != nil {
			return false, nil
		}
		ds, err := apps.DaemonSets("").List(ctx, metav1.ListOptions{})
		if err != nil {
			return false, nil
		}
		ns, err := cp.Client().CoreV1().Namespaces().List(ctx, metav1.ListOptions{})
		if err != nil {
			return false, nil
		}
		for _, n := range ns.Items {
			if n.Status.Phase == corev1.NamespaceTerminating {
				return false, nil
			}
		}
		return len(d.Items)+len(s.Items)+len(ds.Items) == 0, nil
	})
	if err != nil {
		t.Errorf("twin: workloads still on the API server %v after cleanup: %v", timeout, err)
	}
}
