package compare

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/testenv"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/emr"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/localemr"
)

// Pod row timing.
const (
	// podRunningTimeout bounds the wait for every mirrored driver pod to be Running
	// (serve-local's default queue delay and start latency: up to 23 s after acceptance).
	podRunningTimeout = 2 * time.Minute
	// podSettle is about what the wait takes, for the announced duration.
	podSettle = 30 * time.Second
)

// checkControlPlane fails early, naming the build command, when the pod row cannot start
// its control plane.
func checkControlPlane() error {
	if err := testenv.MissingBinaries(testenv.Etcd, testenv.KubeAPIServer); err != nil {
		return fmt.Errorf("the %q tracking row runs a local Kubernetes control plane: %w "+
			"(scripts/testbin.sh build etcd kube-apiserver builds just those, ~7 min cold)", ToolTrackPods, err)
	}
	return nil
}

// trackPods starts a control plane (etcd + kube-apiserver) and a serve-local that mirrors
// every job run as a driver pod into it, puts LiveJobs live jobs on it with loadgen watching
// their pods (--track-pods on), and once every pod runs counts over PodWindow loadgen's
// ListJobRuns (serve-local) and its pod LIST/WATCH requests (kube-apiserver).
func trackPods(ctx context.Context, c Config, loadgen string, log io.Writer) (t Tracking, err error) {
	t = Tracking{Tool: ToolTrackPods, VCs: c.TrackVCs}
	began := time.Now()
	cp, err := testenv.Start(ctx, testenv.Options{NoControllerManager: true, NoScheduler: true})
	if err != nil {
		return t, fmt.Errorf("%s: starting a local control plane: %w", ToolTrackPods, err)
	}
	defer func() {
		if stopErr := cp.Stop(); stopErr != nil && err == nil {
			err = fmt.Errorf("%s: stopping the control plane: %w", ToolTrackPods, stopErr)
		}
	}()
	fmt.Fprintf(log, "  %s: control plane (etcd, kube-apiserver) up in %s\n", ToolTrackPods, time.Since(began).Round(100*time.Millisecond))
	srv, err := startServer(ctx, loadgen, append(serverArgs, "--virtual-clusters", strconv.Itoa(c.TrackVCs), "--kubeconfig", cp.Kubeconfig)...)
	if err != nil {
		return t, fmt.Errorf("%s: %w", ToolTrackPods, err)
	}
	defer srv.stop()
	if t, err = countPodRow(ctx, c, loadgen, srv, cp, log); err != nil {
		return t, fmt.Errorf("%s: %w", ToolTrackPods, err)
	}
	fmt.Fprintf(log, "  %s: %.3f ListJobRuns/min, %.2f Kubernetes list/watch requests/min\n", ToolTrackPods, t.ListJobRunsPerMin, t.KubePerMin())
	return t, nil
}

// countPodRow runs loadgen with the pod watch against srv and counts over PodWindow.
func countPodRow(ctx context.Context, c Config, loadgen string, srv *server, cp *testenv.ControlPlane, log io.Writer) (Tracking, error) {
	t := Tracking{Tool: ToolTrackPods, VCs: c.TrackVCs}
	run, err := startTrackedRun(c, loadgen, srv, "bench-track-pods", 2*podRunningTimeout+c.PodWindow+time.Minute,
		"--track-pods", "on", "--kubeconfig", cp.Kubeconfig, "--track-full-interval", c.PodFullInterval.String())
	if err != nil {
		return t, err
	}
	if _, err := srv.waitAccepted(ctx, int64(c.LiveJobs), time.Minute); err != nil {
		return t, run.stop(err)
	}
	if err := waitPodsRunning(ctx, cp.Client(), namespaces(srv), c.LiveJobs); err != nil {
		return t, run.stop(err)
	}
	fmt.Fprintf(log, "  %s: %d jobs accepted, their driver pods Running; counting %s (until ~%s)\n",
		ToolTrackPods, c.LiveJobs, c.PodWindow, clock(time.Now().Add(c.PodWindow)))
	before, kubeBefore, err := podRowCounts(ctx, srv, cp)
	if err != nil {
		return t, run.stop(err)
	}
	start := time.Now()
	if err := sleepLogged(ctx, c.PodWindow, log, ToolTrackPods+" counting"); err != nil {
		return t, run.stop(err)
	}
	after, kubeAfter, err := podRowCounts(ctx, srv, cp)
	t.Window = time.Since(start)
	if err := run.stop(err); err != nil {
		return t, err
	}
	kube := kubeAfter.Sub(kubeBefore)
	t.Kube, t.LiveJobs = &kube, int64(after.Live)
	t.ListJobRuns = after.Calls["ListJobRuns"] - before.Calls["ListJobRuns"]
	t.ListJobRunsPerMin, t.OtherPerMin = perMinute(before, after, t.Window.Minutes())
	t.How = podHow(c, t)
	return t, nil
}

// podHow describes the pod row, with the safety-net scans its window contains.
func podHow(c Config, t Tracking) string {
	return fmt.Sprintf("`--track-pods on --kubeconfig` (in a cluster: `auto`): one informer per namespace on the driver pods "+
		"(list + watch); no start scans; a finish scan of a virtual cluster only when one of its pods ends (none here); "+
		"the safety-net finish scan of every virtual cluster with live jobs every %s (`--track-full-interval`): "+
		"counted over %s from when every pod ran, which contains %d ListJobRuns = %.1f safety-net scans of %d virtual clusters. "+
		"Kubernetes: pod LIST %d + WATCH %d in the window (kube-apiserver apiserver_request_total; a WATCH counts when it ends, client-go re-opens it every 5-10 min), %d pod watches open at its end",
		c.PodFullInterval, t.Window.Round(time.Second), t.ListJobRuns, float64(t.ListJobRuns)/float64(max(t.VCs, 1)), t.VCs, t.Kube.List, t.Kube.Watch, t.Kube.OpenWatches)
}

// MaxSafetyNetCalls is the most ListJobRuns calls the pod watch's safety net can make in a
// window with nothing ending: one per virtual cluster per interval started in it.
func MaxSafetyNetCalls(window, interval time.Duration, vcs int) int64 {
	return int64(vcs) * (int64(window/interval) + 1)
}

func podRowCounts(ctx context.Context, srv *server, cp *testenv.ControlPlane) (stats localemr.Stats, kube KubeRequests, err error) {
	if stats, err = srv.stats(ctx); err != nil {
		return stats, kube, err
	}
	kube, err = scrapePodListWatch(ctx, cp.Client())
	return stats, kube, err
}

// namespaces are the virtual clusters' namespaces of srv ("namespace=id" entries).
func namespaces(srv *server) []string {
	var out []string
	for _, vc := range srv.VCs {
		ns, _, _ := strings.Cut(vc, "=")
		out = append(out, ns)
	}
	return out
}

// waitPodsRunning waits until want driver pods are Running over namespaces (these lists
// happen before the counting starts).
func waitPodsRunning(ctx context.Context, cs kubernetes.Interface, nss []string, want int) error {
	deadline := time.Now().Add(podRunningTimeout)
	for {
		running, err := runningDrivers(ctx, cs, nss)
		if err != nil || running >= want {
			return err
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%d of %d mirrored driver pods Running after %s (serve-local --kubeconfig mirrors them)", running, want, podRunningTimeout)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(2 * time.Second):
		}
	}
}

func runningDrivers(ctx context.Context, cs kubernetes.Interface, nss []string) (int, error) {
	n := 0
	for _, ns := range nss {
		pods, err := cs.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{LabelSelector: emr.DriverSelector})
		if err != nil {
			return 0, fmt.Errorf("listing driver pods in %s: %w", ns, err)
		}
		for _, p := range pods.Items {
			if p.Status.Phase == corev1.PodRunning {
				n++
			}
		}
	}
	return n, nil
}
