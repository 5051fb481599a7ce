package localemr

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/emrcontainers"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/template"
)

// syncBuffer is a bytes.Buffer safe for a writer goroutine and a reader.
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

func TestServeLocalBadFlags(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"unknown flag", []string{"--nope"}, nil, "flag provided but not defined"},
		{"bad distribution", []string{"--run-time", "fast"}, nil, `invalid duration distribution "fast"`},
		{"bad ratio", []string{"--throttle-ratio", "2"}, nil, "Faults.ThrottleRatio"},
		{"bad env", nil, map[string]string{"LOADGEN_LOCAL_CAPACITY": "many"}, "LOADGEN_LOCAL_CAPACITY"},
		{"positional", []string{"extra"}, nil, "unexpected argument"},
		{"context without kubeconfig", []string{"--kube-context", "kind"}, nil, "--kube-context \"kind\" needs --kubeconfig"},
		{"missing kubeconfig", []string{"--kubeconfig", "/nonexistent/kubeconfig"}, nil, `--kubeconfig "/nonexistent/kubeconfig"`},
		{"kubeconfig from env", nil, map[string]string{"LOADGEN_LOCAL_KUBECONFIG": "/nonexistent/kc"}, `--kubeconfig "/nonexistent/kc"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			var out, errOut bytes.Buffer
			err := RunServeLocal(context.Background(), append(tc.args, "--addr", "127.0.0.1:0"), &out, &errOut)
			if !errors.Is(err, ErrUsage) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want ErrUsage containing %q", err, tc.want)
			}
		})
	}
}

func TestServeLocalHelpDocumentsUnitsAndEnv(t *testing.T) {
	t.Parallel()
	var out, errOut bytes.Buffer
	if err := RunServeLocal(context.Background(), []string{"--help"}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"LOADGEN_LOCAL_QUEUE_DELAY", "-run-time", "500s-800s", "0..1", "-virtual-clusters", "-kubeconfig", "-kube-context"} {
		if !strings.Contains(errOut.String(), w) {
			t.Errorf("--help lacks %q", w)
		}
	}
}

// serveLocal runs `serve-local` in the background and returns its endpoint and first
// virtual cluster id, parsed from the banner.
func serveLocal(t *testing.T, args ...string) (url, vcID string) {
	t.Helper()
	url, vcID, _ = serveLocalOut(t, args...)
	return url, vcID
}

// serveLocalOut is serveLocal that also returns the command's output so far.
func serveLocalOut(t *testing.T, args ...string) (url, vcID string, out *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out = &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- RunServeLocal(ctx, append([]string{"--addr", "127.0.0.1:0"}, args...), out, out) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve-local: %v", err)
		}
	})
	re := regexp.MustCompile(`endpoint: (http://\S+)[\s\S]*?virtual cluster (\w+)`)
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if m := re.FindStringSubmatch(out.String()); m != nil {
			return m[1], m[2], out
		}
	}
	t.Fatalf("no banner from serve-local:\n%s", out.String())
	return "", "", out
}

func TestServeLocalServesTheSDK(t *testing.T) {
	t.Parallel()
	url, vcID := serveLocal(t, "--virtual-clusters", "3")
	c := newClient(url, 3)
	list, err := c.ListVirtualClusters(context.Background(), &emrcontainers.ListVirtualClustersInput{})
	if err != nil || len(list.VirtualClusters) != 3 || *list.VirtualClusters[0].Id != vcID {
		t.Fatalf("%v: got %d clusters, first %s, want %s first", err, len(list.VirtualClusters), *list.VirtualClusters[0].Id, vcID)
	}
}

// TestAWSCLISubmitsToServeLocal proves the protocol is the real one: the AWS CLI submits the
// rendered spark-pi template and lists it back.
func TestAWSCLISubmitsToServeLocal(t *testing.T) {
	aws, err := exec.LookPath("aws")
	if err != nil {
		if os.Getenv("CI") != "" || os.Getenv("REQUIRE_INTEGRATION") == "1" {
			t.Fatal("aws CLI not found (apt-get install -y awscli)")
		}
		t.Skip("aws CLI not found; apt-get install -y awscli (required when CI or REQUIRE_INTEGRATION=1)")
	}
	url, vcID := serveLocal(t, "--queue-delay", "1h") // stays PENDING however slow the CLI is
	tpl, err := template.Load("../templates/spark-pi.json")
	if err != nil {
		t.Fatal(err)
	}
	in, err := tpl.Render(template.Vars{SessionID: "cli1", JobName: "cli1-000001", VirtualClusterID: vcID,
		ExecutionRoleARN: "arn:aws:iam::123456789012:role/emr-job-role", Bucket: "b", ReleaseLabel: "emr-7.9.0-latest"},
		template.Placement{AZ: "us-west-2a"})
	if err != nil {
		t.Fatal(err)
	}
	data, err := template.MarshalCLIInput(in)
	if err != nil {
		t.Fatal(err)
	}
	input := filepath.Join(t.TempDir(), "job.json")
	if err := os.WriteFile(input, data, 0o600); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) string {
		cmd := exec.Command(aws, append(args, "--endpoint-url", url, "--region", "us-east-1", "--output", "json")...)
		cmd.Env = append(os.Environ(), "AWS_ACCESS_KEY_ID=local", "AWS_SECRET_ACCESS_KEY=local", "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("aws %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	started := run("emr-containers", "start-job-run", "--cli-input-json", "file://"+input)
	if !strings.Contains(started, `"name": "cli1-000001"`) {
		t.Fatalf("start-job-run output: %s", started)
	}
	listed := run("emr-containers", "list-job-runs", "--virtual-cluster-id", vcID)
	for _, w := range []string{`"cli1-000001"`, `"PENDING"`, "us-west-2a", `"emr-eks-loadtest/session": "cli1"`} {
		if !strings.Contains(listed, w) {
			t.Errorf("list-job-runs lacks %s:\n%s", w, listed)
		}
	}
}

// A listen address that is not host:port was a runtime error (exit 1) from
// the listener; it is bad input naming --addr (exit 2), found before any
// listening.
func TestServeLocalBadAddr(t *testing.T) {
	t.Parallel()
	for _, addr := range []string{"garbage", "127.0.0.1:http-ish", "127.0.0.1:70000"} {
		_, err := parseServeFlags([]string{"--addr", addr}, io.Discard)
		if !errors.Is(err, ErrUsage) || !strings.Contains(err.Error(), "--addr") {
			t.Errorf("--addr %q: err = %v, want ErrUsage naming --addr", addr, err)
		}
	}
	if _, err := parseServeFlags([]string{"--addr", "127.0.0.1:0"}, io.Discard); err != nil {
		t.Errorf("--addr 127.0.0.1:0: %v", err)
	}
}
