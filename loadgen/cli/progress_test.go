package cli

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/web"
)

// The progress line and the live page's /api/state present one live state:
// on the same run, once every call has its answer, the line's planned and
// per-outcome counts are the page's (planned, accepted, failed by class,
// skipped), and no call is in flight on either.
func TestProgressLineAgreesWithAPIState(t *testing.T) {
	t.Parallel()
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(t.Context())
	errOut := &syncBuffer{}
	done := make(chan error, 1)
	args := []string{"--rate", "40/s", "--max-jobs", "30", "--duration", "1m", "--runs-dir", t.TempDir(),
		"--session", "lg-agree", "--web-addr", addr, "--progress-every", "50ms", "--retry-mode", "standard",
		"--max-attempts", "1", "--local-throttle-ratio", "0.3", "--local-run-time", "1h-1h", "--track-after", "1h"}
	go func() {
		done <- Main(ctx, args, Env{Stdout: &syncBuffer{}, Stderr: errOut, Getenv: func(string) string { return "" }})
	}()
	// Scheduling has ended and every call was answered (no lookups: nothing
	// was cut): the counts no longer change while tracking goes on.
	waitOutput(t, errOut, "draining / tracking")
	state := apiState(t, "http://"+addr+"/api/state")
	from := len(errOut.String())
	line := nextLine(t, errOut, from, "draining / tracking")
	cancel()
	if err := <-done; !errors.Is(err, ErrInterrupted) {
		t.Errorf("run: %v, want interrupted (canceled while tracking)", err)
	}
	planned, inFlight, outcomes := parseProgress(t, line)
	if state.Counts.Planned != 30 || planned != state.Counts.Planned {
		t.Errorf("planned: line %d, /api/state %d; want both 30\nline: %s", planned, state.Counts.Planned, line)
	}
	if inFlight != 0 || state.InFlight["calling"] != 0 {
		t.Errorf("calls in flight: line %d, /api/state %d; want 0", inFlight, state.InFlight["calling"])
	}
	if outcomes[job.OutcomeAccepted] != state.Counts.Accepted || outcomes[job.OutcomeThrottled] == 0 {
		t.Errorf("line %v, /api/state accepted %d; want equal, and some throttled", outcomes, state.Counts.Accepted)
	}
	failed, skipped := 0, 0
	for o, n := range outcomes {
		switch {
		case o == job.OutcomeAccepted:
		case o == job.OutcomeDropped || o == job.OutcomeLate || o == job.OutcomeCanceled:
			skipped += n
		default:
			failed += n
			if state.Errors[o] != n {
				t.Errorf("%s: line %d, /api/state %d", o, n, state.Errors[o])
			}
		}
	}
	if failed != state.Counts.Failed || skipped != state.Counts.Skipped {
		t.Errorf("failed %d skipped %d on the line, %+v on /api/state", failed, skipped, state.Counts)
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func apiState(t *testing.T, url string) web.Snapshot {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var s web.Snapshot
	if err := json.NewDecoder(res.Body).Decode(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

// nextLine waits for a whole output line holding substr after byte from.
func nextLine(t *testing.T, out *syncBuffer, from int, substr string) string {
	t.Helper()
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		for _, l := range strings.SplitAfter(out.String()[from:], "\n") {
			if strings.HasSuffix(l, "\n") && strings.Contains(l, substr) {
				return strings.TrimSuffix(l, "\n")
			}
		}
	}
	t.Fatalf("no line with %q after byte %d:\n%s", substr, from, out)
	return ""
}

var progressRe = regexp.MustCompile(`planned (\d+): (.*?)  calls in flight (\d+)`)

// parseProgress reads the planned, in-flight and per-outcome counts of a progress log line.
func parseProgress(t *testing.T, line string) (planned, inFlight int, outcomes map[string]int) {
	t.Helper()
	m := progressRe.FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("not a progress line: %q", line)
	}
	planned, _ = strconv.Atoi(m[1])
	inFlight, _ = strconv.Atoi(m[3])
	outcomes = map[string]int{}
	for _, kv := range strings.Split(m[2], ", ") {
		name, n, _ := strings.Cut(kv, " ")
		outcomes[name], _ = strconv.Atoi(n)
	}
	return planned, inFlight, outcomes
}
