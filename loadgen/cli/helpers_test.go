package cli

import (
	"bytes"
	"context"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/localemr"
)

// TestMain lets a test re-exec this binary as a loadgen child process
// (TESTCHILD_ARGS holds its arguments, separated by newlines).
func TestMain(m *testing.M) {
	if args, ok := os.LookupEnv("TESTCHILD_ARGS"); ok {
		err := Main(SignalContext(), strings.Split(args, "\n"), Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr})
		os.Exit(ExitCode(err, os.Stderr))
	}
	os.Exit(m.Run())
}

// syncBuffer is a goroutine-safe output sink.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// runCLI runs loadgen in-process with no environment variables set.
func runCLI(t *testing.T, ctx context.Context, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut syncBuffer
	err := Main(ctx, args, Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut,
		Getenv: func(string) string { return "" }})
	return out.String(), errOut.String(), err
}

func dist(t *testing.T, s string) localemr.Dist {
	t.Helper()
	d, err := localemr.ParseDist(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// server starts a test-owned local target with two virtual clusters.
func server(t *testing.T, cfg localemr.Config) (*localemr.Server, string) {
	t.Helper()
	cfg.VirtualClusters = []localemr.VirtualCluster{
		{ID: "vc0000000000000000000001", Name: "vc1", Namespace: "emr-jobs-1"},
		{ID: "vc0000000000000000000002", Name: "vc2", Namespace: "emr-jobs-2"}}
	srv, err := localemr.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	url, err := srv.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv, url
}

// endpointArgs point a run at a test-owned server.
func endpointArgs(url, runs, session string) []string {
	return []string{"--endpoint", url, "--region", "us-east-1", "--virtual-clusters",
		"emr-jobs-1=vc0000000000000000000001,emr-jobs-2=vc0000000000000000000002",
		"--execution-role-arn", "arn:aws:iam::123456789012:role/r", "--bucket", "b",
		"--runs-dir", runs, "--session", session, "--retry-mode", "standard", "--progress-every", "1s"}
}
