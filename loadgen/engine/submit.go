package engine

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/journal"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/runner"
)

// JobName is the job-run name of job idx: the session id is its prefix, so
// `loadgen stop` can find the session's job runs by name.
func JobName(session string, idx int64) string { return fmt.Sprintf("%s-%06d", session, idx) }

func jobKey(idx int64) string { return fmt.Sprintf("0-%d", idx) }

// Planner is a Target that creates places at start: Planned names them
// before they exist (a placeholder id, the namespace), for Render.
type Planner interface{ Planned() []VC }

// Render builds job idx's request as a session would send it (with a
// placeholder place when the target creates them at start).
func Render(cfg Config, idx int64) (any, error) {
	vars, p, err := JobAt(cfg, idx)
	if err != nil {
		return nil, err
	}
	return cfg.Target.Render(vars, p)
}

// JobAt is job idx's variables and placement as a session would give them
// to the target (a target's own explanation of its request, e.g. the EMR
// template's Explain, takes them).
func JobAt(cfg Config, idx int64) (job.Vars, job.Placement, error) {
	if cfg.Target == nil {
		return job.Vars{}, job.Placement{}, ErrNoTarget
	}
	vcs := cfg.VCs
	if p, ok := cfg.Target.(Planner); ok && len(vcs) == 0 {
		vcs = p.Planned()
	}
	if len(vcs) == 0 {
		return job.Vars{}, job.Placement{}, errors.New("no virtual cluster or namespace to render a job for")
	}
	vars, _, az := jobVars(cfg, newPicker(cfg.Placement, vcs), idx)
	return vars, cfg.Placement.forJob(az), nil
}

// Namer is a Target that sends a job under another name than its
// vars.JobName (the EMR target keeps a user's own name after the session's
// prefix): the intent record and the lookup of an unknown outcome use it.
type Namer interface{ SentName(vars job.Vars) string }

// sentName is the name job vars is sent under.
func sentName(cfg Config, vars job.Vars) string {
	if n, ok := cfg.Target.(Namer); ok {
		return n.SentName(vars)
	}
	return vars.JobName
}

// jobVars picks job idx's virtual cluster (or namespace) and AZ and fills its variables.
func jobVars(cfg Config, p *picker, idx int64) (job.Vars, VC, string) {
	vc, az := p.pick(idx)
	vars := cfg.Vars
	vars.SessionID, vars.JobName, vars.JobIndex = cfg.Session, jobName(cfg, idx), idx
	vars.VirtualClusterID, vars.Namespace, vars.AZ = vc.ID, vc.Namespace, az
	return vars, vc, az
}

// send renders and submits one job to the target.
func (s *Session) send(ctx context.Context, vars job.Vars, az string) job.Result {
	return s.cfg.Target.Submit(ctx, vars, s.cfg.Placement.forJob(az))
}

// submit journals the intent, makes the call and journals the result. The
// call has a deadline (CallTimeout, and the run's: Ctrl-C plus the drain
// timeout, the end of the duration plus the retry grace); a call cut by one
// is resolved after the run by looking its name up (resolveUnknown).
func (s *Session) submit(_ context.Context, slot runner.Slot) {
	key := jobKey(slot.Index)
	vars, vc, az := jobVars(s.cfg, s.picker, slot.Index)
	name := sentName(s.cfg, vars)
	sent := time.Now()
	s.record(journal.Record{Ev: journal.EvIntent, T: sent, Key: key, Index: slot.Index, Sched: slot.Scheduled,
		Name: name, VC: vc.ID, NS: vc.Namespace, AZ: az, Worker: s.cfg.Worker})
	watch := &callWatch{due: slot.Scheduled, lateAfter: s.lateAfter(), backlog: &s.counters.retrying}
	defer watch.done()
	callCtx, cancel := context.WithTimeout(job.WithCall(s.calls, watch), s.callTimeout())
	res := s.send(callCtx, vars, az)
	cut := s.whyCut(s.calls, callCtx)
	cancel()
	end := time.Now()
	if cut != "" && res.ID == "" {
		s.unknown.add(unknownCall{key: key, name: name, vc: vc.ID, sent: sent, end: end, attempts: res.Attempts, reason: cut})
		s.counters.unknown.Add(1)
		return
	}
	if errors.Is(res.Err, job.ErrHeldBack) {
		res.Outcome = job.OutcomeLate
	}
	r := journal.Record{Ev: journal.EvResult, T: end, Key: key, Outcome: res.Outcome, ID: res.ID, Attempts: res.Attempts}
	if res.Err != nil {
		r.Err = res.Err.Error()
	}
	s.record(r)
	if res.ID != "" {
		s.tracker.Add(res.ID, vc.ID, sent)
	}
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
