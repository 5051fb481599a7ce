package emr

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers/types"
)

// describingRuns is fakeRuns with DescribeJobRun, counting its calls.
type describingRuns struct {
	*fakeRuns
	describes map[string]int
}

func (d *describingRuns) DescribeJobRun(_ context.Context, in *emrcontainers.DescribeJobRunInput, _ ...func(*emrcontainers.Options)) (*emrcontainers.DescribeJobRunOutput, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.describes[aws.ToString(in.Id)]++
	for _, jr := range d.runs {
		if aws.ToString(jr.Id) == aws.ToString(in.Id) {
			return &emrcontainers.DescribeJobRunOutput{JobRun: &jr}, nil
		}
	}
	return nil, &types.ResourceNotFoundException{Message: aws.String("no such job run")}
}

// A long queue of waiting jobs costs at most one DescribeJobRun per round,
// each job again only after a doubled wait.
func TestStragglerLookupsAreBounded(t *testing.T) {
	t.Parallel()
	f := &describingRuns{fakeRuns: &fakeRuns{}, describes: map[string]int{}}
	now := time.Now()
	tr := NewTracker(f, TrackerConfig{Start: now.Add(-time.Hour)}, nil)
	for i := range 20 {
		id := string(rune('a' + i))
		f.add(id, "vc", now.Add(-time.Minute), types.JobRunStateSubmitted)
		tr.Add(id, "vc", now.Add(-time.Minute))
	}
	const rounds = 100 // 200 s at the default interval
	for r := range rounds {
		tr.describeStragglers(t.Context(), now.Add(time.Duration(r)*DefaultTrackInterval))
	}
	total := 0
	for id, n := range f.describes {
		total += n
		if n > 3 { // due at 0, then 30 s and 60 s later at the earliest: 0, 30, 90 s
			t.Errorf("job %s described %d times in %d rounds, want at most 3 (doubling waits)", id, n, rounds)
		}
	}
	if total > rounds || total < 20 {
		t.Errorf("%d DescribeJobRun calls in %d rounds for 20 waiting jobs, want every job once and at most one per round", total, rounds)
	}
}
