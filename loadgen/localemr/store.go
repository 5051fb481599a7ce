package localemr

import (
	crand "crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"sort"
	"time"

	jobstate "github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
)

// Job run states, as the API spells them: the shared vocabulary's (jobstate.IsFinal
// says which are final; TestJobStatesAreTheSDKs holds them to the SDK's JobRunState).
const (
	statePending       = jobstate.StatePending
	stateSubmitted     = jobstate.StateSubmitted
	stateRunning       = jobstate.StateRunning
	stateFailed        = jobstate.StateFailed
	stateCancelled     = jobstate.StateCancelled
	stateCancelPending = jobstate.StateCancelPending
	stateCompleted     = jobstate.StateCompleted
)

// Virtual cluster states.
const (
	vcRunning     = "RUNNING"
	vcTerminating = "TERMINATING"
	vcTerminated  = "TERMINATED"
)

// jobSpec is the part of a StartJobRun request that the server only echoes back. Identical
// specs are interned so that 100,000 jobs rendered from one template share one copy.
type jobSpec struct {
	executionRoleArn, releaseLabel string
	jobDriver, overrides, retry    rawJSON
}

// job is one accepted job run; kept small because the benchmark holds 100,000 of them.
type job struct {
	id, name, clientToken string
	vc                    *vcluster
	spec                  *jobSpec
	tags                  map[string]string
	state                 string
	details               string
	failure               string // failureReason when FAILED
	createdAt             int64  // unix nanos, server clock
	startedAt, finishedAt int64  // 0 = never
	hasSlot               bool   // holds one of Config.Capacity slots
	willFail              bool   // outcome drawn at acceptance
	hasPod                bool   // reached SUBMITTED, so a mirrored driver pod exists (kube.go)
}

// vcluster is a virtual cluster and the index of its jobs by creation time.
type vcluster struct {
	id, name, arn, namespace, eksCluster string
	state                                string
	createdAt                            time.Time
	tags                                 map[string]string
	jobs                                 []*job // in creation order; createdAt non-decreasing
	waiting                              int    // jobs PENDING or SUBMITTED (the queue)
	live                                 int    // jobs not yet in a terminal state
}

// store holds all state; every method is called with Server.mu held.
type store struct {
	cfg      *Config
	rng      *rand.Rand
	ids      *rand.Rand // job-run ids: seeded from crypto/rand, never from Config.Seed
	jobs     []*job
	byToken  map[string]*job // vcID + "\x00" + clientToken
	byID     map[string]*job
	vcs      []*vcluster
	vcByID   map[string]*vcluster
	vcTokens map[string]*vcluster
	specs    map[string]*jobSpec
	tagSets  map[string]map[string]string
	events   eventHeap
	queue    []*job // SUBMITTED jobs waiting for a capacity slot, FIFO
	running  int    // slots in use
	seq      uint64
	// pods receives the driver-pod transitions when a PodMirror runs (nil: off).
	pods podSink
	// backend, when set, runs every job as a real driver pod instead of the modelled lifecycle.
	backend jobBackend
	// onSchedule is told the time of every newly scheduled event (the clock driver's wake-up).
	onSchedule func(at int64)
}

func newStore(cfg *Config, r *rand.Rand) *store {
	return &store{
		cfg: cfg, rng: r, ids: rand.New(rand.NewChaCha8(freshSeed())),
		byToken: map[string]*job{}, byID: map[string]*job{},
		vcByID: map[string]*vcluster{}, vcTokens: map[string]*vcluster{},
		specs: map[string]*jobSpec{}, tagSets: map[string]map[string]string{},
	}
}

// newID returns a lowercase alphanumeric id like AWS's (pattern [0-9a-z]+)
// from the seeded generator: virtual-cluster ids repeat for the same seed.
func (st *store) newID(n int) string { return alnum(st.rng, n) }

// newJobID returns a job-run id that no other server life issued: with the
// seed's generator a restarted serve-local reissued its previous life's ids,
// and a client holding them merged two jobs into one (issue 13, item 8).
func (st *store) newJobID() string { return alnum(st.ids, jobIDLength) }

func alnum(r *rand.Rand, n int) string {
	const alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[r.IntN(len(alphabet))]
	}
	return string(b)
}

// freshSeed is 32 bytes from the operating system's generator.
func freshSeed() (seed [32]byte) {
	_, _ = crand.Read(seed[:]) // never fails on supported platforms (Go 1.24+)
	return seed
}

func (st *store) intern(s jobSpec) *jobSpec {
	h := sha256.New()
	for _, part := range []string{s.executionRoleArn, s.releaseLabel, string(s.jobDriver), string(s.overrides), string(s.retry)} {
		fmt.Fprintf(h, "%d:%s", len(part), part)
	}
	key := hex.EncodeToString(h.Sum(nil)[:16])
	if p, ok := st.specs[key]; ok {
		return p
	}
	p := &s
	st.specs[key] = p
	return p
}

func (st *store) addVirtualCluster(vc VirtualCluster, token, eksCluster string, at time.Time) (*vcluster, error) {
	if token != "" {
		if prev, ok := st.vcTokens[token]; ok {
			return prev, nil
		}
	}
	id := vc.ID
	if id == "" {
		id = st.newID(25)
	}
	if _, dup := st.vcByID[id]; dup {
		return nil, fmt.Errorf("virtual cluster id %s already exists", id)
	}
	for _, other := range st.vcs {
		if other.state != vcTerminated && other.eksCluster == eksCluster && other.namespace == vc.Namespace {
			return nil, fmt.Errorf("a virtual cluster already exists for namespace %s on EKS cluster %s: %s", vc.Namespace, eksCluster, other.id)
		}
	}
	v := &vcluster{
		id: id, name: vc.Name, namespace: vc.Namespace, eksCluster: eksCluster,
		arn:   fmt.Sprintf("arn:aws:emr-containers:%s:%s:/virtualclusters/%s", st.cfg.Region, st.cfg.AccountID, id),
		state: vcRunning, createdAt: at, tags: copyTags(vc.Tags),
	}
	st.vcs = append(st.vcs, v)
	st.vcByID[id] = v
	if token != "" {
		st.vcTokens[token] = v
	}
	return v, nil
}

func copyTags(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// jobsCreatedIn returns the slice of v's jobs with createdAt in [after, before] (inclusive;
// zero bounds are open) using binary search on the creation-ordered index.
func (v *vcluster) jobsCreatedIn(after, before int64) []*job {
	lo := 0
	if after != 0 {
		lo = sort.Search(len(v.jobs), func(i int) bool { return v.jobs[i].createdAt >= after })
	}
	hi := len(v.jobs)
	if before != 0 {
		hi = sort.Search(len(v.jobs), func(i int) bool { return v.jobs[i].createdAt > before })
	}
	if hi < lo {
		hi = lo
	}
	return v.jobs[lo:hi]
}

func (st *store) truth() []JobTruth {
	out := make([]JobTruth, len(st.jobs))
	for i, j := range st.jobs {
		out[i] = JobTruth{
			ID: j.id, VirtualClusterID: j.vc.id, Name: j.name, ClientToken: j.clientToken,
			State: j.state, StateDetails: j.details, Tags: copyTags(j.tags),
			CreatedAt: unixTime(j.createdAt), StartedAt: unixTime(j.startedAt), FinishedAt: unixTime(j.finishedAt),
		}
	}
	return out
}

func unixTime(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}
