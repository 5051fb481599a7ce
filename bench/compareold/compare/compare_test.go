package compare

import (
	"bytes"
	"context"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/testenv"
)

// ciConfig is the small comparison the test command runs (~3.5 min on 2 busy cores): 80
// submissions per tool and floor at 10/s, tracking 400 live jobs with the old poll every 3 s
// and the pod watch's safety net every 10 s, counted over 25 s (two or three scans).
func ciConfig(t *testing.T) Config {
	repo, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	return Config{Repo: repo, WorkDir: t.TempDir(), Jobs: 80, Rate: 10, Users: 10, LiveJobs: 400,
		TrackWindow: 20 * time.Second, TrackFullInterval: 10 * time.Second, PollInterval: 3 * time.Second, PollRounds: 2,
		PodFullInterval: 10 * time.Second, PodWindow: 25 * time.Second}
}

// requireOldPath skips (or fails when CI or REQUIRE_INTEGRATION=1) without the old path's
// tools or the control plane's binaries.
func requireOldPath(t *testing.T) {
	testenv.Need(t, testenv.MissingBinaries(testenv.Etcd, testenv.KubeAPIServer))
	for _, b := range []struct{ path, pkg string }{{DefaultLocust, "python3-locust"}, {DefaultAWS, "awscli"}} {
		if _, err := exec.LookPath(b.path); err != nil {
			if os.Getenv("CI") != "" || os.Getenv("REQUIRE_INTEGRATION") == "1" {
				t.Fatalf("%s not found: apt-get install -y %s (required when CI or REQUIRE_INTEGRATION=1)", b.path, b.pkg)
			}
			t.Skipf("%s not found: apt-get install -y %s (required when CI or REQUIRE_INTEGRATION=1)", b.path, b.pkg)
		}
	}
	if testing.Short() {
		t.Skip("the side-by-side comparison takes ~3 minutes: not in -short")
	}
}

func TestCompareSmall(t *testing.T) {
	requireOldPath(t)
	c := ciConfig(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	var log bytes.Buffer
	r, err := Run(ctx, c, &log)
	if err != nil {
		t.Fatalf("%v\nprogress:\n%s", err, log.String())
	}
	var md bytes.Buffer
	r.WriteMarkdown(&md)
	t.Log("\n" + md.String())
	tools := []string{ToolOld, ToolLoadgenOpen, ToolLoadgenClose, ToolFloorHTTP, ToolFloorSDK}
	if len(r.Subs) != len(tools) {
		t.Fatalf("scenarios = %+v, want %v", r.Subs, tools)
	}
	for i, s := range r.Subs {
		if s.Tool != tools[i] || s.Floor != (i >= 3) {
			t.Errorf("scenario %d = %s (floor %v), want %s", i, s.Tool, s.Floor, tools[i])
		}
	}
	for _, s := range r.Subs {
		checkSubmission(t, s, r.Config)
	}
	if rate := r.Subs[1].AchievedRate; math.Abs(rate-c.Rate) > 0.02*c.Rate {
		t.Errorf("loadgen open model: server-counted rate %.3f/s, want %g/s within 2%% (1%% is the full run's target)", rate, c.Rate)
	}
	for _, q := range r.Ratios()[:1] {
		if q.Value < 50 {
			t.Errorf("%s = %.1f: the old path should cost far more CPU per job (measured ~400x)", q.What, q.Value)
		}
	}
	for _, f := range r.Subs[3:] {
		if f.CPUPer1000() >= r.Subs[0].CPUPer1000() {
			t.Errorf("%s: %.3f CPU s per 1,000 jobs, want far below the old path's %.3f", f.Tool, f.CPUPer1000(), r.Subs[0].CPUPer1000())
		}
	}
	checkTracking(t, r.Track, r.Config) // with defaults applied
}

func checkSubmission(t *testing.T, s Submission, c Config) {
	t.Helper()
	if s.Accepted != int64(c.Jobs) {
		t.Errorf("%s: server accepted %d jobs, want %d", s.Tool, s.Accepted, c.Jobs)
	}
	if s.Usage.CPU <= 0 || s.Usage.PeakTreeRSS <= 0 {
		t.Errorf("%s: usage %+v, want CPU and RSS measured", s.Tool, s.Usage)
	}
	if s.ServerP50 <= 0 || s.ClientP50 < s.ServerP50 {
		t.Errorf("%s: submit p50 tool %s, server %s: want 0 < server <= tool (the tool's time includes the server's)", s.Tool, s.ClientP50, s.ServerP50)
	}
}

func checkTracking(t *testing.T, tr []Tracking, c Config) {
	t.Helper()
	if len(tr) != 3 || tr[0].Tool != ToolTrackOld || tr[1].Tool != ToolTrackPoll || tr[2].Tool != ToolTrackPods {
		t.Fatalf("tracking rows = %+v, want old poll, loadgen poll, loadgen pod watch", tr)
	}
	perVC := (c.LiveJobs + c.TrackVCs - 1) / c.TrackVCs
	wantOld := float64(c.TrackVCs * ((perVC + 49) / 50)) // all pages of 50, every virtual cluster, per round
	if tr[0].ListJobRunsPerMin != wantOld || tr[0].OtherPerMin != 1 {
		t.Errorf("old poll: %.1f ListJobRuns and %.1f other calls per round, want %.0f and 1 (ListVirtualClusters)",
			tr[0].ListJobRunsPerMin, tr[0].OtherPerMin, wantOld)
	}
	for _, x := range tr {
		if x.LiveJobs != int64(c.LiveJobs) || x.ListJobRunsPerMin <= 0 {
			t.Errorf("%s: %d live jobs, %.1f ListJobRuns/min; want %d live and calls counted", x.Tool, x.LiveJobs, x.ListJobRunsPerMin, c.LiveJobs)
		}
	}
	checkPodRow(t, tr[2], c)
}

// checkPodRow: the window held at least one safety-net scan and no more calls than the
// interval allows (nothing ends, so nothing else may list), through a live watch.
func checkPodRow(t *testing.T, pods Tracking, c Config) {
	t.Helper()
	if most := MaxSafetyNetCalls(pods.Window, c.PodFullInterval, c.TrackVCs); pods.ListJobRuns <= 0 || pods.ListJobRuns > most {
		t.Errorf("pod watch: %d ListJobRuns in %s with a %s safety net on %d virtual clusters, want 1..%d",
			pods.ListJobRuns, pods.Window, c.PodFullInterval, c.TrackVCs, most)
	}
	if pods.Kube == nil || pods.Kube.OpenWatches < int64(c.TrackVCs) {
		t.Errorf("pod watch: Kubernetes requests %+v, want a pod watch open per namespace (%d) at the end", pods.Kube, c.TrackVCs)
	}
}

func TestMeasureCountsChildrenCPU(t *testing.T) {
	t.Parallel()
	// the shell's loop runs in a child it waits for: rusage must include it, as it includes the
	// aws CLI processes under Locust
	cmd := exec.Command("/bin/sh", "-c", `sh -c 'i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done'`)
	u, err := measure(context.Background(), cmd)
	if err != nil {
		t.Fatal(err)
	}
	if u.CPU < 50*time.Millisecond || u.PeakTreeRSS <= 0 || u.Wall < u.CPU/2 {
		t.Errorf("usage = %+v, want the child's CPU (>= 50ms) and a sampled RSS", u)
	}
}

func TestMeasureReportsFailureWithStderr(t *testing.T) {
	t.Parallel()
	cmd := exec.Command("/bin/sh", "-c", "echo boom >&2; exit 3")
	cmd.Stderr = &tailBuffer{}
	_, err := measure(context.Background(), cmd)
	if err == nil || !strings.Contains(err.Error(), "boom") || !strings.Contains(err.Error(), "exit status 3") {
		t.Errorf("err = %v, want the exit status and stderr", err)
	}
}
