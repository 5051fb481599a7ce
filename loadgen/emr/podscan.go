package emr

import (
	"context"
	"time"
)

// runPods is Run while the pod watch is up: no start scans (the watch sees
// jobs run); finish scans of the virtual clusters whose driver pods ended,
// each burst coalesced into one; and the safety-net finish scan of every
// virtual cluster with live jobs each FullInterval.
func (t *Tracker) runPods(ctx context.Context) {
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.kick:
		case <-timer.C:
		}
		t.podRound(ctx)
		timer.Reset(t.nextWake())
	}
}

// podRound makes the finish scans that are due. Errors are retried: a
// failed targeted scan backs off like one that found its jobs still live.
func (t *Tracker) podRound(ctx context.Context) {
	now := time.Now()
	t.mu.Lock()
	t.pruneEarly(now)
	full := !now.Before(t.nextFull)
	if full {
		t.nextFull = now.Add(t.podFull)
	}
	t.mu.Unlock()
	if full {
		_, _ = t.scanFinishes(ctx)
	}
	t.scanPodless(ctx, now)
	for _, vc := range t.dueFinishes(now) {
		t.scanEnded(ctx, vc)
	}
}

// dueFinishes takes the virtual clusters whose finish scan is due.
func (t *Tracker) dueFinishes(now time.Time) []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var due []string
	for vc, at := range t.finishDue {
		if !at.After(now) {
			due = append(due, vc)
			delete(t.finishDue, vc)
		}
	}
	return due
}

// scanEnded lists vc's final job runs from the oldest one whose pod ended,
// then plans the next look while some of those are not final yet (EMR may
// end a job run a little after its driver pod): backing off from the finish
// delay up to maxFinishWait.
func (t *Tracker) scanEnded(ctx context.Context, vc string) {
	ended := func(j *tracked) bool { return j.vc == vc && j.flags&podEnded != 0 }
	after, ok := t.watermarks(ended)[vc]
	if ok {
		_, _ = t.list(ctx, vc, after, finalStates)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, ok := t.watermarksLocked(ended)[vc]; !ok {
		delete(t.finishWait, vc)
		return
	}
	wait := min(max(2*t.finishWait[vc], t.cfg.Pods.withDefaults().FinishDelay), maxFinishWait)
	t.finishWait[vc] = wait
	if _, queued := t.finishDue[vc]; !queued {
		t.finishDue[vc] = time.Now().Add(wait)
	}
}

// nextWake is how long until the next scan is due.
func (t *Tracker) nextWake() time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	next := t.nextFull
	if t.live.Len() > 0 && t.nextPodless.Before(next) {
		next = t.nextPodless
	}
	if prune := time.Now().Add(earlyTTL); len(t.early) > 0 && prune.Before(next) {
		next = prune // early pods no Add claimed are dropped even while nothing else happens
	}
	for _, at := range t.finishDue {
		if at.Before(next) {
			next = at
		}
	}
	return max(time.Until(next), 0)
}
