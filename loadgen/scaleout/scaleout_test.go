package scaleout

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/journal"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/pace"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats"
)

func TestSharesAddUpToTheTotal(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name         string
		total, count int64
	}{{"even", 12, 4}, {"uneven", 10, 3}, {"fewer than workers", 2, 5}, {"one", 7, 1}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var sum int64
			var rate float64
			for i := range tc.count {
				w := Worker{Index: int(i), Count: int(tc.count)}
				sum += w.Share(tc.total)
				rate += w.Rate(150)
				if s := w.Share(tc.total); s < tc.total/tc.count || s > tc.total/tc.count+1 {
					t.Errorf("worker %d share %d is not even", i, s)
				}
			}
			if sum != tc.total || rate < 149.999 || rate > 150.001 {
				t.Errorf("shares add up to %d (want %d), rates to %v", sum, tc.total, rate)
			}
		})
	}
}

func TestFromEnv(t *testing.T) {
	t.Parallel()
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	for _, tc := range []struct {
		name         string
		env          map[string]string
		index, count int
		want         Worker
		err          string
	}{
		{"defaults", nil, -1, -1, Single, ""},
		{"indexed job", map[string]string{IndexEnv: "3", WorkersEnv: "8"}, -1, -1, Worker{3, 8}, ""},
		{"flags win", map[string]string{IndexEnv: "3", WorkersEnv: "8"}, 1, 2, Worker{1, 2}, ""},
		{"index out of range", map[string]string{IndexEnv: "8", WorkersEnv: "8"}, -1, -1, Worker{}, "--worker-index 8: want 0..7"},
		{"not a number", map[string]string{WorkersEnv: "many"}, -1, -1, Worker{}, "$LOADGEN_WORKERS \"many\""},
		{"zero workers", nil, -1, 0, Worker{}, "--workers 0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w, err := FromEnv(env(tc.env), tc.index, tc.count)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) || !errors.Is(err, ErrUsage) {
					t.Fatalf("err = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || w != tc.want {
				t.Fatalf("FromEnv = %+v, %v; want %+v", w, err, tc.want)
			}
		})
	}
}

func TestRunDir(t *testing.T) {
	t.Parallel()
	if got := Single.RunDir("runs", "s1"); got != filepath.Join("runs", "s1") {
		t.Errorf("single: %s", got)
	}
	if got := (Worker{2, 4}).RunDir("runs", "s1"); got != filepath.Join("runs", "s1", "worker-2") {
		t.Errorf("worker: %s", got)
	}
}

func TestParseDestination(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]Destination{
		"out":                   {Dir: "out"},
		"s3://b":                {Bucket: "b"},
		"s3://b/runs/2026/":     {Bucket: "b", Prefix: "runs/2026"},
		"s3://b/runs/2026/x.y/": {Bucket: "b", Prefix: "runs/2026/x.y"},
	} {
		if got, err := ParseDestination(in); err != nil || got != want {
			t.Errorf("%s: %+v, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "s3://", "s3:///x"} {
		if _, err := ParseDestination(bad); !errors.Is(err, ErrUsage) {
			t.Errorf("%q: err = %v", bad, err)
		}
	}
}

// writeRunDir writes a tiny run directory with two files.
func writeRunDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range map[string]string{"journal.jsonl": "{\"ev\":\"session\"}\n", "report.html": "<html></html>"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestUploadToADirectory(t *testing.T) {
	t.Parallel()
	src, dst := writeRunDir(t), t.TempDir()
	names, err := Upload(context.Background(), nil, src, Destination{Dir: dst}, "s1/worker-1")
	if err != nil || len(names) != 2 {
		t.Fatalf("Upload = %v, %v", names, err)
	}
	b, err := os.ReadFile(filepath.Join(dst, "s1", "worker-1", "report.html"))
	if err != nil || string(b) != "<html></html>" {
		t.Fatalf("copied report: %q, %v", b, err)
	}
}

// s3Server speaks the S3 PutObject protocol (path-style PUT /bucket/key),
// checks the SigV4 payload hash against the body, and stores objects.
type s3Server struct {
	mu      sync.Mutex
	objects map[string][]byte
	types   map[string]string
}

func (s *s3Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPut || !strings.HasPrefix(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256 ") {
		http.Error(w, "<Error><Code>NotImplemented</Code></Error>", http.StatusNotImplemented)
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	sum := sha256.Sum256(body)
	if h := r.Header.Get("X-Amz-Content-Sha256"); h != hex.EncodeToString(sum[:]) && h != "UNSIGNED-PAYLOAD" {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, "<Error><Code>XAmzContentSHA256Mismatch</Code></Error>")
		return
	}
	s.mu.Lock()
	s.objects[r.URL.Path] = body
	s.types[r.URL.Path] = r.Header.Get("Content-Type")
	s.mu.Unlock()
	w.Header().Set("ETag", `"`+hex.EncodeToString(sum[:16])+`"`)
}

func TestUploadToS3ThroughTheSDK(t *testing.T) {
	t.Parallel()
	fake := &s3Server{objects: map[string][]byte{}, types: map[string]string{}}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	client := s3.New(s3.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), UsePathStyle: true,
		Credentials:                credentials.NewStaticCredentialsProvider("AKID", "SECRET", ""),
		RequestChecksumCalculation: aws.RequestChecksumCalculationWhenRequired})
	d, err := ParseDestination("s3://results/loadtests/")
	if err != nil {
		t.Fatal(err)
	}
	names, err := Upload(context.Background(), client, writeRunDir(t), d, "s1/worker-0")
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != 2 || names[1] != "s3://results/loadtests/s1/worker-0/report.html" {
		t.Errorf("names = %v", names)
	}
	got := string(fake.objects["/results/loadtests/s1/worker-0/journal.jsonl"])
	if got != "{\"ev\":\"session\"}\n" || fake.types["/results/loadtests/s1/worker-0/report.html"] != "text/html; charset=utf-8" {
		t.Errorf("stored %q, types %v", got, fake.types)
	}
}

func TestUploadReportsS3Errors(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprint(w, "<Error><Code>AccessDenied</Code><Message>no</Message></Error>")
	}))
	defer srv.Close()
	client := s3.New(s3.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), UsePathStyle: true,
		Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", ""), RetryMaxAttempts: 1})
	_, err := Upload(context.Background(), client, writeRunDir(t), Destination{Bucket: "b"}, "s1")
	if err == nil || !strings.Contains(err.Error(), "AccessDenied") || !strings.Contains(err.Error(), "s3://b") {
		t.Fatalf("err = %v", err)
	}
}

// writeWorker journals n accepted jobs whose submit calls take lat each.
func writeWorker(t *testing.T, dir, session string, n int, lat time.Duration) {
	t.Helper()
	w, err := journal.Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	must := func(r journal.Record) {
		if err := w.Append(r); err != nil {
			t.Fatal(err)
		}
	}
	must(journal.Record{Ev: journal.EvSession, T: t0, Session: session, Target: "local"})
	for i := range n {
		key, at := fmt.Sprint("0-", i), t0.Add(time.Duration(i)*time.Second)
		must(journal.Record{Ev: journal.EvIntent, T: at, Key: key, Index: int64(i), Sched: at})
		must(journal.Record{Ev: journal.EvResult, T: at.Add(lat), Key: key, Outcome: job.OutcomeAccepted, ID: session + key})
	}
	must(journal.Record{Ev: journal.EvEnd, T: t0.Add(time.Duration(n) * time.Second)})
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestCombineComputesPercentilesOverEveryJob(t *testing.T) {
	t.Parallel()
	run := t.TempDir()
	writeWorker(t, filepath.Join(run, "worker-0"), "s1", 90, 100*time.Millisecond)
	writeWorker(t, filepath.Join(run, "worker-1"), "s1", 10, 5*time.Second)
	parts, err := Read(run)
	if err != nil {
		t.Fatal(err)
	}
	combined, err := Combine(parts)
	if err != nil {
		t.Fatal(err)
	}
	sum := stats.Summarize(combined)
	if sum.Accepted != 100 || len(sum.Workers) != 2 {
		t.Fatalf("accepted %d, workers %v", sum.Accepted, sum.Workers)
	}
	// 90 % of the calls took 100 ms: the merged p50 is 100 ms, where the
	// average of the workers' p50s would be 2.55 s.
	p50 := sum.Latency[stats.LatSubmit].Percentile(50)
	if p50 < 99*time.Millisecond || p50 > 101*time.Millisecond {
		t.Errorf("merged p50 = %v, want 100ms", p50)
	}
	a, b := stats.Summarize(parts[0].Derived.Run), stats.Summarize(parts[1].Derived.Run)
	a.Workers, b.Workers = []int{0}, []int{1}
	merged, err := stats.Merge(a, b)
	if err != nil {
		t.Fatal(err)
	}
	if q := merged.Latency[stats.LatSubmit].Percentile(99); q != sum.Latency[stats.LatSubmit].Percentile(99) {
		t.Errorf("stats.Merge p99 %v != Summarize over all %v", q, sum.Latency[stats.LatSubmit].Percentile(99))
	}
}

func TestCombineRefusesOtherSessions(t *testing.T) {
	t.Parallel()
	run := t.TempDir()
	writeWorker(t, filepath.Join(run, "worker-0"), "s1", 1, time.Millisecond)
	writeWorker(t, filepath.Join(run, "worker-1"), "s2", 1, time.Millisecond)
	parts, err := Read(run)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Combine(parts); !errors.Is(err, stats.ErrMismatch) {
		t.Fatalf("err = %v", err)
	}
	if _, err := Find(t.TempDir()); !errors.Is(err, ErrUsage) {
		t.Fatalf("empty dir: err = %v", err)
	}
}

func TestPacerWorkersTogetherFollowThePlan(t *testing.T) {
	t.Parallel()
	plan := pace.Constant{Per: 10} // 10/s: hit k due at k/10 s
	var due []time.Duration
	for i := range 3 {
		p := Pacer{Plan: plan, Worker: Worker{Index: i, Count: 3}}
		for h := range uint64(4) {
			wait, stop := p.Pace(0, h)
			if stop {
				t.Fatal("stopped")
			}
			due = append(due, wait)
		}
		if r := p.Rate(0); r < 3.33 || r > 3.34 {
			t.Errorf("worker rate %v, want 10/3", r)
		}
	}
	slices.Sort(due)
	for k, d := range due {
		if want := time.Duration(k) * 100 * time.Millisecond; d < want-time.Millisecond || d > want+time.Millisecond {
			t.Fatalf("hit %d due at %v, want %v (all: %v)", k, d, want, due)
		}
	}
}
