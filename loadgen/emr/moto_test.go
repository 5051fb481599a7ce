package emr

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers/types"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/journal"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stop"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/template"
)

// requireIntegration mirrors internal/testenv.Required: CI or REQUIRE_INTEGRATION=1.
func requireIntegration() bool {
	ci := os.Getenv("CI")
	return os.Getenv("REQUIRE_INTEGRATION") == "1" || (ci != "" && ci != "false" && ci != "0")
}

// startMoto runs moto's server (an independent emr-containers implementation)
// on a free loopback port. Absent: skip. Present but broken: skip, or fail
// when integration tests are required.
func startMoto(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("moto_server")
	if err != nil {
		t.Skip("moto_server not on PATH: the moto conformance test needs moto[server] (5.2.1 tested)")
	}
	broken := func(format string, args ...any) {
		t.Helper()
		if requireIntegration() {
			t.Fatalf("moto_server is installed but "+format, args...)
		}
		t.Skipf("moto_server is installed but "+format, args...)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	_ = l.Close()
	var logs bytes.Buffer
	cmd := exec.Command(bin, "-H", "127.0.0.1", "-p", fmt.Sprint(port))
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		broken("does not start: %v", err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if c, err := net.Dial("tcp", addr); err == nil {
			_ = c.Close()
			return "http://" + addr
		}
		if time.Now().After(deadline) {
			broken("did not listen on %s within 30 s: %s", addr, logs.String())
		}
	}
}

// Against moto (createdAt truncated to midnight, job runs RUNNING at once)
// tracking must see every accepted job RUNNING, and stop must cancel them
// (issue 13, item 5: all 20 stayed "UNFINISHED" and stop found nothing).
func TestMotoConformance(t *testing.T) {
	t.Parallel()
	url := startMoto(t)
	c, err := NewClient(t.Context(), ClientConfig{Region: "us-east-1", Endpoint: url, RetryMode: RetryStandard})
	if err != nil {
		t.Fatal(err)
	}
	const session, n = "lg-test", 20
	vc, err := c.CreateVirtualCluster(t.Context(), &emrcontainers.CreateVirtualClusterInput{Name: aws.String("lg-test-ns"),
		ContainerProvider: &types.ContainerProvider{Type: types.ContainerProviderTypeEks, Id: aws.String("eks"),
			Info: &types.ContainerInfoMemberEksInfo{Value: types.EksInfo{Namespace: aws.String("ns")}}}})
	if err != nil {
		t.Fatalf("moto CreateVirtualCluster: %v", err)
	}
	vcID := aws.ToString(vc.Id)
	tr := NewTracker(c, TrackerConfig{Start: time.Now(), Interval: 100 * time.Millisecond, StragglerAfter: 300 * time.Millisecond}, nil)
	var jobs []stats.Job
	for i := range n {
		in := jobInput(vcID, i)
		in.Tags = map[string]string{template.SessionTag: session}
		r := Submit(t.Context(), c, in)
		if r.ID == "" {
			t.Fatalf("moto StartJobRun %d: %v", i, r.Err)
		}
		tr.Add(r.ID, vcID, time.Now())
		jobs = append(jobs, stats.Job{Key: fmt.Sprint(i), ID: r.ID, VirtualClusterID: vcID, Outcome: job.OutcomeAccepted})
	}
	stopTracker := runTracker(tr)
	deadline := time.Now().Add(20 * time.Second)
	for tr.Counts()[string(types.JobRunStateRunning)] < n && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	stopTracker()
	if got := tr.Counts(); got[string(types.JobRunStateRunning)] != n {
		t.Errorf("tracking against moto: live jobs by state %v after 20 s, want all %d RUNNING", got, n)
	}

	d := &journal.Derived{Run: stats.Run{Session: session, Start: time.Now(), Jobs: jobs}}
	var out bytes.Buffer
	res, err := stop.Run(t.Context(), c, stop.Options{Session: session, Journal: d, Out: &out, Wait: 10 * time.Second, Poll: 200 * time.Millisecond})
	if err != nil || len(res.Cancelled) != n {
		t.Errorf("stop against moto: cancelled %d of %d, err %v\n%s", len(res.Cancelled), n, err, out.String())
	}
}
