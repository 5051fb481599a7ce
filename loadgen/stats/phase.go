package stats

import (
	"slices"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
)

// PhaseNames are job.Phases, the lifecycle phases beyond created/started/finished in lifecycle
// order (server clock): Job.Phases[i] is PhaseNames[i]'s time.
var PhaseNames = job.Phases

// NumPhases is len(job.Phases), the size of a Phases array (TestPhaseNamesAreTheJobsPhases holds
// the two equal).
const NumPhases = 5

// Phases are one job's phase times, indexed like PhaseNames (zero: not seen).
type Phases [NumPhases]time.Time

// At returns phase i's time; zero when p is nil.
func (p *Phases) At(i int) time.Time {
	if p == nil {
		return time.Time{}
	}
	return p[i]
}

// PhaseIndex returns the index of a phase name in PhaseNames, or -1.
func PhaseIndex(name string) int {
	return slices.Index(PhaseNames, name)
}

// Phase latency names (keys of Summary.PhaseLatency). "created_to_<phase>"
// is each phase's time from the job's creation; "step_<phase>" (and
// "step_finished") is the time from the job's previous known moment in the
// chain created -> phases in order -> finished to this one, so the steps of
// one job add up to created_to_finished and their medians stack into a
// typical timeline. Only server timestamps are used.
func phaseLatencyNames() (fromCreated, steps []string) {
	for _, p := range PhaseNames {
		fromCreated = append(fromCreated, "created_to_"+p)
		steps = append(steps, "step_"+p)
	}
	return fromCreated, append(steps, "step_finished")
}

// PhaseFromCreated and PhaseSteps are the keys of Summary.PhaseLatency, in report order.
var PhaseFromCreated, PhaseSteps = phaseLatencyNames()

func newPhaseLatencies() map[string]Dist {
	m := make(map[string]Dist, len(PhaseFromCreated)+len(PhaseSteps))
	for _, n := range append(append([]string{}, PhaseFromCreated...), PhaseSteps...) {
		m[n] = newDist(HistSigFigs)
	}
	return m
}

// recordPhases records j's phase latencies (accepted jobs with a creation time).
func recordPhases(m map[string]Dist, j *Job) {
	if j.Outcome != job.OutcomeAccepted || j.Created.IsZero() {
		return
	}
	rec := func(name string, from, to time.Time) {
		if from.IsZero() || to.IsZero() {
			return
		}
		d := m[name]
		d.record(to.Sub(from))
		m[name] = d
	}
	if j.Phases == nil || *j.Phases == (Phases{}) {
		return // no phase known (the EMR target): the steps would only repeat created_to_finished
	}
	for i, at := range j.Phases {
		rec(PhaseFromCreated[i], j.Created, at)
	}
	prev := j.Created
	for i, at := range append(j.Phases[:NumPhases:NumPhases], j.Finished) {
		if !at.IsZero() {
			rec(PhaseSteps[i], prev, at)
			prev = at
		}
	}
}

// HasPhases reports whether any job of the summary had an operator phase.
func (s Summary) HasPhases() bool {
	for _, n := range PhaseFromCreated {
		if s.PhaseLatency[n].Count > 0 {
			return true
		}
	}
	return false
}
