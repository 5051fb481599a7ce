package emr

import (
	"context"
	"sort"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers"
)

// DescribeJobRunAPI is the straggler look-up's call; a ListJobRunsAPI that
// also has it (the SDK client does) gets stragglers resolved.
type DescribeJobRunAPI interface {
	DescribeJobRun(ctx context.Context, in *emrcontainers.DescribeJobRunInput, opts ...func(*emrcontainers.Options)) (*emrcontainers.DescribeJobRunOutput, error)
}

// Straggler look-ups: a job no scan has listed StragglerAfter after it was
// sent is looked up by DescribeJobRun, one per scan round (the oldest due),
// each job again only after twice its previous wait (30 s, 1 m, 2 m, ...).
// A job still waiting (SUBMITTED, PENDING) is not listed by design: a queue
// that waits long costs at most one call per round, as much as one start
// scan. One that runs or ended and was created before its listing window (a
// server clock or createdAt that disagrees with ours: moto's createdAt is
// midnight) lowers every window to its creation, so the next scans list it
// and its like.
const (
	StragglerAfter     = 30 * time.Second
	StragglersPerRound = 1
)

// lookup is when a straggler is due again and its current wait.
type lookup struct {
	due  time.Time
	wait time.Duration
}

func (t *Tracker) stragglerAfter() time.Duration {
	if t.cfg.StragglerAfter > 0 {
		return t.cfg.StragglerAfter
	}
	return StragglerAfter
}

// describeStragglers looks up the oldest due stragglers; errors are left to
// the next round.
func (t *Tracker) describeStragglers(ctx context.Context, now time.Time) {
	api, ok := t.api.(DescribeJobRunAPI)
	if !ok {
		return
	}
	for _, s := range t.dueStragglers(now) {
		out, err := api.DescribeJobRun(ctx, &emrcontainers.DescribeJobRunInput{Id: aws.String(s.id), VirtualClusterId: aws.String(s.vc)})
		t.mu.Lock()
		t.cost.Call(1)
		t.mu.Unlock()
		if err != nil || out.JobRun == nil {
			continue
		}
		t.widen(s, out.JobRun.CreatedAt)
		t.observe(out.JobRun, time.Now())
	}
}

type straggler struct {
	id, vc string
	sent   int64
	bound  int64 // the createdAfter its scans used
}

func (t *Tracker) dueStragglers(now time.Time) []straggler {
	after := t.stragglerAfter()
	t.mu.Lock()
	defer t.mu.Unlock()
	var due []straggler
	t.live.Each(func(id string, j *tracked) {
		if j.created != 0 || j.sent == 0 || now.Sub(time.Unix(0, j.sent)) < after || now.Before(t.described[id].due) {
			return
		}
		due = append(due, straggler{id: id, vc: j.vc, sent: j.sent, bound: t.bound(j)})
	})
	sort.Slice(due, func(a, b int) bool { return due[a].sent < due[b].sent })
	due = due[:min(len(due), StragglersPerRound)]
	for _, s := range due {
		wait := max(after, 2*t.described[s.id].wait)
		t.described[s.id] = lookup{due: now.Add(wait), wait: wait}
	}
	return due
}

// widen lowers the floor of every listing window when a straggler was
// created before the window its scans used.
func (t *Tracker) widen(s straggler, created *time.Time) {
	if created == nil {
		return
	}
	c := created.UnixNano() - int64(time.Second)
	t.mu.Lock()
	defer t.mu.Unlock()
	if c < s.bound && (t.floor == 0 || c < t.floor) {
		t.floor = c
	}
}
