package localemr

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers/types"
)

func TestListJobRunsPaginatesNewestFirst(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	_, c, _ := startServer(t, Config{QueueDelay: constDist(time.Hour), Now: clock.Now})
	ctx := context.Background()
	start := clock.Now()
	for i := range 120 {
		if _, err := c.StartJobRun(ctx, startInput("vc1", fmt.Sprintf("s1-%03d", i))); err != nil {
			t.Fatal(err)
		}
		clock.Advance(time.Second)
	}
	pages, names := 0, []string{}
	p := emrcontainers.NewListJobRunsPaginator(c, &emrcontainers.ListJobRunsInput{VirtualClusterId: aws.String("vc1")})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		if len(page.JobRuns) > 50 {
			t.Fatalf("page of %d job runs, AWS pages at most 50", len(page.JobRuns))
		}
		for _, j := range page.JobRuns {
			names = append(names, *j.Name)
		}
	}
	if pages != 3 || len(names) != 120 || names[0] != "s1-119" || names[119] != "s1-000" {
		t.Fatalf("pages %d, %d names, first %v last %v", pages, len(names), names[0], names[len(names)-1])
	}
	tests := []struct {
		name string
		in   emrcontainers.ListJobRunsInput
		want int
	}{
		{"createdAfter", emrcontainers.ListJobRunsInput{CreatedAfter: aws.Time(start.Add(100 * time.Second))}, 20},
		{"createdBefore", emrcontainers.ListJobRunsInput{CreatedBefore: aws.Time(start.Add(9 * time.Second))}, 10},
		{"name is an exact match", emrcontainers.ListJobRunsInput{Name: aws.String("s1-007")}, 1},
		{"states", emrcontainers.ListJobRunsInput{States: []types.JobRunState{types.JobRunStatePending}}, 120},
		{"other states", emrcontainers.ListJobRunsInput{States: []types.JobRunState{types.JobRunStateRunning}}, 0},
	}
	for _, tc := range tests {
		in := tc.in
		in.VirtualClusterId = aws.String("vc1")
		got := 0
		for p := emrcontainers.NewListJobRunsPaginator(c, &in); p.HasMorePages(); {
			page, err := p.NextPage(ctx)
			if err != nil {
				t.Fatal(err)
			}
			got += len(page.JobRuns)
		}
		if got != tc.want {
			t.Errorf("%s: %d job runs, want %d", tc.name, got, tc.want)
		}
	}
}

func TestListJobRunsRejectsBadToken(t *testing.T) {
	t.Parallel()
	_, c, _ := startServer(t, Config{})
	_, err := c.ListJobRuns(context.Background(), &emrcontainers.ListJobRunsInput{VirtualClusterId: aws.String("vc1"), NextToken: aws.String("garbage")})
	var ve *types.ValidationException
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v, want ValidationException", err)
	}
}

func TestVirtualClusterLifecycle(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	_, c, _ := startServer(t, Config{RunTime: constDist(time.Hour), CancelLatency: constDist(time.Second), Now: clock.Now})
	ctx := context.Background()
	create := func(ns string) (*emrcontainers.CreateVirtualClusterOutput, error) {
		return c.CreateVirtualCluster(ctx, &emrcontainers.CreateVirtualClusterInput{
			Name: aws.String("lt-" + ns),
			ContainerProvider: &types.ContainerProvider{Type: types.ContainerProviderTypeEks, Id: aws.String("my-eks"),
				Info: &types.ContainerInfoMemberEksInfo{Value: types.EksInfo{Namespace: aws.String(ns)}}},
			Tags: map[string]string{"emr-eks-loadtest/session": "s1"},
		})
	}
	vc, err := create("jobs-a")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := create("jobs-a"); err == nil {
		t.Error("a second virtual cluster on the same namespace was accepted")
	}
	d, err := c.DescribeVirtualCluster(ctx, &emrcontainers.DescribeVirtualClusterInput{Id: vc.Id})
	if err != nil || d.VirtualCluster.State != types.VirtualClusterStateRunning || d.VirtualCluster.Tags["emr-eks-loadtest/session"] != "s1" {
		t.Fatalf("describe: %v %+v", err, d)
	}
	job, err := c.StartJobRun(ctx, startInput(*vc.Id, "s1-a"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.DeleteVirtualCluster(ctx, &emrcontainers.DeleteVirtualClusterInput{Id: vc.Id}); err != nil {
		t.Fatal(err)
	}
	state := func() types.VirtualClusterState {
		d, err := c.DescribeVirtualCluster(ctx, &emrcontainers.DescribeVirtualClusterInput{Id: vc.Id})
		if err != nil {
			t.Fatal(err)
		}
		return d.VirtualCluster.State
	}
	if s := state(); s != types.VirtualClusterStateTerminating {
		t.Errorf("with a live job the deleted cluster is %s, want TERMINATING", s)
	}
	if _, err := c.StartJobRun(ctx, startInput(*vc.Id, "s1-b")); err == nil {
		t.Error("StartJobRun on a deleted virtual cluster succeeded")
	}
	clock.Advance(time.Second)
	if s := state(); s != types.VirtualClusterStateTerminated {
		t.Errorf("after its jobs were cancelled the cluster is %s, want TERMINATED", s)
	}
	jr, _ := c.DescribeJobRun(ctx, &emrcontainers.DescribeJobRunInput{VirtualClusterId: vc.Id, Id: job.Id})
	if jr.JobRun.State != types.JobRunStateCancelled {
		t.Errorf("job of a deleted cluster is %s, want CANCELLED", jr.JobRun.State)
	}
	list, err := c.ListVirtualClusters(ctx, &emrcontainers.ListVirtualClustersInput{States: []types.VirtualClusterState{types.VirtualClusterStateRunning}})
	if err != nil || len(list.VirtualClusters) != 1 || *list.VirtualClusters[0].Id != "vc1" {
		t.Errorf("running clusters: %v %+v", err, list)
	}
	if _, err := create("jobs-a"); err != nil {
		t.Errorf("the namespace of a terminated cluster cannot be reused: %v", err)
	}
}

func TestNewReportsEveryConfigProblem(t *testing.T) {
	t.Parallel()
	_, err := New(Config{
		Capacity: -1, FailRatio: 2, RunTime: Dist{Min: 2, Max: 1}, Faults: Faults{ThrottleRatio: -0.1},
		VirtualClusters: []VirtualCluster{{ID: "UPPER", Name: "ok", Namespace: "Bad_NS"}},
	})
	if err == nil {
		t.Fatal("accepted")
	}
	for _, w := range []string{"Capacity", "FailRatio", "RunTime", "Faults.ThrottleRatio", "VirtualClusters[0].ID", "VirtualClusters[0].Namespace"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error lacks %s:\n%v", w, err)
		}
	}
}

func TestParseDist(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    Dist
		wantErr bool
	}{
		{"30s", Dist{30 * time.Second, 30 * time.Second}, false},
		{"500s-800s", Dist{500 * time.Second, 800 * time.Second}, false},
		{" 1m - 2m ", Dist{time.Minute, 2 * time.Minute}, false},
		{"800s-500s", Dist{}, true},
		{"fast", Dist{}, true},
		{"", Dist{}, true},
		{"-5s", Dist{}, true},
	}
	for _, tc := range tests {
		got, err := ParseDist(tc.in)
		if (err != nil) != tc.wantErr || got != tc.want {
			t.Errorf("ParseDist(%q) = %v, %v", tc.in, got, err)
		}
		if err != nil && !strings.Contains(err.Error(), "500s-800s") {
			t.Errorf("error does not show the accepted forms: %v", err)
		}
	}
}
