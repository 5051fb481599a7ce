package journal

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats"
)

// ErrNoResult is the Error of a job whose call was in flight when the journal
// ended (a crash): it may or may not have been accepted; `loadgen stop` finds
// such job runs by name.
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
	// IDConflicts counts job-run ids the server accepted for two jobs, and
	// state records of such an id that belonged to the other job (by their
	// creation time): the jobs are kept apart, never merged.
	IDConflicts int
}

// ReadDir derives the run stored in a run directory.
func ReadDir(dir string) (*Derived, error) {
	path := filepath.Join(dir, FileName)
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("opening journal: %w", err)
	}
	defer f.Close()
	d := newDeriver()
	torn, err := Scan(f, d.add)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if d.out.Run.Session == "" {
		return nil, fmt.Errorf("%s: %w: no session record (is this a loadgen journal?)", path, ErrCorrupt)
	}
	d.out.Torn = torn
	return d.finish(), nil
}

type deriver struct {
	out   Derived
	jobs  map[string]*stats.Job
	order []string
	byID  map[string]*stats.Job
	vcs   map[string]int
	last  Record
}

func newDeriver() *deriver {
	return &deriver{jobs: map[string]*stats.Job{}, byID: map[string]*stats.Job{}, vcs: map[string]int{}}
}

func (d *deriver) add(_ int, r Record) error {
	if r.Ev != EvSession && d.out.Run.Session == "" {
		return errors.New("records before the session record")
	}
	d.last = r
	switch r.Ev {
	case EvSession:
		return d.session(r)
	case EvIntent, EvSkip:
		d.intent(r)
	case EvResult:
		return d.result(r)
	case EvState:
		d.state(r)
	case EvSample:
		d.out.Run.Samples = append(d.out.Run.Samples, stats.Sample{T: r.T, Worker: r.Worker, ByState: r.ByState})
	case EvVC:
		d.vc(r)
	case EvEnd:
		d.out.Run.End, d.out.Clean = r.T, true
	}
	return nil
}

func (d *deriver) session(r Record) error {
	if d.out.Run.Session != "" {
		return fmt.Errorf("second session record (%q after %q)", r.Session, d.out.Run.Session)
	}
	d.out.Run.Session, d.out.Run.Target, d.out.Run.Start, d.out.Run.Plan = r.Session, r.Target, r.T, r.Plan
	return nil
}

func (d *deriver) intent(r Record) {
	j := d.jobs[r.Key]
	if j == nil {
		j = &stats.Job{Key: r.Key}
		d.jobs[r.Key] = j
		d.order = append(d.order, r.Key)
	}
	j.Worker, j.Index, j.Scheduled = r.Worker, r.Index, r.Sched
	j.VirtualClusterID, j.Namespace, j.AZ = r.VC, r.NS, r.AZ
	if r.Ev == EvSkip {
		j.Outcome, j.Error = r.Outcome, r.Err
		return
	}
	j.SubmitStart = r.T
}

func (d *deriver) result(r Record) error {
	j := d.jobs[r.Key]
	if j == nil {
		return fmt.Errorf("result for job %q without an intent", r.Key)
	}
	j.SubmitEnd, j.Outcome, j.ID, j.Attempts, j.Error = r.T, r.Outcome, r.ID, r.Attempts, r.Err
	if r.ID == "" {
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
		return // a job run this worker did not submit (another worker's journal)
	}
	if !sameJob(j, r.Created) {
		d.out.IDConflicts++
		return
	}
	setIf(&j.Created, r.Created)
	setIf(&j.Started, r.Started)
	setIf(&j.Finished, r.Finished)
	if r.Details != "" {
		j.StateDetails = r.Details
	}
	j.FinalState = ""
	if !r.Finished.IsZero() || isTerminal(r.State) {
		j.FinalState = r.State
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

func (d *deriver) finish() *Derived {
	run := &d.out.Run
	run.Jobs = make([]stats.Job, 0, len(d.order))
	for _, k := range d.order {
		j := d.jobs[k]
		if j.Outcome == "" {
			j.Outcome, j.Error = stats.OutcomeOther, ErrNoResult
		}
		run.Jobs = append(run.Jobs, *j)
	}
	sort.SliceStable(run.Jobs, func(a, b int) bool { return run.Jobs[a].Index < run.Jobs[b].Index })
	alignClocks(run)
	if run.End.IsZero() {
		run.End = d.last.T
	}
	return &d.out
}

func setIf(dst *time.Time, v time.Time) {
	if !v.IsZero() {
		*dst = v
	}
}

// isTerminal reports whether an EMR job-run state is final.
func isTerminal(state string) bool {
	return state == "COMPLETED" || state == "FAILED" || state == "CANCELLED"
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
