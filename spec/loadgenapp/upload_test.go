package loadgenapp

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// The results sidecar's last upload runs when Kubernetes sends it SIGTERM
// after the worker exits. Its exit status must be the upload's: `exit 0`
// hid a failed last upload (results silently lost). The real script runs
// under /bin/sh against a fake `aws` on PATH.
func TestUploaderExitsWithTheLastUploadsStatus(t *testing.T) {
	for _, tc := range []struct {
		name     string
		awsExit  int
		wantExit int
	}{
		{"upload fails", 3, 3},
		{"upload succeeds", 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			calls := filepath.Join(dir, "calls")
			fake := "#!/bin/sh\necho \"$@\" >> " + calls + "\nexit " + itoa(tc.awsExit) + "\n"
			if err := os.WriteFile(filepath.Join(dir, "aws"), []byte(fake), 0o755); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command("/bin/sh", "-c", UploadScript)
			cmd.Env = []string{"PATH=" + dir + ":/usr/bin:/bin", "BUCKET=b", "PREFIX=p/", "JOB_COMPLETION_INDEX=0"}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(2 * time.Second) // the trap is set before the first sleep
			if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			err := cmd.Wait()
			got := 0
			var exit *exec.ExitError
			if errors.As(err, &exit) {
				got = exit.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if got != tc.wantExit {
				t.Errorf("sidecar exit = %d, want %d (the upload's status)", got, tc.wantExit)
			}
			if b, _ := os.ReadFile(calls); len(b) == 0 {
				t.Error("no upload on SIGTERM")
			}
		})
	}
}

func itoa(n int) string { return string(rune('0' + n)) }
