// Package stop cleans up after sessions: it cancels their live job runs,
// waits for them to leave the live states and deletes session-owned virtual
// clusters. It finds job runs both from a journal and from ListJobRuns by
// name prefix and tags, so it works after a crash or from another machine,
// and it is idempotent: a second run finds nothing.
package stop

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers/types"
	"github.com/aws/smithy-go"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/journal"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/template"
)

// API is the emrcontainers surface stop uses.
type API interface {
	ListJobRuns(context.Context, *emrcontainers.ListJobRunsInput, ...func(*emrcontainers.Options)) (*emrcontainers.ListJobRunsOutput, error)
	CancelJobRun(context.Context, *emrcontainers.CancelJobRunInput, ...func(*emrcontainers.Options)) (*emrcontainers.CancelJobRunOutput, error)
	ListVirtualClusters(context.Context, *emrcontainers.ListVirtualClustersInput, ...func(*emrcontainers.Options)) (*emrcontainers.ListVirtualClustersOutput, error)
	DeleteVirtualCluster(context.Context, *emrcontainers.DeleteVirtualClusterInput, ...func(*emrcontainers.Options)) (*emrcontainers.DeleteVirtualClusterOutput, error)
}

// Options select what to stop: one session (Session, optionally with its
// journal) or everything the tool created on an EKS cluster (Cluster).
type Options struct {
	Session string
	Journal *journal.Derived // may be nil (no local journal)
	Cluster string
	DryRun  bool
	Wait    time.Duration // how long to wait for cancelled runs to end
	Poll    time.Duration // how often to check while waiting
	Out     io.Writer
}

// Result counts what was (or, with DryRun, would be) done.
type Result struct {
	Cancelled, StillLive []string // job-run ids
	DeletedVCs           []string
}

// ErrStillLive means cancelled job runs were still live when Wait ran out.
var ErrStillLive = errors.New("job runs still live after waiting")

// sessionNameRe matches job-run and virtual-cluster names of generated session ids.
var sessionNameRe = regexp.MustCompile(`^lg-\d{8}-\d{6}-[0-9a-f]{4}(-|$)`)

// SessionRe is a valid session id (the run command's rule).
var SessionRe = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{2,39}$`)

// ErrBadSession is a session id that no run could have used.
var ErrBadSession = errors.New("not a valid session id")

// jobSuffixRe is what the engine appends to the session id in a job-run name.
var jobSuffixRe = regexp.MustCompile(`^-\d{6,}$`)

// notFinal are the SDK's job-run states that job.IsFinal calls live: a
// cancelled run has ended once it is in none of them.
var notFinal = slices.DeleteFunc(types.JobRunState("").Values(), func(s types.JobRunState) bool {
	return job.IsFinal(string(s))
})

// liveStates are the states a run is cancelled in: live and not already
// being cancelled.
var liveStates = slices.DeleteFunc(slices.Clone(notFinal), func(s types.JobRunState) bool {
	return s == types.JobRunStateCancelPending
})

// Run stops what opts selects and prints each action to opts.Out.
func Run(ctx context.Context, api API, opts Options) (Result, error) {
	if opts.Poll <= 0 {
		opts.Poll = 2 * time.Second
	}
	var res Result
	if opts.Session != "" && !SessionRe.MatchString(opts.Session) {
		return res, fmt.Errorf("--session %q: %w (3-40 characters of a-z, 0-9 and -, starting with a letter or digit)", opts.Session, ErrBadSession)
	}
	vcs, err := listVCs(ctx, api, opts.Cluster)
	if err != nil {
		return res, err
	}
	runs, err := findRuns(ctx, api, opts, vcIDs(opts, vcs), liveStates)
	if err != nil {
		return res, err
	}
	runs = append(runs, journalOnly(opts, runs)...)
	var cancelled []types.JobRun
	for _, jr := range runs {
		ok, err := cancel(ctx, api, opts, jr)
		if err != nil {
			return res, err
		}
		if ok {
			cancelled = append(cancelled, jr)
			res.Cancelled = append(res.Cancelled, aws.ToString(jr.Id))
		}
	}
	if !opts.DryRun && len(cancelled) > 0 {
		if res.StillLive, err = waitEnded(ctx, api, opts, cancelled); err != nil {
			return res, err
		}
	}
	res.DeletedVCs, err = deleteVCs(ctx, api, opts, vcs)
	summarize(opts, res)
	return res, err
}

// ownedRun reports whether a listed job run belongs to what opts selects. A
// session matches its tag exactly; a run without a session tag matches only
// by the engine's exact name, <session>-<index>, so session "pfx-1" never
// takes session "pfx-1-2"'s runs.
func ownedRun(opts Options, name string, tags map[string]string) bool {
	if opts.Session == "" {
		return tags[template.ToolTag] == template.ToolName || sessionNameRe.MatchString(name)
	}
	if s, ok := tags[template.SessionTag]; ok {
		return s == opts.Session
	}
	rest, ok := strings.CutPrefix(name, opts.Session)
	return ok && jobSuffixRe.MatchString(rest)
}

// ownedVC reports whether a virtual cluster belongs to what opts selects: a
// session's by its tag, or by the journal's record of it (its name,
// <session>-<namespace>, cannot tell "pfx-1" from "pfx-1-2").
func ownedVC(opts Options, vc types.VirtualCluster) bool {
	if opts.Session == "" {
		return vc.Tags[template.ToolTag] == template.ToolName || sessionNameRe.MatchString(aws.ToString(vc.Name))
	}
	if s, ok := vc.Tags[template.SessionTag]; ok {
		return s == opts.Session
	}
	if opts.Journal != nil {
		for _, j := range opts.Journal.VirtualClusters {
			if j.ID == aws.ToString(vc.Id) {
				return true
			}
		}
	}
	return false
}

// journalState marks a run known only from the journal.
const journalState types.JobRunState = "unknown (from the journal)"

// journalOnly are the journal's accepted, not-ended job runs that no listing
// showed (a server whose createdAt or clock disagrees with ours): they are
// cancelled by id. Their state is unknown, so they print as such.
func journalOnly(opts Options, listed []types.JobRun) []types.JobRun {
	if opts.Journal == nil || opts.Session == "" {
		return nil
	}
	seen := map[string]bool{}
	for _, jr := range listed {
		seen[aws.ToString(jr.Id)] = true
	}
	var out []types.JobRun
	for _, j := range opts.Journal.Live() {
		if j.ID == "" || seen[j.ID] {
			continue
		}
		seen[j.ID] = true
		out = append(out, types.JobRun{Id: aws.String(j.ID), VirtualClusterId: aws.String(j.VirtualClusterID),
			Name: aws.String(j.Key), State: journalState})
	}
	return out
}

// cancel cancels one job run and reports whether it counts as cancelled. A
// listed run that ended meanwhile still counts; a journal id (state unknown)
// that the server refuses to cancel because it has ended does not, and is not
// printed, so a second stop finds nothing.
func cancel(ctx context.Context, api API, opts Options, jr types.JobRun) (bool, error) {
	fromJournal := jr.State == journalState
	line := fmt.Sprintf("job run %s (%s) on virtual cluster %s, state %s\n", aws.ToString(jr.Id),
		aws.ToString(jr.Name), aws.ToString(jr.VirtualClusterId), jr.State)
	if opts.DryRun {
		if fromJournal {
			line = strings.TrimSuffix(line, "\n") + ", if still live\n"
		}
		fmt.Fprint(opts.Out, "would cancel "+line)
		return true, nil
	}
	if !fromJournal {
		fmt.Fprint(opts.Out, "cancel "+line)
	}
	_, err := api.CancelJobRun(ctx, &emrcontainers.CancelJobRunInput{Id: jr.Id, VirtualClusterId: jr.VirtualClusterId})
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) && (apiErr.ErrorCode() == "ValidationException" || apiErr.ErrorCode() == "ResourceNotFoundException") {
		return !fromJournal, nil // it ended between listing and cancelling, or long ago
	}
	if err != nil {
		return false, fmt.Errorf("cancelling job run %s: %w", aws.ToString(jr.Id), err)
	}
	if fromJournal {
		fmt.Fprint(opts.Out, "cancel "+line)
	}
	return true, nil
}

func summarize(opts Options, res Result) {
	what := "session " + opts.Session
	if opts.Cluster != "" {
		what = "cluster " + opts.Cluster
	}
	if len(res.Cancelled) == 0 && len(res.DeletedVCs) == 0 {
		fmt.Fprintf(opts.Out, "nothing to stop for %s\n", what)
		return
	}
	verb := ""
	if opts.DryRun {
		verb = "dry run: would have "
	}
	fmt.Fprintf(opts.Out, "%s: %scancelled %d job runs, deleted %d virtual clusters\n", what, verb,
		len(res.Cancelled), len(res.DeletedVCs))
}

func errorsAs[T any](err error, target *T) bool { return errors.As(err, target) }
