package cli

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/emr"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/engine"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/journal"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/localemr"
)

// kubeconfigFile writes a kubeconfig for an API server at host.
func kubeconfigFile(t *testing.T, host string) string {
	return writeFile(t, "kubeconfig", fmt.Sprintf(`apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: %q, insecure-skip-tls-verify: true}}]
users: [{name: u, user: {token: t}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
current-context: x
`, host))
}

// How --track-pods resolves: which runs watch pods, over which namespaces,
// and which inputs are usage errors naming the flag and the fix.
func TestPodTrackingResolution(t *testing.T) {
	t.Parallel()
	kc := kubeconfigFile(t, "https://127.0.0.1:1")
	withNS := []engine.VC{{ID: "a", Namespace: "ns-1"}, {ID: "b", Namespace: "ns-2"}, {ID: "c", Namespace: "ns-1"}}
	noNS := []engine.VC{{ID: "a"}}
	inPod := map[string]string{"KUBERNETES_SERVICE_HOST": "10.0.0.1", "KUBERNETES_SERVICE_PORT": "443"}
	tests := []struct {
		name       string
		mode, kube string
		kind       string
		vcs        []engine.VC
		env        map[string]string
		wantNS     []string // nil: no pod watch
		wantReq    bool
		wantErr    string
		wantWarn   string
	}{
		{name: "off", mode: "off", kube: kc, kind: "emr", vcs: withNS},
		{name: "auto, no kubeconfig, not in a pod", mode: "auto", kind: "emr", vcs: withNS},
		{name: "auto, local target", mode: "auto", kube: kc, kind: "local", vcs: withNS},
		{name: "auto with kubeconfig", mode: "auto", kube: kc, kind: "emr", vcs: withNS, wantNS: []string{"ns-1", "ns-2"}},
		{name: "on", mode: "on", kube: kc, kind: "emr", vcs: withNS, wantNS: []string{"ns-1", "ns-2"}, wantReq: true},
		{name: "on, local target", mode: "on", kube: kc, kind: "local", vcs: withNS, wantNS: []string{"ns-1", "ns-2"}, wantReq: true},
		{name: "on, ids without namespaces", mode: "on", kube: kc, kind: "emr", vcs: noNS, wantErr: "--virtual-clusters NS=ID"},
		{name: "auto with kubeconfig, ids without namespaces", mode: "auto", kube: kc, kind: "emr", vcs: noNS, wantErr: "--track-pods off"},
		{name: "auto in a pod, ids without namespaces", mode: "auto", kind: "emr", vcs: noNS, env: inPod, wantWarn: "NS=ID"},
		{name: "on, missing kubeconfig", mode: "on", kube: "/nope/kubeconfig", kind: "emr", vcs: withNS, wantErr: `--kubeconfig "/nope/kubeconfig"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := &runFlags{trackingFlags: trackingFlags{trackPods: tc.mode}}
			r.operator.kubeconfig = tc.kube
			var stderr strings.Builder
			pc, err := podTracking(r, &target{kind: tc.kind, vcs: tc.vcs}, func(k string) string { return tc.env[k] }, &stderr)
			if tc.wantErr != "" {
				if !errors.Is(err, ErrUsage) || !strings.Contains(err.Error(), "--track-pods "+tc.mode) || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want a usage error naming --track-pods %s and %q", err, tc.mode, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tc.wantWarn != "" && !strings.Contains(stderr.String(), tc.wantWarn) {
				t.Errorf("stderr %q, want a warning about %q", stderr.String(), tc.wantWarn)
			}
			if tc.wantNS == nil {
				if pc != nil {
					t.Fatalf("pod watch %+v, want ListJobRuns polls", pc)
				}
				return
			}
			if pc == nil || !slices.Equal(pc.Namespaces, tc.wantNS) || pc.Required != tc.wantReq || pc.Rest == nil {
				t.Fatalf("pod watch %+v, want namespaces %v, required %v", pc, tc.wantNS, tc.wantReq)
			}
		})
	}
}

func TestTrackPodsBadValueIsAUsageError(t *testing.T) {
	t.Parallel()
	_, _, err := runCLI(t, t.Context(), "--track-pods", "yes", "--max-jobs", "1")
	if !errors.Is(err, ErrUsage) || !strings.Contains(err.Error(), `--track-pods "yes": want auto, on or off`) {
		t.Fatalf("err = %v, want a usage error naming --track-pods and its values", err)
	}
}

// A run whose pods cannot be watched: with auto it warns, tracks by polls
// and says so in the plan; with on it fails before submitting, naming the flag.
func TestRunWithUnwatchablePods(t *testing.T) {
	t.Parallel()
	kc := kubeconfigFile(t, "https://127.0.0.1:1")
	for _, mode := range []string{"auto", "on"} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			srv, url := server(t, localemr.Config{RunTime: dist(t, "100ms-100ms")})
			runs := t.TempDir()
			args := append(endpointArgs(url, runs, "lg-pods-"+mode), "--kubeconfig", kc, "--track-pods", mode,
				"--max-jobs", "2", "--rate", "10/s", "--web=false")
			_, stderr, err := runCLI(t, t.Context(), args...)
			if mode == "on" {
				if err == nil || !strings.Contains(err.Error(), "--track-pods on") || srv.Accepted() != 0 {
					t.Fatalf("err = %v, %d accepted; want a failure naming --track-pods on before any submission", err, srv.Accepted())
				}
				return
			}
			if err != nil || !strings.Contains(stderr, "warning: --track-pods auto: pod watch unavailable") {
				t.Fatalf("err = %v, stderr:\n%s\nwant a successful run with one pod-watch warning", err, stderr)
			}
			d, err := journal.ReadDir(filepath.Join(runs, "lg-pods-"+mode))
			if err != nil {
				t.Fatal(err)
			}
			if got := d.Run.Plan[engine.PlanTracking]; got != emr.MethodPoll {
				t.Errorf("plan %s = %q, want %q", engine.PlanTracking, got, emr.MethodPoll)
			}
		})
	}
}
