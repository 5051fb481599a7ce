package localemr

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/testenv"
)

// TestServeLocalMirrorsIntoKubeconfig runs `serve-local --kubeconfig FILE`: the banner names
// the API server, the virtual clusters' namespaces (emr-jobs-N) are created, and a submitted
// job's driver pod runs there.
func TestServeLocalMirrorsIntoKubeconfig(t *testing.T) {
	t.Parallel()
	cp := testenv.Get(t)
	seed := fmt.Sprint(rand.Int64()) // fresh job ids, should the control plane be shared
	url, vcID, out := serveLocalOut(t, "--kubeconfig", cp.Kubeconfig, "--virtual-clusters", "2", "--seed", seed,
		"--queue-delay", "10ms", "--start-latency", "10ms", "--run-time", "1h")
	if want := "mirrored into the Kubernetes API server " + cp.Config().Host; !strings.Contains(out.String(), want) {
		t.Errorf("banner lacks %q:\n%s", want, out.String())
	}
	job, err := newClient(url, 3).StartJobRun(context.Background(), startInput(vcID, "s1-serve"))
	if err != nil {
		t.Fatal(err)
	}
	pods := cp.Client().CoreV1().Pods("emr-jobs-1")
	waitFor(t, mirrorTestTimeout, "the driver pod to run in emr-jobs-1", func() bool {
		p, err := pods.Get(context.Background(), DriverPodName(*job.Id), metav1.GetOptions{})
		return err == nil && p.Status.Phase == corev1.PodRunning && p.Labels[LabelVirtualClusterID] == vcID
	})
	_ = pods.Delete(context.Background(), DriverPodName(*job.Id), metav1.DeleteOptions{})
	// The namespaces are set up in the background (a job's pod creates its own if missing), so
	// the second one may come after the first job's pod runs.
	waitFor(t, mirrorTestTimeout, "the second virtual cluster's namespace emr-jobs-2", func() bool {
		_, err := cp.Client().CoreV1().Namespaces().Get(context.Background(), "emr-jobs-2", metav1.GetOptions{})
		return err == nil
	})
}
