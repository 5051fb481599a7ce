package operator_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/util/wait"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/testenv"
)

// restartAPIServer stops the control plane's kube-apiserver (SIGTERM, as
// a rolling restart would) and starts it again with the same command line,
// recording the new pid where testbin.sh down finds it. etcd keeps the
// data; clients see their watches break and must re-establish them.
func restartAPIServer(t *testing.T, cp *testenv.ControlPlane) {
	t.Helper()
	if cp.Dir == "" {
		t.Skip("attached to a control plane this test did not start: cannot restart its API server")
	}
	pidFile := filepath.Join(cp.Dir, "pids", testenv.KubeAPIServer)
	pid := readPid(t, pidFile)
	raw, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "cmdline"))
	if err != nil {
		t.Fatal(err)
	}
	args := strings.Split(strings.TrimRight(string(raw), "\x00"), "\x00")
	if !strings.HasSuffix(args[0], testenv.KubeAPIServer) {
		t.Fatalf("pid %d is %q, not kube-apiserver", pid, args[0])
	}
	if err := syscall.Kill(pid, syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if !waitGone(pid, 15*time.Second) { // graceful shutdown drains watches; then it is a crash
		_ = syscall.Kill(pid, syscall.SIGKILL)
		if !waitGone(pid, 15*time.Second) {
			t.Fatalf("kube-apiserver %d did not exit", pid)
		}
	}
	logf, err := os.OpenFile(filepath.Join(cp.Dir, "logs", "kube-apiserver-restarted.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer logf.Close()
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(pidFile, []byte(strconv.Itoa(cmd.Process.Pid)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	go func() { _ = cmd.Wait() }() // reap it when testbin.sh down stops it
	waitReady(t, cp)
	t.Logf("kube-apiserver restarted: pid %d -> %d", pid, cmd.Process.Pid)
}

func readPid(t *testing.T, file string) int {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(string(bytes.TrimSpace(b)))
	if err != nil {
		t.Fatal(err)
	}
	return pid
}

func waitGone(pid int, within time.Duration) bool {
	err := wait.PollUntilContextTimeout(context.Background(), 100*time.Millisecond, within, true,
		func(context.Context) (bool, error) { return syscall.Kill(pid, 0) != nil || zombie(pid), nil })
	return err == nil
}

// zombie reports an exited process nobody reaped (its parent, the script
// that started it, is gone).
func zombie(pid int) bool {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return true
	}
	_, rest, _ := strings.Cut(string(b), ") ")
	return strings.HasPrefix(rest, "Z")
}

func waitReady(t *testing.T, cp *testenv.ControlPlane) {
	t.Helper()
	err := wait.PollUntilContextTimeout(context.Background(), 200*time.Millisecond, time.Minute, true,
		func(ctx context.Context) (bool, error) {
			_, err := cp.Client().Discovery().RESTClient().Get().AbsPath("/readyz").DoRaw(ctx)
			return err == nil, nil
		})
	if err != nil {
		t.Fatal("kube-apiserver not ready after restart")
	}
}
