package emr

import (
	"fmt"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/localemr"
)

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkSubmitOneWorker: one worker submitting back to back through the
// real SDK client to the in-process local endpoint (client and server CPU
// both counted). Reports submissions/s and process CPU per 1,000 submissions.
func BenchmarkSubmitOneWorker(b *testing.B) {
	srv, err := localemr.New(localemr.Config{RunTime: localemr.Dist{Min: time.Hour, Max: time.Hour},
		VirtualClusters: []localemr.VirtualCluster{{ID: "vc0000000000000000000001", Name: "vc1", Namespace: "emr-jobs-1"}}})
	if err != nil {
		b.Fatal(err)
	}
	url, err := srv.Start("127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	c, err := NewClient(b.Context(), ClientConfig{Region: "us-east-1", Endpoint: url})
	if err != nil {
		b.Fatal(err)
	}
	in := jobInput("vc0000000000000000000001", 1)
	cpu0, start := cpuTime(), time.Now()
	n := 0
	for b.Loop() {
		if r := Submit(b.Context(), c, in); r.ID == "" {
			b.Fatal(r.Err)
		}
		n++
	}
	b.ReportMetric(float64(n)/time.Since(start).Seconds(), "submissions/s")
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(time.Millisecond)/float64(n)*1000, "cpu-ms/1000")
}

// BenchmarkTrackedJobMemory: heap per tracked job with 100,000 live jobs.
func BenchmarkTrackedJobMemory(b *testing.B) {
	const n = 100_000
	for b.Loop() {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		tr := NewTracker(nil, TrackerConfig{Start: time.Now()}, nil)
		for i := range n {
			tr.Add(jobID(i), "vc0000000000000000000001", time.Now())
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/n, "bytes/job")
		runtime.KeepAlive(tr)
	}
}

func jobID(i int) string {
	const digits = "0123456789abcdefghijklmnopqrstuv"
	b := []byte("0000000000000000000")
	for p := len(b) - 1; i > 0; p-- {
		b[p] = digits[i%32]
		i /= 32
	}
	return string(b)
}

// BenchmarkListCallsPerTrackedJob: ListJobRuns calls one full poll (start
// scan and finish scan) makes for 1,000 live RUNNING jobs on one virtual
// cluster, once every job was seen: the start scan has nothing to list and
// the finish scan one empty page. Calls per minute over time are measured by
// TestTrackingCostAtThousandLiveJobs and bench/compareold.
func BenchmarkListCallsPerTrackedJob(b *testing.B) {
	srv, err := localemr.New(localemr.Config{RunTime: localemr.Dist{Min: time.Hour, Max: time.Hour},
		VirtualClusters: []localemr.VirtualCluster{{ID: "vc0000000000000000000001", Name: "vc1", Namespace: "emr-jobs-1"}}})
	if err != nil {
		b.Fatal(err)
	}
	url, _ := srv.Start("127.0.0.1:0")
	defer srv.Close()
	c, _ := NewClient(b.Context(), ClientConfig{Region: "us-east-1", Endpoint: url})
	tr := NewTracker(c, TrackerConfig{Start: time.Now()}, nil)
	const live = 1000
	for i := range live {
		sent := time.Now()
		tr.Add(Submit(b.Context(), c, jobInput("vc0000000000000000000001", i)).ID, "vc0000000000000000000001", sent)
	}
	for tr.Counts()["RUNNING"] < live {
		if err := tr.Poll(b.Context()); err != nil {
			b.Fatal(err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	calls0 := tr.Calls()
	rounds := 0
	for b.Loop() {
		if err := tr.Poll(b.Context()); err != nil {
			b.Fatal(err)
		}
		rounds++
	}
	perRound := float64(tr.Calls()-calls0) / float64(rounds)
	b.ReportMetric(perRound, "calls/poll")
	b.ReportMetric(perRound/live, "calls/job/poll")
}

// BenchmarkListCallsPerMinute: ListJobRuns calls per minute once 1,000 live
// job runs over 4 virtual clusters are RUNNING, with the pod watch and with
// polls, against the local server. Per minute is derived from the calls
// one round of each scan makes and how often it runs (configured
// intervals), not from wall time: polling is a start scan every Interval
// (nothing to list once all run) plus a finish scan every FullInterval;
// the pod watch makes no start scan and a safety-net finish scan every
// DefaultPodFullInterval. The run's own calls/min over time are checked by
// TestTrackingCostAtThousandLiveJobs and TestPodTrackingCostAtThousandLiveJobs.
func BenchmarkListCallsPerMinute(b *testing.B) {
	const live, nVCs = 1000, 4
	var vcs []localemr.VirtualCluster
	for i := range nVCs {
		vcs = append(vcs, localemr.VirtualCluster{ID: "vc" + jobID(i+1), Name: "vc" + jobID(i+1), Namespace: fmt.Sprintf("emr-jobs-%d", i+1)})
	}
	srv, err := localemr.New(localemr.Config{RunTime: localemr.Dist{Min: time.Hour, Max: time.Hour}, VirtualClusters: vcs})
	if err != nil {
		b.Fatal(err)
	}
	url, _ := srv.Start("127.0.0.1:0")
	defer srv.Close()
	c, _ := NewClient(b.Context(), ClientConfig{Region: "us-east-1", Endpoint: url, RetryMode: RetryStandard})
	start := time.Now()
	var ids, vcOf []string
	for i := range live {
		vc := vcs[i%nVCs].ID
		ids, vcOf = append(ids, Submit(b.Context(), c, jobInput(vc, i)).ID), append(vcOf, vc)
	}
	b.Run("pod-watch", func(b *testing.B) {
		tr := NewTracker(c, TrackerConfig{Start: start, Pods: &PodConfig{}}, nil)
		tr.pods = &podWatch{}
		for i, id := range ids {
			tr.Add(id, vcOf[i], start)
			tr.onPod(podView{id: id, created: start, running: true}, time.Now())
		}
		perMin := 0.0
		for b.Loop() {
			calls0 := tr.Calls()
			tr.nextFull = time.Time{} // the safety net is due
			tr.podRound(b.Context())
			perMin = float64(tr.Calls()-calls0) / DefaultPodFullInterval.Minutes()
		}
		b.ReportMetric(perMin, "calls/min")
	})
	b.Run("poll", func(b *testing.B) {
		tr := NewTracker(c, TrackerConfig{Start: start}, nil)
		for i, id := range ids {
			tr.Add(id, vcOf[i], start)
		}
		for tr.Counts()["RUNNING"] < live {
			if err := tr.Poll(b.Context()); err != nil {
				b.Fatal(err)
			}
		}
		perMin := 0.0
		for b.Loop() {
			calls0 := tr.Calls()
			_ = tr.scanStarts(b.Context())
			starts := tr.Calls() - calls0
			_, _ = tr.scanFinishes(b.Context())
			finishes := tr.Calls() - calls0 - starts
			perMin = float64(starts)*time.Minute.Seconds()/DefaultTrackInterval.Seconds() +
				float64(finishes)/DefaultTrackFullInterval.Minutes()
		}
		b.ReportMetric(perMin, "calls/min")
	})
}
