package rehearse

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/rehearse/clusterreport"
)

var t0 = time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)

func node(name, group, typ string, from, to int) clusterreport.NodeRecord {
	n := clusterreport.NodeRecord{Name: name, Group: group, InstanceType: typ, Created: t0.Add(time.Duration(from) * time.Second)}
	if to >= 0 {
		n.Deleted = t0.Add(time.Duration(to) * time.Second)
	}
	return n
}

func TestPeakNodes(t *testing.T) {
	t.Parallel()
	nodes := []clusterreport.NodeRecord{
		node("ops", clusterreport.OperationalGroup, "m5.large", 0, -1),
		node("d1", "spark-driver", "m5.xlarge", 10, 100),
		node("d2", "spark-driver", "m5.xlarge", 20, 50),
		node("d3", "spark-driver", "m5.2xlarge", 50, 120), // created as d2 goes: not both at once
		node("e1", "spark-executor", "m5.4xlarge", 30, 60),
		node("e2", "spark-executor", "m5.xlarge", 200, -1), // after end
	}
	peaks, err := PeakNodes(nodes, t0.Add(150*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	d := peaks["spark-driver"]
	if d.Nodes != 2 || d.ByType["m5.xlarge"] != 2 || d.VCPUs != 12 || d.Launched != 3 {
		t.Errorf("spark-driver peak %+v, want 2 nodes (2 m5.xlarge), 12 vCPU (m5.xlarge + m5.2xlarge), 3 launched", d)
	}
	all := peaks[AllNodePools]
	// 3 nodes from t=30 (d1, d2, e1: 24 vCPU); at t=50..60 d1, d3, e1: 28 vCPU.
	if all.Nodes != 3 || all.ByType["m5.xlarge"] != 2 || all.VCPUs != 4+8+16 || all.Launched != 4 {
		t.Errorf("all NodePools peak %+v, want 3 nodes (first at t=30: 2 m5.xlarge), 28 vCPU at t=50, 4 launched", all)
	}
	if ops := peaks[clusterreport.OperationalGroup]; ops.Nodes != 1 {
		t.Errorf("operational peak %+v, want 1", ops)
	}
	if _, err := PeakNodes([]clusterreport.NodeRecord{node("x", "p", "z9.huge", 0, -1)}, t0.Add(time.Hour)); err == nil {
		t.Error("an unknown instance type: no error")
	}
}

func TestReadJobPeaks(t *testing.T) {
	t.Parallel()
	at := func(s int) string { return t0.Add(time.Duration(s) * time.Second).Format(time.RFC3339Nano) }
	csv := "key,submit_end,started,finished,other\n" +
		"a," + at(0) + "," + at(10) + "," + at(40) + ",x\n" +
		"b," + at(5) + "," + at(20) + "," + at(50) + ",x\n" +
		"c," + at(40) + "," + at(45) + "," + at(60) + ",x\n" + // accepted as a finishes
		"d," + at(70) + ",,,x\n" // never started
	got, err := ReadJobPeaks(strings.NewReader(csv))
	if err != nil {
		t.Fatal(err)
	}
	want := JobPeaks{InFlight: 2, Running: 2, Jobs: 4, Finished: 3,
		MeanInFlight: (40 + 45 + 20) * time.Second / 3, MeanRunning: (30 + 30 + 15) * time.Second / 3}
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if _, err := ReadJobPeaks(strings.NewReader("key,started\n")); err == nil || !strings.Contains(err.Error(), "submit_end") {
		t.Errorf("missing column: %v, want an error naming submit_end", err)
	}
}

// A page in kube-apiserver's exposition format (labels as v1.34 writes
// them): two scrapes of one process.
const metricsBefore = `# HELP apiserver_request_duration_seconds [STABLE] Response latency distribution in seconds for each verb, dry run value, group, version, resource, subresource, scope and component.
# TYPE apiserver_request_duration_seconds histogram
apiserver_request_duration_seconds_bucket{component="apiserver",dry_run="",group="",resource="pods",scope="resource",subresource="",verb="POST",version="v1",le="0.005"} 10
apiserver_request_duration_seconds_bucket{component="apiserver",dry_run="",group="",resource="pods",scope="resource",subresource="",verb="POST",version="v1",le="0.025"} 10
apiserver_request_duration_seconds_bucket{component="apiserver",dry_run="",group="",resource="pods",scope="resource",subresource="",verb="POST",version="v1",le="1"} 10
apiserver_request_duration_seconds_bucket{component="apiserver",dry_run="",group="",resource="pods",scope="resource",subresource="",verb="POST",version="v1",le="+Inf"} 10
apiserver_request_duration_seconds_sum{component="apiserver",dry_run="",group="",resource="pods",scope="resource",subresource="",verb="POST",version="v1"} 0.01
apiserver_request_duration_seconds_count{component="apiserver",dry_run="",group="",resource="pods",scope="resource",subresource="",verb="POST",version="v1"} 10
`

const metricsAfter = `# TYPE apiserver_request_duration_seconds histogram
apiserver_request_duration_seconds_bucket{component="apiserver",dry_run="",group="",resource="pods",scope="resource",subresource="",verb="POST",version="v1",le="0.005"} 10
apiserver_request_duration_seconds_bucket{component="apiserver",dry_run="",group="",resource="pods",scope="resource",subresource="",verb="POST",version="v1",le="0.025"} 100
apiserver_request_duration_seconds_bucket{component="apiserver",dry_run="",group="",resource="pods",scope="resource",subresource="",verb="POST",version="v1",le="1"} 110
apiserver_request_duration_seconds_bucket{component="apiserver",dry_run="",group="",resource="pods",scope="resource",subresource="",verb="POST",version="v1",le="+Inf"} 110
apiserver_request_duration_seconds_sum{component="apiserver",dry_run="",group="",resource="pods",scope="resource",subresource="",verb="POST",version="v1"} 3
apiserver_request_duration_seconds_count{component="apiserver",dry_run="",group="",resource="pods",scope="resource",subresource="",verb="POST",version="v1"} 110
apiserver_request_duration_seconds_bucket{component="apiserver",dry_run="",group="",resource="pods",scope="resource",subresource="status",verb="PATCH",version="v1",le="0.005"} 0
apiserver_request_duration_seconds_bucket{component="apiserver",dry_run="",group="",resource="pods",scope="resource",subresource="status",verb="PATCH",version="v1",le="0.025"} 0
apiserver_request_duration_seconds_bucket{component="apiserver",dry_run="",group="",resource="pods",scope="resource",subresource="status",verb="PATCH",version="v1",le="1"} 1
apiserver_request_duration_seconds_bucket{component="apiserver",dry_run="",group="",resource="pods",scope="resource",subresource="status",verb="PATCH",version="v1",le="+Inf"} 2
apiserver_request_duration_seconds_sum{component="apiserver",dry_run="",group="",resource="pods",scope="resource",subresource="status",verb="PATCH",version="v1"} 5
apiserver_request_duration_seconds_count{component="apiserver",dry_run="",group="",resource="pods",scope="resource",subresource="status",verb="PATCH",version="v1"} 2
apiserver_request_duration_seconds_bucket{component="apiserver",dry_run="",group="",resource="pods",scope="namespace",subresource="",verb="LIST",version="v1",le="+Inf"} 50
apiserver_request_duration_seconds_sum{component="apiserver",dry_run="",group="",resource="pods",scope="namespace",subresource="",verb="LIST",version="v1"} 50
apiserver_request_duration_seconds_count{component="apiserver",dry_run="",group="",resource="pods",scope="namespace",subresource="",verb="LIST",version="v1"} 50
apiserver_request_duration_seconds_bucket{component="apiserver",dry_run="",group="",resource="pods",scope="resource",subresource="",verb="WATCH",version="v1",le="+Inf"} 5
apiserver_request_duration_seconds_sum{component="apiserver",dry_run="",group="",resource="pods",scope="resource",subresource="",verb="WATCH",version="v1"} 500
apiserver_request_duration_seconds_count{component="apiserver",dry_run="",group="",resource="pods",scope="resource",subresource="",verb="WATCH",version="v1"} 5
`

func TestMutatingLatency(t *testing.T) {
	t.Parallel()
	before, err := ParseMutating(strings.NewReader(metricsBefore))
	if err != nil {
		t.Fatal(err)
	}
	after, err := ParseMutating(strings.NewReader(metricsAfter))
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != 2 {
		t.Fatalf("%d mutating calls parsed, want 2 (LIST and WATCH left out): %v", len(after), after)
	}
	s := after.Since(before).Summarize(10)
	// 100 POSTs in the window: 90 in (0.005, 0.025], 10 in (0.025, 1];
	// rank 99 is the 9th of 10 in the last bucket: 0.025 + 0.975*9/10.
	post := s.Calls[0]
	if post.Call != "POST pods" || post.Requests != 100 || math.Abs(post.P99-(0.025+0.975*0.9)) > 1e-9 {
		t.Errorf("POST pods: %+v, want 100 requests, p99 0.9025", post)
	}
	// The two slow PATCHes are listed but fewer than 10: not the worst.
	if s.Worst.Call != "POST pods" || !s.MeetsSLO() || s.Requests != 102 {
		t.Errorf("summary %+v: want worst POST pods, SLO met, 102 requests", s)
	}
	patch := s.Calls[1]
	if patch.Call != "PATCH pods/status" || patch.P99 != 1 {
		t.Errorf("PATCH pods/status %+v: a rank in +Inf reads as the highest finite bound, 1 s", patch)
	}
	if slow := after.Since(before).Summarize(1); slow.Worst.Call != "PATCH pods/status" {
		t.Errorf("with every call counted the worst is %+v, want PATCH pods/status", slow.Worst)
	}
}

func TestQuantileEmpty(t *testing.T) {
	t.Parallel()
	if q := (Histogram{}).Quantile(0.99); !math.IsNaN(q) {
		t.Errorf("empty histogram p99 %v, want NaN", q)
	}
}

// The median wait per minute of acceptance, and whether it grew by more
// than a node start (the rehearsal's control plane fell behind).
func TestReadWaitTrend(t *testing.T) {
	t.Parallel()
	at := func(s int) string { return t0.Add(time.Duration(s) * time.Second).Format(time.RFC3339Nano) }
	csv := "key,submit_end,started,finished\n" +
		"a," + at(0) + "," + at(45) + ",\n" +
		"b," + at(10) + "," + at(50) + ",\n" +
		"c," + at(20) + "," + at(80) + ",\n" + // minute 0: 45, 40, 60 s: median 45 s
		"d," + at(70) + "," + at(170) + ",\n" + // minute 1: 100 s
		"e," + at(80) + ",,\n" + // never ran
		"f," + at(130) + "," + at(135) + ",\n" // minute 2, the last: 5 s, left out of Growth
	got, err := ReadWaitTrend(strings.NewReader(csv))
	if err != nil {
		t.Fatal(err)
	}
	want := []time.Duration{45 * time.Second, 100 * time.Second, 5 * time.Second}
	if !slices.Equal(got.ByMinute, want) {
		t.Errorf("by minute %v, want %v", got.ByMinute, want)
	}
	if got.Growth() != 55*time.Second || got.KeptPace(45*time.Second) || !got.KeptPace(60*time.Second) {
		t.Errorf("growth %s, kept pace (45 s start) %v: want 55 s, false (true with a 60 s start)", got.Growth(), got.KeptPace(45*time.Second))
	}
}
