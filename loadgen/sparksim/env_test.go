package sparksim_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers/types"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/testenv"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/localemr"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/sparksim"
)

// The tier-2 tests run a real kube-apiserver, kube-scheduler,
// kube-controller-manager and kwok with the project's stages: pods are
// placed by the real scheduler on kwok nodes and run and end by kwok.
func TestMain(m *testing.M) {
	os.Exit(testenv.Main(m, testenv.Options{Kwok: true}))
}

// Nodes of the tests: two m5.xlarge (4 vCPU, 16 GiB) in zone-a of NodePool "spark".
const (
	nodeZone     = "zone-a"
	nodePool     = "spark"
	nodePoolKey  = "karpenter.sh/nodepool"
	zoneKey      = "topology.kubernetes.io/zone"
	defaultSched = "default-scheduler"
)

var setupNodes = sync.OnceValues(func() (bool, error) {
	cp := shared
	var shapes []testenv.NodeShape
	for i := range 2 {
		s := testenv.M5XLarge(fmt.Sprintf("sim-node-%d", i), nodeZone)
		s.Labels = map[string]string{nodePoolKey: nodePool}
		shapes = append(shapes, s)
	}
	_, err := cp.CreateNodes(context.Background(), shapes...)
	return true, err
})

var shared *testenv.ControlPlane

// cluster returns the control plane with the test nodes.
func cluster(t *testing.T) *testenv.ControlPlane {
	t.Helper()
	shared = testenv.Get(t)
	if _, err := setupNodes(); err != nil {
		t.Fatal(err)
	}
	return shared
}

// emrEnv is a local EMR endpoint whose job runs are pods, a Spark
// simulator, and a real SDK client.
type emrEnv struct {
	kube kubernetes.Interface
	srv  *localemr.Server
	api  *emrcontainers.Client
	url  string
	ns   string
	vc   string
}

// startEMR runs the endpoint on a fresh namespace (one virtual cluster) with
// drivers running runFor, and sparksim over that namespace.
func startEMR(t *testing.T, runFor time.Duration) *emrEnv {
	t.Helper()
	return startEMRWith(t, localemr.Config{RunTime: localemr.Dist{Min: runFor, Max: runFor}})
}

// startEMRWith is startEMR with the server's cfg (virtual cluster and backend filled in).
func startEMRWith(t *testing.T, cfg localemr.Config) *emrEnv {
	t.Helper()
	cp := cluster(t)
	ns := cp.Namespace(t)
	e := &emrEnv{kube: cp.Client(), ns: ns, vc: "vc" + strings.ReplaceAll(ns, "-", "")}
	if len(e.vc) > 60 {
		e.vc = e.vc[:60]
	}
	pb, err := localemr.NewPodBackend(cp.Config(), localemr.PodBackendOptions{Log: testLog{t}})
	if err != nil {
		t.Fatal(err)
	}
	cfg.PodBackend, cfg.VirtualClusters = pb, []localemr.VirtualCluster{{ID: e.vc, Name: ns, Namespace: ns}}
	e.srv, err = localemr.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	if err := pb.Start(ctx); err != nil {
		cancel()
		t.Fatal(err)
	}
	simDone := make(chan error, 1)
	go func() {
		simDone <- sparksim.Run(ctx, cp.Client(), sparksim.Options{Namespaces: []string{ns}, Log: testLog{t}})
	}()
	hs := httptest.NewServer(e.srv.Handler())
	t.Cleanup(func() {
		hs.Close()
		cancel()
		pb.Close()
		if err := <-simDone; err != nil {
			t.Errorf("sparksim.Run: %v", err)
		}
	})
	e.url = hs.URL
	e.api = emrcontainers.New(emrcontainers.Options{BaseEndpoint: aws.String(hs.URL), Region: "us-east-1",
		Credentials: credentials.NewStaticCredentialsProvider("AKIDLOCAL", "secret", "")})
	return e
}

// testLog writes the components' log lines to the test log.
type testLog struct{ t *testing.T }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// start submits a PySpark job with params through the real SDK.
func (e *emrEnv) start(t *testing.T, name, params string) string {
	t.Helper()
	out, err := e.api.StartJobRun(t.Context(), &emrcontainers.StartJobRunInput{
		VirtualClusterId: aws.String(e.vc), Name: aws.String(name), ClientToken: aws.String(name),
		ExecutionRoleArn: aws.String("arn:aws:iam::123456789012:role/emr-job-role"), ReleaseLabel: aws.String("emr-7.9.0-latest"),
		JobDriver: &types.JobDriver{SparkSubmitJobDriver: &types.SparkSubmitJobDriver{
			EntryPoint:            aws.String("local:///usr/lib/spark/examples/src/main/python/pi.py"),
			SparkSubmitParameters: aws.String(params)}},
	})
	if err != nil {
		t.Fatalf("StartJobRun: %v", err)
	}
	return aws.ToString(out.Id)
}

// state is the job's state by DescribeJobRun.
func (e *emrEnv) state(t *testing.T, id string) types.JobRunState {
	t.Helper()
	out, err := e.api.DescribeJobRun(t.Context(), &emrcontainers.DescribeJobRunInput{VirtualClusterId: aws.String(e.vc), Id: aws.String(id)})
	if err != nil {
		t.Fatalf("DescribeJobRun %s: %v", id, err)
	}
	return out.JobRun.State
}

// states polls the job until it is final or reaches stop, returning the
// distinct states seen in order.
func (e *emrEnv) states(t *testing.T, id string, stop types.JobRunState) []types.JobRunState {
	t.Helper()
	var seen []types.JobRunState
	waitFor(t, fmt.Sprintf("job %s %s or final", id, stop), func() bool {
		s := e.state(t, id)
		if len(seen) == 0 || seen[len(seen)-1] != s {
			seen = append(seen, s)
		}
		return s == stop || s == types.JobRunStateCompleted || s == types.JobRunStateFailed || s == types.JobRunStateCancelled
	})
	return seen
}

func (e *emrEnv) pods(t *testing.T, selector string) []corev1.Pod {
	t.Helper()
	l, err := e.kube.CoreV1().Pods(e.ns).List(t.Context(), metav1.ListOptions{LabelSelector: selector})
	if err != nil {
		t.Fatal(err)
	}
	return l.Items
}

// waitFor polls cond every 50 ms for up to 60 s (a loaded CI machine).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	err := wait.PollUntilContextTimeout(t.Context(), 50*time.Millisecond, 60*time.Second, true,
		func(context.Context) (bool, error) { return cond(), nil })
	if err != nil {
		t.Fatalf("waiting for %s: %v", what, err)
	}
}
