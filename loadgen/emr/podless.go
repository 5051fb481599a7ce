package emr

import (
	"context"
	"time"
)

// PodlessAfter is how long the pod watch waits for a job run's driver pod
// before it asks ListJobRuns about that job: a job run can end before EMR
// creates any pod (a rejected or cancelled run, a missing execution role),
// and without a pod no event would tell the watch. The look lists only
// RUNNING and final job runs created since the oldest such job, on its
// virtual cluster, at most every FullMin (30 s by default); it costs
// nothing while every live job has its pod.
const PodlessAfter = time.Minute

// scanPodless looks up, when due, the job runs accepted more than
// PodlessAfter ago whose driver pod has not been seen.
func (t *Tracker) scanPodless(ctx context.Context, now time.Time) {
	t.mu.Lock()
	if now.Before(t.nextPodless) {
		t.mu.Unlock()
		return
	}
	t.nextPodless = now.Add(t.cfg.FullMin())
	cutoff := now.Add(-PodlessAfter).UnixNano()
	marks := t.watermarksLocked(func(j *tracked) bool {
		return j.flags&podSeen == 0 && j.sent <= cutoff // sent 0 (unknown) counts as old
	})
	t.mu.Unlock()
	if len(marks) > 0 {
		_, _ = t.scan(ctx, marks, startStates)
	}
}
