package cli

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/journal"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/localemr"
)

// startChild re-execs this test binary as `loadgen run` (see TestMain).
func startChild(t *testing.T, args []string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "TESTCHILD_ARGS="+strings.Join(args, "\n"))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	return cmd, &out
}

// waitResults waits until the journal holds n result records.
func waitResults(t *testing.T, dir string, n int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if countLines(filepath.Join(dir, journal.FileName), `"ev":"result"`) >= n {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("journal in %s never reached %d results", dir, n)
}

func countLines(path, substr string) int {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	n := 0
	for sc := bufio.NewScanner(f); sc.Scan(); {
		if strings.Contains(sc.Text(), substr) {
			n++
		}
	}
	return n
}

func TestKilledRunLeavesUsableJournal(t *testing.T) {
	t.Parallel()
	srv, url := server(t, localemr.Config{RunTime: dist(t, "1h-1h")})
	runs := t.TempDir()
	dir := filepath.Join(runs, "lg-killed")
	cmd, out := startChild(t, append(endpointArgs(url, runs, "lg-killed"), "--rate", "40/s", "--duration", "1m"))
	waitResults(t, dir, 20)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	rep, errOut, err := runCLI(t, t.Context(), "report", dir)
	if err != nil || !strings.Contains(rep, "lg-killed") || !strings.Contains(errOut, "did not end cleanly") {
		t.Fatalf("report after SIGKILL: %v\n%s\n%s\nchild:\n%s", err, rep, errOut, out)
	}
	stopOut, _, err := runCLI(t, t.Context(), "stop", "--session", "lg-killed", "--endpoint", url, "--runs-dir", runs, "--wait", "30s")
	if err != nil {
		t.Fatalf("stop after SIGKILL: %v\n%s", err, stopOut)
	}
	truth := srv.Truth()
	for _, j := range truth {
		if j.State != "CANCELLED" {
			t.Errorf("job %s (%s) is %s after stop", j.ID, j.Name, j.State)
		}
	}
	if strings.Count(stopOut, "cancel job run") != len(truth) || len(truth) < 20 {
		t.Errorf("stop cancelled %d of %d accepted jobs:\n%s", strings.Count(stopOut, "cancel job run"), len(truth), stopOut)
	}
}

func TestInterruptDrainsAndWritesReport(t *testing.T) {
	t.Parallel()
	_, url := server(t, localemr.Config{RunTime: dist(t, "1h-1h")})
	runs := t.TempDir()
	dir := filepath.Join(runs, "lg-interrupted")
	cmd, out := startChild(t, append(endpointArgs(url, runs, "lg-interrupted"), "--rate", "40/s", "--duration", "1m"))
	waitResults(t, dir, 20)
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); cmd.ProcessState.ExitCode() != ExitInterrupted {
		t.Fatalf("child after Ctrl-C: %v, want exit %d (interrupted)\n%s", err, ExitInterrupted, out)
	}
	if !strings.Contains(out.String(), "interrupted: scheduling stopped") {
		t.Errorf("child output lacks the interrupt notice:\n%s", out)
	}
	d, err := journal.ReadDir(dir)
	if err != nil || !d.Clean {
		t.Fatalf("journal after Ctrl-C: clean=%v err=%v", d != nil && d.Clean, err)
	}
	for _, j := range d.Run.Jobs {
		if j.Error == journal.ErrNoResult {
			t.Errorf("job %s has no result: in-flight call not drained", j.Key)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "report.html")); err != nil {
		t.Fatal(err)
	}
}
