package compare

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/localemr"
)

// localCluster is the EKS cluster id `loadgen serve-local` gives its pre-created virtual clusters.
const localCluster = "local"

var (
	endpointRe = regexp.MustCompile(`^local EMR on EKS endpoint: (http://\S+)`)
	vcRe       = regexp.MustCompile(`^virtual cluster (\S+)\s+namespace (\S+)`)
)

// server is one `loadgen serve-local` process.
type server struct {
	cmd    *exec.Cmd
	URL    string
	VCs    []string // namespace=id, in order
	stderr *tailBuffer
	done   chan error
}

// startServer runs `loadgen serve-local` with args on a free loopback port and waits for its
// banner (endpoint and virtual clusters).
func startServer(ctx context.Context, loadgen string, args ...string) (*server, error) {
	cmd := exec.Command(loadgen, append([]string{"serve-local", "--addr", "127.0.0.1:0"}, args...)...)
	s := &server{cmd: cmd, stderr: &tailBuffer{}, done: make(chan error, 1)}
	cmd.Stderr = s.stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting loadgen serve-local: %w", err)
	}
	banner := make(chan error, 1)
	go func() { banner <- s.readBanner(out) }()
	select {
	case err = <-banner:
	case <-time.After(30 * time.Second):
		err = fmt.Errorf("no banner within 30s")
	case <-ctx.Done():
		err = ctx.Err()
	}
	if err != nil {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return nil, fmt.Errorf("loadgen serve-local: %w; stderr: %s", err, s.stderr)
	}
	go func() { _, _ = io.Copy(io.Discard, out); s.done <- cmd.Wait() }()
	return s, nil
}

// readBanner parses the endpoint and virtual clusters; it returns at the "Try it" line.
func (s *server) readBanner(r io.Reader) error {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		if m := endpointRe.FindStringSubmatch(line); m != nil {
			s.URL = m[1]
		} else if m := vcRe.FindStringSubmatch(line); m != nil {
			s.VCs = append(s.VCs, m[2]+"="+m[1])
		} else if strings.HasPrefix(line, "Try it") {
			if s.URL == "" {
				return fmt.Errorf("banner without an endpoint line")
			}
			return nil
		}
	}
	return fmt.Errorf("banner ended early: %v", sc.Err())
}

// stats reads GET /_local/stats.
func (s *server) stats(ctx context.Context) (localemr.Stats, error) {
	var st localemr.Stats
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+localemr.StatsPath, nil)
	if err != nil {
		return st, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return st, fmt.Errorf("reading server stats: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return st, fmt.Errorf("reading server stats: %s (is the loadgen binary older than %s?)", resp.Status, localemr.StatsPath)
	}
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		return st, fmt.Errorf("decoding server stats: %w", err)
	}
	return st, nil
}

// waitAccepted polls stats until the server has accepted n jobs.
func (s *server) waitAccepted(ctx context.Context, n int64, timeout time.Duration) (localemr.Stats, error) {
	deadline := time.Now().Add(timeout)
	for {
		st, err := s.stats(ctx)
		if err != nil || st.Accepted >= n {
			return st, err
		}
		if time.Now().After(deadline) {
			return st, fmt.Errorf("server accepted %d of %d jobs within %s", st.Accepted, n, timeout)
		}
		select {
		case <-ctx.Done():
			return st, ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// stop interrupts the server and waits for it.
func (s *server) stop() {
	_ = s.cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-s.done:
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
	}
}
