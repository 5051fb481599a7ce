package engine

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/emrcontainers"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/emr"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/journal"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/runner"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/template"
)

// JobName is the job-run name of job idx: the session id is its prefix, so
// `loadgen stop` can find the session's job runs by name.
func JobName(session string, idx int64) string { return fmt.Sprintf("%s-%06d", session, idx) }

func jobKey(idx int64) string { return fmt.Sprintf("0-%d", idx) }

// Render builds job idx's StartJobRun request as a session would send it
// (with a placeholder virtual cluster when they are created at start).
func Render(cfg Config, idx int64) (*emrcontainers.StartJobRunInput, error) {
	vcs := cfg.VCs
	if len(vcs) == 0 {
		vcs = []VC{{ID: "created-at-start", Namespace: firstOr(cfg.CreateOn, "")}}
	}
	vars, _, az := jobVars(cfg, newPicker(cfg.Placement, vcs), idx)
	return cfg.Template.Render(vars, cfg.Placement.forJob(az))
}

// jobVars picks job idx's virtual cluster (or namespace) and AZ and fills its variables.
func jobVars(cfg Config, p *picker, idx int64) (template.Vars, VC, string) {
	vc, az := p.pick(idx)
	vars := cfg.Vars
	vars.SessionID, vars.JobName, vars.JobIndex = cfg.Session, jobName(cfg, idx), idx
	vars.VirtualClusterID, vars.Namespace, vars.AZ = vc.ID, vc.Namespace, az
	return vars, vc, az
}

// send renders and submits one job to the configured target.
func (s *Session) send(ctx context.Context, vars template.Vars, az string) emr.Result {
	if s.cfg.Target != nil {
		return s.cfg.Target.Submit(ctx, vars, s.cfg.Placement.forJob(az))
	}
	in, err := s.cfg.Template.Render(vars, s.cfg.Placement.forJob(az))
	if err != nil {
		return emr.Result{Outcome: stats.OutcomeValidation, Err: err}
	}
	return emr.Submit(ctx, watchedAPI{s.api}, in)
}

func firstOr(l []string, def string) string {
	if len(l) == 0 {
		return def
	}
	return l[0]
}

// submit journals the intent, makes the call and journals the result. The
// call has a deadline (CallTimeout, and the run's: Ctrl-C plus the drain
// timeout, the end of the duration plus the retry grace); a call cut by one
// is resolved after the run by looking its name up (resolveUnknown).
func (s *Session) submit(_ context.Context, slot runner.Slot) {
	key := jobKey(slot.Index)
	s.counters.inFlight.Add(1)
	defer s.counters.inFlight.Add(-1)
	vars, vc, az := jobVars(s.cfg, s.picker, slot.Index)
	sent := time.Now()
	s.record(journal.Record{Ev: journal.EvIntent, T: sent, Key: key, Index: slot.Index, Sched: slot.Scheduled,
		Name: vars.JobName, VC: vc.ID, NS: vc.Namespace, AZ: az, Worker: s.cfg.Worker})
	watch := &callWatch{due: slot.Scheduled, lateAfter: s.lateAfter(), backlog: &s.counters.retrying}
	defer watch.done()
	callCtx, cancel := context.WithTimeout(context.WithValue(s.calls, callWatchKey{}, watch), s.callTimeout())
	res := s.send(callCtx, vars, az)
	cut := s.whyCut(s.calls, callCtx)
	cancel()
	end := time.Now()
	if cut != "" && res.ID == "" {
		s.unknown.add(unknownCall{key: key, name: vars.JobName, vc: vc.ID, sent: sent, end: end, attempts: res.Attempts, reason: cut})
		s.counters.unknown.Add(1)
		return
	}
	if errors.Is(res.Err, errHeldBack) {
		res.Outcome = stats.OutcomeLate
	}
	r := journal.Record{Ev: journal.EvResult, T: end, Key: key, Outcome: res.Outcome, ID: res.ID, Attempts: res.Attempts}
	if res.Err != nil {
		r.Err = res.Err.Error()
	}
	s.record(r)
	if res.ID != "" {
		s.tracker.Add(res.ID, vc.ID, sent)
	}
	s.counters.count(res.Outcome, end.Sub(slot.Scheduled))
}

// lateAfter is the open model's late rule, 0 for the closed model.
func (s *Session) lateAfter() time.Duration {
	switch {
	case s.cfg.Load.Pacer == nil:
		return 0
	case s.cfg.Load.LateAfter > 0:
		return s.cfg.Load.LateAfter
	}
	return runner.DefaultLateAfter
}

func (s *Session) skip(slot runner.Slot, outcome string) {
	s.record(journal.Record{Ev: journal.EvSkip, T: time.Now(), Key: jobKey(slot.Index), Index: slot.Index,
		Sched: slot.Scheduled, Outcome: outcome, Worker: s.cfg.Worker})
	s.counters.count(outcome, 0)
}

func (s *Session) onChange(c emr.Change) {
	s.record(journal.Record{Ev: journal.EvState, T: c.Seen, ID: c.ID, VC: c.VirtualClusterID, State: c.State,
		Details: c.Details, Created: c.Created, Started: c.Started, Finished: c.Finished})
}

func (s *Session) sample(ctx context.Context) {
	every := s.cfg.SampleEvery
	if every <= 0 {
		every = time.Second
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			s.takeSample()
		}
	}
}

func (s *Session) takeSample() {
	s.record(journal.Record{Ev: journal.EvSample, T: time.Now(), ByState: s.tracker.Counts()})
}
