package localemr

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	smithytime "github.com/aws/smithy-go/time"
)

const (
	defaultPageSize = 50   // ListJobRuns page size when maxResults is absent, and its maximum
	maxScanPerPage  = 2000 // jobs examined per ListJobRuns call; beyond it a page ends early with a nextToken
	jobIDLength     = 19   // like AWS's job run ids
)

type startJobRunOut struct {
	ID               string `json:"id"`
	Name             string `json:"name,omitempty"`
	Arn              string `json:"arn"`
	VirtualClusterID string `json:"virtualClusterId"`
}

func (s *Server) startJobRun(r *http.Request) (any, *apiError) {
	vcID := r.PathValue("virtualClusterId")
	var req startJobRunRequest
	if e := decodeBody(r, &req); e != nil {
		return nil, e
	}
	if e := req.validate(vcID); e != nil {
		return nil, e
	}
	spec := jobSpec{jobDriver: req.JobDriver, overrides: req.ConfigurationOverrides, retry: req.RetryPolicyConfiguration}
	spec.executionRoleArn = deref(req.ExecutionRoleArn)
	spec.releaseLabel = deref(req.ReleaseLabel)

	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	st := s.store
	st.advance(now)
	j, e := st.admit(vcID, *req.ClientToken)
	if e != nil || j != nil {
		return startOut(j), e
	}
	j = &job{
		id: st.newJobID(), name: deref(req.Name), clientToken: *req.ClientToken,
		vc: st.vcByID[vcID], spec: st.intern(spec), tags: st.internTags(req.Tags),
	}
	st.byToken[vcID+"\x00"+j.clientToken] = j
	st.accept(j, now.UnixNano())
	return startOut(j), nil
}

// admit returns the job already accepted with this clientToken (an SDK retry), or an error
// when the virtual cluster cannot take a new job; (nil, nil) means accept a new one.
func (st *store) admit(vcID, token string) (*job, *apiError) {
	v := st.vcByID[vcID]
	if v == nil {
		return nil, notFoundErr(fmt.Sprintf("Virtual cluster %s doesn't exist.", vcID))
	}
	if j := st.byToken[vcID+"\x00"+token]; j != nil {
		return j, nil
	}
	if v.state != vcRunning {
		return nil, validationErr(fmt.Sprintf("Virtual cluster %s is not in RUNNING state (state: %s).", vcID, v.state))
	}
	if lim := st.cfg.QueueLimit; lim > 0 && v.waiting >= lim {
		return nil, validationErr(fmt.Sprintf("Virtual cluster %s: %s (%d job runs waiting, limit %d). Retry later.", vcID, QueueFullMessage, v.waiting, lim))
	}
	return nil, nil
}

func startOut(j *job) any {
	if j == nil {
		return nil
	}
	return startJobRunOut{ID: j.id, Name: j.name, Arn: j.vc.arn + "/jobruns/" + j.id, VirtualClusterID: j.vc.id}
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// internTags shares one map between jobs with identical tags (typically a whole session).
func (st *store) internTags(tags map[string]string) map[string]string {
	if len(tags) == 0 {
		return nil
	}
	keys := make([]string, 0, len(tags))
	for k := range tags {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%d:%s=%d:%s;", len(k), k, len(tags[k]), tags[k])
	}
	key := "tags\x00" + b.String()
	if p, ok := st.tagSets[key]; ok {
		return p
	}
	m := copyTags(tags)
	st.tagSets[key] = m
	return m
}

func (s *Server) describeJobRun(r *http.Request) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.store.advance(s.now())
	j, e := s.store.lookupJob(r.PathValue("virtualClusterId"), r.PathValue("jobRunId"))
	if e != nil {
		return nil, e
	}
	return struct {
		JobRun jobRunOut `json:"jobRun"`
	}{s.store.jobRunOut(j)}, nil
}

func (st *store) lookupJob(vcID, id string) (*job, *apiError) {
	j := st.byID[id]
	if j == nil || j.vc.id != vcID {
		return nil, notFoundErr(fmt.Sprintf("Job run %s doesn't exist in virtual cluster %s.", id, vcID))
	}
	return j, nil
}

func (s *Server) cancelJobRun(r *http.Request) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	s.store.advance(now)
	vcID, id := r.PathValue("virtualClusterId"), r.PathValue("jobRunId")
	j, e := s.store.lookupJob(vcID, id)
	if e != nil {
		return nil, validationErr(e.msg) // CancelJobRun models no ResourceNotFoundException
	}
	if !s.store.cancel(j, now.UnixNano(), detailsCancelled) {
		return nil, validationErr(fmt.Sprintf("Job run %s is already in terminal state %s.", id, j.state))
	}
	return struct {
		ID               string `json:"id"`
		VirtualClusterID string `json:"virtualClusterId"`
	}{id, vcID}, nil
}

// listQuery is the parsed query string shared by ListJobRuns and ListVirtualClusters.
type listQuery struct {
	after, before int64 // unix nanos, 0 = open
	states        map[string]bool
	max           int
	token         string
}

func parseListQuery(r *http.Request, states []string) (listQuery, *apiError) {
	q := r.URL.Query()
	var v violations
	lq := listQuery{max: defaultPageSize, token: q.Get("nextToken")}
	lq.after = parseTimeParam(&v, q.Get("createdAfter"), "createdAfter")
	lq.before = parseTimeParam(&v, q.Get("createdBefore"), "createdBefore")
	if m := q.Get("maxResults"); m != "" {
		n, err := strconv.Atoi(m)
		if err != nil || n < 1 {
			v.add("Value '%s' at 'maxResults' failed to satisfy constraint: Member must be a positive integer", m)
		}
		lq.max = min(n, defaultPageSize)
	}
	if ss := q["states"]; len(ss) > 0 {
		lq.states = map[string]bool{}
		for _, st := range ss {
			if !contains(states, st) {
				v.add("Value '%s' at 'states' failed to satisfy constraint: Member must satisfy enum value set: [%s]", st, strings.Join(states, ", "))
			}
			lq.states[st] = true
		}
	}
	return lq, v.err()
}

func parseTimeParam(v *violations, s, field string) int64 {
	if s == "" {
		return 0
	}
	t, err := smithytime.ParseDateTime(s)
	if err != nil {
		if t, err = time.Parse(time.RFC3339Nano, s); err != nil {
			v.add("Value '%s' at '%s' failed to satisfy constraint: Member must be an ISO 8601 timestamp", s, field)
			return 0
		}
	}
	return t.UnixNano()
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

var jobStates = []string{statePending, stateSubmitted, stateRunning, stateFailed, stateCancelled, stateCancelPending, stateCompleted}

// listJobRuns pages newest first through the job index of one virtual cluster, bounded by
// the creation-time range (binary search), examining at most maxScanPerPage jobs per call.
func (s *Server) listJobRuns(r *http.Request) (any, *apiError) {
	vcID := r.PathValue("virtualClusterId")
	lq, e := parseListQuery(r, jobStates)
	if e != nil {
		return nil, e
	}
	name := r.URL.Query().Get("name")
	s.mu.Lock()
	defer s.mu.Unlock()
	s.store.advance(s.now())
	v := s.store.vcByID[vcID]
	if v == nil {
		return nil, validationErr(fmt.Sprintf("Virtual cluster %s doesn't exist.", vcID))
	}
	jobs := v.jobsCreatedIn(lq.after, lq.before)
	pos, e := decodeToken(lq.token, "jobs:"+vcID, len(jobs))
	if e != nil {
		return nil, e
	}
	out := listJobRunsOut{JobRuns: []jobRunOut{}}
	scanned := 0
	for ; pos >= 0 && len(out.JobRuns) < lq.max && scanned < maxScanPerPage; pos-- {
		scanned++
		j := jobs[pos]
		if (name == "" || j.name == name) && (lq.states == nil || lq.states[j.state]) {
			out.JobRuns = append(out.JobRuns, s.store.jobRunOut(j))
		}
	}
	if pos >= 0 {
		out.NextToken = encodeToken("jobs:"+vcID, jobs[pos].id, pos)
	}
	return out, nil
}

type listJobRunsOut struct {
	JobRuns   []jobRunOut `json:"jobRuns"`
	NextToken string      `json:"nextToken,omitempty"`
}

// A page token names the scope, the next item's id and its position counted from the start
// of the filtered range; positions stay valid because items are only ever appended.
func encodeToken(scope, id string, pos int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(scope + "|" + id + "|" + strconv.Itoa(pos)))
}

// decodeToken returns the position to continue from (n-1, the newest, when token is empty).
func decodeToken(token, scope string, n int) (int, *apiError) {
	if token == "" {
		return n - 1, nil
	}
	bad := validationErr("Invalid pagination token: " + token)
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		return 0, bad
	}
	parts := strings.Split(string(raw), "|")
	if len(parts) != 3 || parts[0] != scope {
		return 0, bad
	}
	pos, err := strconv.Atoi(parts[2])
	if err != nil || pos < 0 || pos >= n {
		return 0, bad
	}
	return pos, nil
}
