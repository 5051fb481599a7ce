package cli

import (
	"encoding/json"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/localemr"
)

// hungEndpoint accepts connections and never answers (an endpoint stopped
// with SIGSTOP looks the same to a client).
func hungEndpoint(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
	})
	return "http://" + ln.Addr().String()
}

// waitOutput waits until the child's output holds substr (a guard, not a timing assert).
func waitOutput(t *testing.T, out interface{ String() string }, substr string) {
	t.Helper()
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if strings.Contains(out.String(), substr) {
			return
		}
	}
	t.Fatalf("child output never showed %q:\n%s", substr, out)
}

// waitExit waits for the child with a generous guard: the old code never exited.
func waitExit(t *testing.T, cmd *exec.Cmd) *os.ProcessState {
	t.Helper()
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	select {
	case <-done:
		return cmd.ProcessState
	case <-time.After(60 * time.Second):
		t.Fatal("child still running 60 s after Ctrl-C")
	}
	return nil
}

// startChildLocked is startChild with output that may be read while the child writes.
func startChildLocked(t *testing.T, args []string) (*exec.Cmd, *syncBuffer) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "TESTCHILD_ARGS="+strings.Join(args, "\n"))
	out := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	return cmd, out
}

func hungRun(t *testing.T, session string) (*exec.Cmd, *syncBuffer, string) {
	runs := t.TempDir()
	dir := filepath.Join(runs, session)
	cmd, out := startChildLocked(t, append(endpointArgs(hungEndpoint(t), runs, session), "--rate", "20/s", "--duration", "1m",
		"--progress-every", "1h"))
	for deadline := time.Now().Add(30 * time.Second); countLines(filepath.Join(dir, "journal.jsonl"), `"ev":"intent"`) < 5; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no intents in the journal:\n%s", out)
		}
	}
	return cmd, out, dir
}

// TestFirstCtrlCOnHungEndpointWritesReportAndExits3: with every call hung,
// the first Ctrl-C says at once what it waits for, and the run writes its
// report (interrupted, calls in flight without a result) and exits 3.
func TestFirstCtrlCOnHungEndpointWritesReportAndExits3(t *testing.T) {
	t.Parallel()
	cmd, out, dir := hungRun(t, "lg-hung-once")
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	st := waitExit(t, cmd)
	if st.ExitCode() != ExitInterrupted {
		t.Errorf("exit code %d, want %d (interrupted)\n%s", st.ExitCode(), ExitInterrupted, out)
	}
	if !strings.Contains(out.String(), "interrupted: scheduling stopped; waiting up to 2s for") {
		t.Errorf("no notice of what the interrupted run waits for:\n%s", out)
	}
	var rep struct {
		Verdict struct{ Interrupted bool } `json:"verdict"`
		Counts  struct{ Jobs int }         `json:"counts"`
	}
	b, err := os.ReadFile(filepath.Join(dir, "report.json"))
	if err == nil {
		err = json.Unmarshal(b, &rep)
	}
	if err != nil || !rep.Verdict.Interrupted || rep.Counts.Jobs < 5 {
		t.Errorf("report.json: %v, interrupted=%v jobs=%d", err, rep.Verdict.Interrupted, rep.Counts.Jobs)
	}
}

// TestSecondCtrlCExitsAtOnceAndReportRebuilds: the second Ctrl-C kills the
// run (by the signal, not after the drain), and `loadgen report` rebuilds
// the report from the journal.
func TestSecondCtrlCExitsAtOnceAndReportRebuilds(t *testing.T) {
	t.Parallel()
	cmd, out, dir := hungRun(t, "lg-hung-twice")
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	waitOutput(t, out, "Ctrl-C again exits at once")
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	st := waitExit(t, cmd)
	if ws, ok := st.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGINT {
		t.Errorf("second Ctrl-C: %v, want the process killed by SIGINT\n%s", st, out)
	}
	rep, _, err := runCLI(t, t.Context(), "report", dir)
	if err != nil || !strings.Contains(rep, "lg-hung-twice") {
		t.Errorf("report after the second Ctrl-C: %v\n%s", err, rep)
	}
	// The rebuilt report knows the run was interrupted (from the journal's
	// interrupt record); it used to read like a run that ended on its own.
	if !strings.Contains(rep, "INTERRUPTED at ") {
		t.Errorf("rebuilt terminal summary does not say the run was interrupted:\n%s", rep)
	}
	var js struct {
		Verdict struct {
			Interrupted   bool   `json:"interrupted"`
			InterruptedAt string `json:"interrupted_at"`
		} `json:"verdict"`
	}
	b, err := os.ReadFile(filepath.Join(dir, "report.json"))
	if err == nil {
		err = json.Unmarshal(b, &js)
	}
	if err != nil || !js.Verdict.Interrupted || js.Verdict.InterruptedAt == "" {
		t.Errorf("rebuilt report.json verdict = %+v (%v), want interrupted with its time", js.Verdict, err)
	}
}

// TestThresholdVerdictsInReports: the verdicts go into report.json and
// report.html, not only to stdout and the exit code.
func TestThresholdVerdictsInReports(t *testing.T) {
	t.Parallel()
	_, url := server(t, localemr.Config{RunTime: dist(t, "100ms-200ms")})
	runs := t.TempDir()
	args := append(endpointArgs(url, runs, "lg-verdicts"), "--rate", "20/s", "--max-jobs", "5", "--duration", "10s",
		"--threshold", "submit_p99<1ns", "--threshold", "dropped_ratio<0.5")
	_, _, err := runCLI(t, t.Context(), args...)
	if !errors.Is(err, ErrBreached) {
		t.Fatalf("err = %v, want a breach", err)
	}
	var rep struct {
		Verdict struct {
			Pass       bool
			Thresholds []struct {
				Rule, Value string
				Breached    bool
			}
		} `json:"verdict"`
	}
	dir := filepath.Join(runs, "lg-verdicts")
	b, err := os.ReadFile(filepath.Join(dir, "report.json"))
	if err == nil {
		err = json.Unmarshal(b, &rep)
	}
	v := rep.Verdict
	if err != nil || v.Pass || len(v.Thresholds) != 2 || !v.Thresholds[0].Breached || v.Thresholds[1].Breached ||
		!strings.HasPrefix(v.Thresholds[0].Rule, "submit_p99<") || v.Thresholds[0].Value == "" {
		t.Errorf("report.json verdict = %+v (%v), want pass false, submit_p99 breached, dropped_ratio ok", v, err)
	}
	html, _ := os.ReadFile(filepath.Join(dir, "report.html"))
	if !strings.Contains(string(html), "BREACHED") || !strings.Contains(string(html), "dropped_ratio") {
		t.Errorf("report.html lacks the threshold verdicts")
	}
}

// TestRunEndingWithLiveJobsPrintsStopCommand: jobs still live when tracking
// ends get the `loadgen stop` command that cancels them.
func TestRunEndingWithLiveJobsPrintsStopCommand(t *testing.T) {
	t.Parallel()
	_, url := server(t, localemr.Config{RunTime: dist(t, "1h-1h")})
	runs := t.TempDir()
	_, errOut, err := runCLI(t, t.Context(), append(endpointArgs(url, runs, "lg-live-left"), "--rate", "20/s", "--max-jobs", "3", "--duration", "10s")...)
	if err != nil {
		t.Fatal(err)
	}
	want := "loadgen stop --session lg-live-left --runs-dir " + runs + " --endpoint " + url + " --region us-east-1"
	if !strings.Contains(errOut, "3 job run(s) still live") || !strings.Contains(errOut, want) {
		t.Errorf("stderr lacks the stop command %q:\n%s", want, errOut)
	}
}
