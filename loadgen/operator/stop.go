package operator

import (
	"context"
	"fmt"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
)

// StopReport is what Stop found and did.
type StopReport struct {
	Apps    []string // namespace/name of the session's SparkApplications found
	Pods    []string // namespace/name of the session's pods found
	Deleted bool     // false for a dry run
}

// SessionSelector is the label selector of everything a session created;
// worker < 0 selects every worker's objects.
func SessionSelector(session string, worker int) string {
	s := SessionLabel + "=" + session
	if worker >= 0 {
		s += fmt.Sprintf(",%s=%d", WorkerLabel, worker)
	}
	return s
}

// Stop deletes the session's SparkApplications and their pods (the pods
// are owned by the applications, but garbage collection can lag or be
// absent) in namespaces. It first lists and dry-runs the deletes (the API
// server checks permissions and admission, deletes nothing); with dryRun it
// stops there. Otherwise it deletes and waits until nothing is left or
// ctx ends. Idempotent: a second call finds nothing.
func Stop(ctx context.Context, cl *Clients, namespaces []string, selector string, dryRun bool) (StopReport, error) {
	var rep StopReport
	for _, ns := range namespaces {
		apps, pods, err := list(ctx, cl, ns, selector)
		if err != nil {
			return rep, err
		}
		rep.Apps, rep.Pods = append(rep.Apps, apps...), append(rep.Pods, pods...)
		if err := deleteAll(ctx, cl, ns, selector, true); err != nil {
			return rep, err
		}
	}
	if dryRun || len(rep.Apps)+len(rep.Pods) == 0 {
		return rep, nil
	}
	for _, ns := range namespaces {
		if err := deleteAll(ctx, cl, ns, selector, false); err != nil {
			return rep, err
		}
	}
	rep.Deleted = true
	return rep, waitGone(ctx, cl, namespaces, selector)
}

func list(ctx context.Context, cl *Clients, ns, selector string) (apps, pods []string, err error) {
	opts := metav1.ListOptions{LabelSelector: selector}
	al, err := cl.Dynamic.Resource(GVR).Namespace(ns).List(ctx, opts)
	if err != nil {
		return nil, nil, fmt.Errorf("listing SparkApplications in %s: %w", ns, err)
	}
	for _, a := range al.Items {
		apps = append(apps, Key(ns, a.GetName()))
	}
	pl, err := cl.Kube.CoreV1().Pods(ns).List(ctx, opts)
	if err != nil {
		return nil, nil, fmt.Errorf("listing pods in %s: %w", ns, err)
	}
	for _, p := range pl.Items {
		pods = append(pods, Key(ns, p.Name))
	}
	return apps, pods, nil
}

func deleteAll(ctx context.Context, cl *Clients, ns, selector string, dryRun bool) error {
	bg := metav1.DeletePropagationBackground
	del := metav1.DeleteOptions{PropagationPolicy: &bg}
	if dryRun {
		del.DryRun = []string{metav1.DryRunAll}
	}
	opts := metav1.ListOptions{LabelSelector: selector}
	if err := cl.Dynamic.Resource(GVR).Namespace(ns).DeleteCollection(ctx, del, opts); err != nil {
		return fmt.Errorf("deleting SparkApplications in %s (dry run %v): %w", ns, dryRun, err)
	}
	if err := cl.Kube.CoreV1().Pods(ns).DeleteCollection(ctx, del, opts); err != nil {
		return fmt.Errorf("deleting pods in %s (dry run %v): %w", ns, dryRun, err)
	}
	return nil
}

// waitGone lists until no object of the session is left: stop is a
// one-off command, not tracking, so a short poll is the simple thing here.
func waitGone(ctx context.Context, cl *Clients, namespaces []string, selector string) error {
	return wait.PollUntilContextCancel(ctx, 250*time.Millisecond, true, func(ctx context.Context) (bool, error) {
		for _, ns := range namespaces {
			apps, pods, err := list(ctx, cl, ns, selector)
			if err != nil || len(apps)+len(pods) > 0 {
				return false, err
			}
		}
		return true, nil
	})
}
