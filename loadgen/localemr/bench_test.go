package localemr

import (
	"context"
	"fmt"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers/types"
)

// BenchmarkStartJobRunSDK measures accepted submissions per second through the real SDK
// client over loopback (client and server share the machine's cores).
func BenchmarkStartJobRunSDK(b *testing.B) {
	_, c, _ := startServer(b, Config{RunTime: constDist(time.Hour)})
	var n atomic.Int64
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := n.Add(1)
			if _, err := c.StartJobRun(context.Background(), startInput("vc1", fmt.Sprintf("s1-%d", i))); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(n.Load())/time.Since(start).Seconds(), "jobs/s")
}

// fill accepts n jobs directly in the store, one clock tick apart.
func fill(b *testing.B, srv *Server, clock *fakeClock, n int) {
	b.Helper()
	spec := srv.store.intern(jobSpec{releaseLabel: "emr-7.9.0-latest", jobDriver: rawJSON(`{"sparkSubmitJobDriver":{"entryPoint":"local:///pi.py"}}`)})
	tags := srv.store.internTags(map[string]string{"emr-eks-loadtest/session": "s1"})
	v := srv.store.vcByID["vc1"]
	for i := range n {
		j := &job{id: srv.store.newJobID(), name: fmt.Sprintf("s1-%07d", i), clientToken: fmt.Sprintf("%036d", i), vc: v, spec: spec, tags: tags}
		srv.store.byToken["vc1\x00"+j.clientToken] = j
		srv.store.accept(j, clock.Now().UnixNano())
		clock.Advance(time.Millisecond)
	}
}

// BenchmarkListJobRuns100k pages the newest 50 of 100,000 jobs with createdAfter set to the
// last 1,000: cost must not grow with the total number of jobs.
func BenchmarkListJobRuns100k(b *testing.B) {
	clock := newFakeClock()
	srv, c, _ := startServer(b, Config{QueueDelay: constDist(time.Hour), Now: clock.Now})
	fill(b, srv, clock, 100_000)
	after := clock.Now().Add(-time.Second)
	in := &emrcontainers.ListJobRunsInput{VirtualClusterId: aws.String("vc1"), CreatedAfter: &after,
		States: []types.JobRunState{types.JobRunStatePending}}
	b.ReportAllocs()
	for b.Loop() {
		out, err := c.ListJobRuns(context.Background(), in)
		if err != nil || len(out.JobRuns) != 50 {
			b.Fatalf("%v, %d job runs", err, len(out.JobRuns))
		}
	}
}

// BenchmarkMemoryPerJob reports the heap held per accepted job (sessions share tags and spec).
func BenchmarkMemoryPerJob(b *testing.B) {
	for b.Loop() {
		clock := newFakeClock()
		srv, err := New(Config{Now: clock.Now, QueueDelay: constDist(time.Hour), VirtualClusters: []VirtualCluster{{ID: "vc1", Name: "vc", Namespace: "ns"}}})
		if err != nil {
			b.Fatal(err)
		}
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		fill(b, srv, clock, 100_000)
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/100_000, "B/job")
		runtime.KeepAlive(srv)
	}
}

// BenchmarkStartJobRunHandler measures the server's own cost per StartJobRun (no network, no
// SDK): the capacity of the local target when clients run elsewhere.
func BenchmarkStartJobRunHandler(b *testing.B) {
	srv, err := New(Config{RunTime: constDist(time.Hour), VirtualClusters: []VirtualCluster{{ID: "vc1", Name: "vc", Namespace: "ns"}}})
	if err != nil {
		b.Fatal(err)
	}
	h := srv.Handler()
	const body = `{"clientToken":"%d","name":"s1-%d","executionRoleArn":"arn:aws:iam::123456789012:role/emr-job-role","releaseLabel":"emr-7.9.0-latest","jobDriver":{"sparkSubmitJobDriver":{"entryPoint":"local:///usr/lib/spark/examples/src/main/python/pi.py","entryPointArguments":["1000"]}},"configurationOverrides":{"applicationConfiguration":[{"classification":"spark-defaults","properties":{"spark.kubernetes.node.selector.topology.kubernetes.io/zone":"us-west-2a"}}]},"tags":{"emr-eks-loadtest/session":"s1","emr-eks-loadtest/tool":"loadgen"}}`
	var n atomic.Int64
	b.ReportAllocs()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := n.Add(1)
			req := httptest.NewRequest("POST", "/virtualclusters/vc1/jobruns", strings.NewReader(fmt.Sprintf(body, i, i)))
			req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=x")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != 200 {
				b.Fatalf("%d %s", rec.Code, rec.Body)
			}
		}
	})
	b.ReportMetric(float64(n.Load())/time.Since(start).Seconds(), "jobs/s")
}
