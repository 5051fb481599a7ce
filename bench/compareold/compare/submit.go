package compare

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/localemr"
)

// Tool names as the results show them.
const (
	ToolOld          = "old: Locust + aws CLI"
	ToolLoadgenOpen  = "loadgen open model"
	ToolLoadgenClose = "loadgen closed model"
)

// serverArgs model a cluster that never finishes or queues a job during the run.
var serverArgs = []string{"--capacity", "0", "--run-time", "2h"}

// Submission is one tool's run of Jobs submissions at the target rate.
type Submission struct {
	Tool       string
	Floor      bool   // a floor row (ToolFloorHTTP, ToolFloorSDK): not a tool, what one request per job costs
	Model      string // load model and its parameters
	Jobs       int    // submissions asked for
	TargetRate float64
	// Accepted and AchievedRate are counted by the server: distinct jobs accepted, and
	// (Accepted-1) / (last acceptance - first acceptance) per second.
	Accepted     int64
	AchievedRate float64
	Usage        Usage
	// Client* are the submit latencies the tool itself reports; Server* the time the server
	// spent in StartJobRun (GET /_local/stats).
	ClientP50, ClientP99, ServerP50, ServerP99 time.Duration
}

// CPUPer1000 is CPU seconds per 1,000 accepted jobs.
func (s Submission) CPUPer1000() float64 {
	if s.Accepted == 0 {
		return 0
	}
	return s.Usage.CPU.Seconds() / float64(s.Accepted) * 1000
}

func (s *Submission) fromServer(st localemr.Stats) {
	s.Accepted = st.Accepted
	if st.FirstAcceptedAt != nil && st.Accepted > 1 {
		if span := st.LastAcceptedAt.Sub(*st.FirstAcceptedAt); span > 0 {
			s.AchievedRate = float64(st.Accepted-1) / span.Seconds()
		}
	}
	l := st.LatencyMs["StartJobRun"]
	s.ServerP50, s.ServerP99 = ms(l.P50), ms(l.P99)
}

func ms(v float64) time.Duration { return time.Duration(v * float64(time.Millisecond)) }

// runOld drives the old path: Locust with the reconstructed locustfile.
func runOld(ctx context.Context, c Config, loadgen string) (Submission, error) {
	lo, hi := c.Think()
	sub := Submission{Tool: ToolOld, Jobs: c.Jobs, TargetRate: c.Rate,
		Model: fmt.Sprintf("closed: %d users, think %s-%s", c.Users, lo, hi)}
	srv, err := startServer(ctx, loadgen, append(serverArgs, "--virtual-clusters", "0")...)
	if err != nil {
		return sub, err
	}
	defer srv.stop()
	dir := filepath.Join(c.WorkDir, "old")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return sub, err
	}
	log, err := os.Create(filepath.Join(dir, "locust.log"))
	if err != nil {
		return sub, err
	}
	defer log.Close()
	cmd := exec.CommandContext(ctx, c.Locust, "-f", "locustfile.py", "--headless",
		"--users", strconv.Itoa(c.Users), "--spawn-rate", strconv.Itoa(c.Users), "--run-time", "3h",
		"--only-summary",
		"--job-ns-count", strconv.Itoa(c.Namespaces), "--job-azs", `["us-west-2a", "us-west-2b"]`)
	cmd.Dir = filepath.Join(c.Repo, "bench", "oldtoolkit")
	cmd.Env = append(awsEnv(), "CLUSTER_NAME="+localCluster, "EMR_ENDPOINT_URL="+srv.URL, "AWS_CLI="+c.AWS,
		"JOB_SCRIPT_NAME=emr-job-run.sh", "BENCH_MAX_JOBS="+strconv.Itoa(c.Jobs), "BENCH_STATS_JSON="+filepath.Join(dir, "locust-stats.json"),
		"BENCH_THINK_MIN="+secs(lo), "BENCH_THINK_MAX="+secs(hi))
	cmd.Stdout, cmd.Stderr = log, log
	if sub.Usage, err = measure(ctx, cmd); err != nil {
		return sub, fmt.Errorf("old path (log %s): %w", log.Name(), err)
	}
	if sub.ClientP50, sub.ClientP99, err = locustLatency(filepath.Join(dir, "locust-stats.json"), c.Jobs); err != nil {
		return sub, err
	}
	st, err := srv.stats(ctx)
	sub.fromServer(st)
	return sub, err
}

// runLoadgen drives loadgen's EMR target in the open model (closed false) or in the closed
// model with the old path's users and think time.
func runLoadgen(ctx context.Context, c Config, loadgen string, closed bool) (Submission, error) {
	sub := Submission{Tool: ToolLoadgenOpen, Jobs: c.Jobs, TargetRate: c.Rate,
		Model: "open: " + rateFlag(c.Rate)}
	model := []string{"--rate", rateFlag(c.Rate)}
	if closed {
		lo, hi := c.Think()
		sub.Tool, sub.Model = ToolLoadgenClose, fmt.Sprintf("closed: %d users, think %s-%s", c.Users, lo, hi)
		model = []string{"--users", strconv.Itoa(c.Users), "--spawn-rate", strconv.Itoa(c.Users),
			"--think-time", lo.String() + "-" + hi.String()}
	}
	srv, err := startServer(ctx, loadgen, append(serverArgs, "--virtual-clusters", strconv.Itoa(c.Namespaces))...)
	if err != nil {
		return sub, err
	}
	defer srv.stop()
	session := "bench-open"
	if closed {
		session = "bench-closed"
	}
	args := append(loadgenArgs(c, srv, session, c.Jobs), model...)
	cmd := exec.CommandContext(ctx, loadgen, args...)
	cmd.Env, cmd.Stdout, cmd.Stderr = awsEnv(), &tailBuffer{}, &tailBuffer{}
	if sub.Usage, err = measure(ctx, cmd); err != nil {
		return sub, err
	}
	if sub.ClientP50, sub.ClientP99, err = loadgenLatency(filepath.Join(c.WorkDir, "runs", session, "report.json")); err != nil {
		return sub, err
	}
	st, err := srv.stats(ctx)
	sub.fromServer(st)
	return sub, err
}

// loadgenArgs are the flags every loadgen run here shares: the TPC-DS job (the old script's
// job), the old path's random namespace and AZ choice, jobs submissions, no tracking after.
func loadgenArgs(c Config, srv *server, session string, jobs int) []string {
	return []string{"run", "--region", "us-east-1", "--endpoint", srv.URL,
		"--virtual-clusters", strings.Join(srv.VCs, ","), "--template", "tpcds",
		"--execution-role-arn", "arn:aws:iam::123456789012:role/emr-on-local-execution-role",
		"--bucket", "emr-on-local-123456789012-us-east-1", "--release-label", "emr-7.9.0-latest",
		"--azs", "us-west-2a,us-west-2b", "--az-policy", "random", "--vc-policy", "random",
		"--max-jobs", strconv.Itoa(jobs), "--duration", "0", "--session", session,
		"--runs-dir", filepath.Join(c.WorkDir, "runs"), "--progress-every", "1m"}
}

// awsEnv is the process environment plus credentials the local endpoint accepts.
func awsEnv() []string {
	return append(os.Environ(), "AWS_ACCESS_KEY_ID=local", "AWS_SECRET_ACCESS_KEY=local",
		"AWS_REGION=us-east-1", "AWS_DEFAULT_REGION=us-east-1", "AWS_PAGER=", "AWS_EC2_METADATA_DISABLED=true")
}

func rateFlag(perSec float64) string { return strconv.FormatFloat(perSec, 'f', -1, 64) + "/s" }

func secs(d time.Duration) string { return strconv.FormatFloat(d.Seconds(), 'f', 3, 64) }
