package journal

import (
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats"
)

// ErrNoResult is the Error of a job whose call was in flight when the journal
// ended (a crash, or a result line torn by one): it may or may not have been
// accepted, so its outcome is job.OutcomeUnknown, not an error; `loadgen
// stop` finds such job runs by name.
const ErrNoResult = "no result in the journal: the run ended during the call"

// VirtualCluster is a session-owned virtual cluster seen in the journal.
type VirtualCluster struct {
	ID, Name, Namespace string
	Deleted             bool
}

// Derived is everything rebuilt from one journal.
type Derived struct {
	Run             stats.Run
	VirtualClusters []VirtualCluster // session-owned, in creation order
	Torn            *Torn            // non-nil when the last line was torn
	Clean           bool             // the run wrote its end record
	// Interrupted is when the run was interrupted (Ctrl-C, SIGTERM), from
	// its interrupt record; zero when it was not.
	Interrupted time.Time
	// IDConflicts counts job-run ids the server accepted for two jobs, and
	// state records of such an id that belonged to the other job (by their
	// creation time): the jobs are kept apart, never merged.
	IDConflicts int
}

// Sink receives the jobs and samples of a journal as Stream settles them.
type Sink struct {
	Job    func(*stats.Job) // the job is the callee's to keep
	Sample func(stats.Sample)
}

// ReadDir derives the run stored in a run directory, every job in memory,
// ordered by index.
func ReadDir(dir string) (*Derived, error) {
	var jobs []stats.Job
	var samples []stats.Sample
	d, err := Stream(dir, Sink{Job: func(j *stats.Job) { jobs = append(jobs, *j) },
		Sample: func(s stats.Sample) { samples = append(samples, s) }})
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(jobs, func(a, b stats.Job) int { return cmp.Compare(a.Index, b.Index) })
	d.Run.Jobs, d.Run.Samples = jobs, samples
	return d, nil
}

// Stream derives the run stored in a run directory without holding its
// jobs (Survey, then Journal.Stream).
func Stream(dir string, sink Sink) (*Derived, error) {
	j, err := Survey(dir)
	if err != nil {
		return nil, err
	}
	return j.Stream(sink)
}

// Journal is a journal after its first pass (see survey): what is known
// before any job is handed on.
type Journal struct {
	path string
	sv   *survey
	torn *Torn
}

// Survey reads a run directory's journal once, for its header, span, clock
// offset and reissued ids; Journal.Stream then derives its jobs.
func Survey(dir string) (*Journal, error) {
	path := filepath.Join(dir, FileName)
	sv := newSurvey()
	torn, err := scanFile(path, sv.add)
	if err != nil {
		return nil, err
	}
	if sv.session.Session == "" {
		return nil, fmt.Errorf("%s: %w: no session record (is this a loadgen journal?)", path, ErrCorrupt)
	}
	sv.done()
	return &Journal{path: path, sv: sv, torn: torn}, nil
}

// Run is the run's header: session, target, start, end and plan (with the
// clock note); no jobs or samples.
func (j *Journal) Run() stats.Run { return newDeriver(j.sv, Sink{}).out.Run }

// Stream reads the journal again and hands each job to sink.Job as soon as
// the journal settles it (a call that was never sent or failed at its
// result, an accepted job at its final state, the rest at the end), so its
// memory is the jobs still open, not the run. The Derived it returns has no
// Jobs or Samples.
func (j *Journal) Stream(sink Sink) (*Derived, error) {
	d := newDeriver(j.sv, sink)
	if _, err := scanFile(j.path, d.add); err != nil {
		return nil, err
	}
	d.out.Torn = j.torn
	return d.finish(), nil
}

func scanFile(path string, fn func(int, Record) error) (*Torn, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("opening journal: %w", err)
	}
	defer f.Close()
	torn, err := Scan(f, fn)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return torn, nil
}

type deriver struct {
	sv    *survey
	sink  Sink
	shift time.Duration
	out   Derived
	jobs  map[string]*stats.Job // open jobs by key
	byID  map[string]*stats.Job // open accepted jobs by job-run id
	vcs   map[string]int
	names interner
}

// interner shares the few distinct values of the fields every job repeats
// (virtual cluster, namespace, AZ, outcome, state), so the open jobs do not
// each hold a copy of the decoder's string.
type interner map[string]string

// maxInterned bounds the interner: past it, values are kept as they are.
const maxInterned = 4096

func (in interner) of(s string) string {
	if v, ok := in[s]; ok {
		return v
	}
	if len(in) < maxInterned {
		in[s] = s
	}
	return s
}

func newDeriver(sv *survey, sink Sink) *deriver {
	s := sv.session
	d := &deriver{sv: sv, sink: sink, jobs: map[string]*stats.Job{}, byID: map[string]*stats.Job{}, vcs: map[string]int{},
		names: interner{}}
	d.out.Run = stats.Run{Session: s.Session, Target: s.Target, Start: s.T, End: sv.runEnd(), Plan: s.Plan}
	d.out.Clean, d.out.Interrupted = sv.clean, sv.interrupted
	off, note := sv.clock.offset()
	d.shift = off
	if note != "" {
		if d.out.Run.Plan == nil {
			d.out.Run.Plan = map[string]string{}
		}
		d.out.Run.Plan["clock"] = note
	}
	return d
}

func (d *deriver) add(_ int, r Record) error {
	switch r.Ev {
	case EvIntent, EvSkip:
		d.intent(r)
	case EvResult:
		return d.result(r)
	case EvState:
		d.state(r)
	case EvSample:
		if d.sink.Sample != nil {
			d.sink.Sample(stats.Sample{T: r.T, Worker: r.Worker, ByState: r.ByState})
		}
	case EvVC:
		d.vc(r)
	}
	return nil
}

func (d *deriver) intent(r Record) {
	j := d.jobs[r.Key]
	if j == nil {
		j = &stats.Job{Key: r.Key}
		d.jobs[r.Key] = j
	}
	j.Worker, j.Index, j.Scheduled = r.Worker, r.Index, r.Sched
	j.VirtualClusterID, j.Namespace, j.AZ = d.names.of(r.VC), d.names.of(r.NS), d.names.of(r.AZ)
	if r.Ev == EvSkip {
		j.Outcome, j.Error = d.names.of(r.Outcome), r.Err
		d.settle(j)
		return
	}
	j.SubmitStart = r.T
}

func (d *deriver) result(r Record) error {
	j := d.jobs[r.Key]
	if j == nil {
		return fmt.Errorf("result for job %q without an intent", r.Key)
	}
	j.SubmitEnd, j.Outcome, j.ID, j.Attempts, j.Error = r.T, d.names.of(r.Outcome), r.ID, r.Attempts, r.Err
	if r.ID == "" {
		d.settle(j)
		return nil
	}
	if prev := d.byID[r.ID]; prev != nil && prev != j {
		// The server reissued an id: later states of it are the new job's.
		d.out.IDConflicts++
		prev.StateDetails = fmt.Sprintf("job-run id %s reissued by the server to job %s: no later state of the id is this job's", r.ID, j.Key)
	}
	d.byID[r.ID] = j
	return nil
}

// sameJob reports whether a state record created at created can be j's: a
// creation time differing from j's known one by more than a second (the
// listing filter's resolution) is another job under the same id.
func sameJob(j *stats.Job, created time.Time) bool {
	if j.Created.IsZero() || created.IsZero() {
		return true
	}
	d := j.Created.Sub(created)
	return d <= time.Second && d >= -time.Second
}

func (d *deriver) state(r Record) {
	j := d.byID[r.ID]
	if j == nil {
		return // a job run this worker did not submit (another worker's journal), or one already settled
	}
	if !sameJob(j, r.Created) {
		d.out.IDConflicts++
		return
	}
	setIf(&j.Created, r.Created)
	setIf(&j.Started, r.Started)
	setIf(&j.Finished, r.Finished)
	for name, t := range r.Phases {
		if i := stats.PhaseIndex(name); i >= 0 {
			if j.Phases == nil {
				j.Phases = &stats.Phases{}
			}
			setIf(&j.Phases[i], t)
		}
	}
	if r.Details != "" {
		j.StateDetails = r.Details
	}
	j.FinalState = ""
	if !r.Finished.IsZero() || isTerminal(r.State) {
		j.FinalState = d.names.of(r.State)
	}
	// A finished job is settled, unless its id was reissued: a later
	// result may still name it.
	if j.FinalState != "" && !j.Finished.IsZero() && !d.sv.reissued(j.ID) {
		d.settle(j)
	}
}

// settle hands a job on and forgets it.
func (d *deriver) settle(j *stats.Job) {
	delete(d.jobs, j.Key)
	if j.ID != "" && d.byID[j.ID] == j {
		delete(d.byID, j.ID)
	}
	if j.Outcome == "" {
		j.Outcome, j.Error = job.OutcomeUnknown, ErrNoResult
	}
	shiftServerTimes(j, d.shift)
	if d.sink.Job != nil {
		d.sink.Job(j)
	}
}

func (d *deriver) vc(r Record) {
	i, ok := d.vcs[r.ID]
	if !ok {
		i = len(d.out.VirtualClusters)
		d.vcs[r.ID] = i
		d.out.VirtualClusters = append(d.out.VirtualClusters, VirtualCluster{ID: r.ID, Name: r.Name, Namespace: r.NS})
	}
	d.out.VirtualClusters[i].Deleted = r.State == "deleted"
}

// finish settles the jobs still open, in index order.
func (d *deriver) finish() *Derived {
	open := make([]*stats.Job, 0, len(d.jobs))
	for _, j := range d.jobs {
		open = append(open, j)
	}
	slices.SortFunc(open, func(a, b *stats.Job) int { return cmp.Or(cmp.Compare(a.Index, b.Index), cmp.Compare(a.Key, b.Key)) })
	for _, j := range open {
		d.settle(j)
	}
	return &d.out
}

func setIf(dst *time.Time, v time.Time) {
	if !v.IsZero() {
		*dst = v
	}
}

// isTerminal reports whether a job state is final (job.IsFinal).
func isTerminal(state string) bool {
	return job.IsFinal(state)
}

// Live lists the accepted jobs with no final state, for stop.
func (d *Derived) Live() []stats.Job {
	var out []stats.Job
	for _, j := range d.Run.Jobs {
		if (j.ID != "" && j.FinalState == "") || j.Error == ErrNoResult {
			out = append(out, j)
		}
	}
	return out
}
