package cli

import (
	"fmt"
	"io"

	"k8s.io/client-go/rest"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/emr"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/operator"
)

// Values of --track-pods.
const (
	TrackPodsAuto = "auto"
	TrackPodsOn   = "on"
	TrackPodsOff  = "off"
)

const trackPodsUsage = "how the emr target sees job runs RUNNING and ending: on = watch their Spark driver pods " +
	"(labelled " + emr.JobIDLabel + ") in the virtual clusters' namespaces through --kubeconfig/--context " +
	"(needs get/list/watch on pods there; RUNNING within milliseconds, ListJobRuns only when pods end and every " +
	"--track-full-interval, 30m by default, as a safety net); off = ListJobRuns polls (--track-interval); " +
	"auto = on when running in a pod or --kubeconfig is given (not for the in-process local target), " +
	"falling back to polls with a warning if the pods cannot be watched"

// checkTrackPods validates --track-pods.
func checkTrackPods(mode string) error {
	switch mode {
	case TrackPodsAuto, TrackPodsOn, TrackPodsOff:
		return nil
	}
	return usagef("--track-pods %q: want auto, on or off (auto watches driver pods when running in a pod or with --kubeconfig)", mode)
}

// podTracking resolves --track-pods for the emr and local targets: the pod
// watch's configuration, or nil for ListJobRuns polls. In auto mode a watch
// that is not possible is a warning on stderr; in on mode, an error.
func podTracking(r *runFlags, tgt *target, getenv func(string) string, stderr io.Writer) (*emr.PodConfig, error) {
	mode := r.trackPods
	warn := func(msg string) { fmt.Fprintf(stderr, "warning: --track-pods %s: %s\n", mode, msg) }
	explicit := r.operator.kubeconfig != ""
	if mode == TrackPodsOff || (mode == TrackPodsAuto && (tgt.kind == "local" || !explicit && !inCluster(getenv))) {
		return nil, nil
	}
	namespaces, err := podNamespaces(r, tgt)
	if err == nil {
		var rc *rest.Config
		if rc, err = operator.LoadRest(r.operator.kubeconfig, r.operator.kubeContext); err == nil {
			return &emr.PodConfig{Rest: rc, Namespaces: namespaces, Required: mode == TrackPodsOn, Warn: warn}, nil
		}
	}
	if mode == TrackPodsOn || explicit {
		return nil, usagef("--track-pods %s: %v; or give --track-pods off to track by ListJobRuns polls", mode, err)
	}
	warn(err.Error() + "; tracking by " + emr.MethodPoll)
	return nil, nil
}

// podNamespaces are the namespaces of the virtual clusters jobs go to.
func podNamespaces(r *runFlags, tgt *target) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	add := func(ns string) {
		if !seen[ns] {
			seen[ns] = true
			out = append(out, ns)
		}
	}
	for _, vc := range tgt.vcs {
		if vc.Namespace == "" {
			return nil, fmt.Errorf("virtual cluster %s has no namespace to watch: give --virtual-clusters NS=ID,...", vc.ID)
		}
		add(vc.Namespace)
	}
	if r.createVCs {
		for _, ns := range tgt.createOn {
			add(ns)
		}
	}
	return out, nil
}

// inCluster reports whether loadgen runs in a pod (the variables client-go's
// in-cluster configuration reads).
func inCluster(getenv func(string) string) bool {
	return getenv("KUBERNETES_SERVICE_HOST") != "" && getenv("KUBERNETES_SERVICE_PORT") != ""
}

// trackingNote ends the session line with how RUNNING is measured.
func trackingNote(method string) string {
	if method == "" {
		return ""
	}
	return ", RUNNING by " + method
}
