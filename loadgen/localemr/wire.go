package localemr

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// rawJSON is a request subtree the server only stores and echoes back.
type rawJSON = json.RawMessage

// timeLayout is RFC 3339 in UTC with microseconds: what smithy's ParseDateTime and botocore
// read. Model times are kept at microsecond precision so JobTruth equals what clients see.
const timeLayout = "2006-01-02T15:04:05.000000Z"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

// apiError is an error response as AWS sends it: the type in X-Amzn-Errortype, the message in
// the JSON body. The SDK's retryer classifies ThrottlingException and 5xx from these alone.
type apiError struct {
	status int
	code   string
	msg    string
}

func (e *apiError) Error() string { return e.code + ": " + e.msg }

func validationErr(msg string) *apiError {
	return &apiError{status: http.StatusBadRequest, code: "ValidationException", msg: msg}
}

func notFoundErr(msg string) *apiError {
	return &apiError{status: http.StatusNotFound, code: "ResourceNotFoundException", msg: msg}
}

var (
	errThrottled = &apiError{status: http.StatusTooManyRequests, code: "ThrottlingException", msg: "Rate exceeded"}
	errInternal  = &apiError{status: http.StatusInternalServerError, code: "InternalServerException", msg: "An internal error occurred. Please retry the request."}
	errNoAuth    = &apiError{status: http.StatusForbidden, code: "MissingAuthenticationTokenException", msg: "Missing Authentication Token"}
)

func writeError(w http.ResponseWriter, e *apiError) {
	h := w.Header()
	h.Set("X-Amzn-Errortype", e.code)
	h.Set("Content-Type", "application/json")
	w.WriteHeader(e.status)
	body, _ := json.Marshal(struct {
		Message string `json:"message"`
	}{e.msg})
	_, _ = w.Write(body)
}

func writeJSON(w http.ResponseWriter, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		writeError(w, errInternal)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
}

// jobRunOut is the JobRun shape of DescribeJobRun and ListJobRuns.
type jobRunOut struct {
	ID                       string            `json:"id"`
	Name                     string            `json:"name,omitempty"`
	VirtualClusterID         string            `json:"virtualClusterId"`
	Arn                      string            `json:"arn"`
	State                    string            `json:"state"`
	ClientToken              string            `json:"clientToken"`
	ExecutionRoleArn         string            `json:"executionRoleArn,omitempty"`
	ReleaseLabel             string            `json:"releaseLabel,omitempty"`
	ConfigurationOverrides   rawJSON           `json:"configurationOverrides,omitempty"`
	JobDriver                rawJSON           `json:"jobDriver,omitempty"`
	CreatedAt                string            `json:"createdAt"`
	CreatedBy                string            `json:"createdBy"`
	FinishedAt               string            `json:"finishedAt,omitempty"`
	StateDetails             string            `json:"stateDetails,omitempty"`
	FailureReason            string            `json:"failureReason,omitempty"`
	Tags                     map[string]string `json:"tags,omitempty"`
	RetryPolicyConfiguration rawJSON           `json:"retryPolicyConfiguration,omitempty"`
}

func (st *store) jobRunOut(j *job) jobRunOut {
	out := jobRunOut{
		ID: j.id, Name: j.name, VirtualClusterID: j.vc.id, State: j.state, ClientToken: j.clientToken,
		Arn:              j.vc.arn + "/jobruns/" + j.id,
		ExecutionRoleArn: j.spec.executionRoleArn, ReleaseLabel: j.spec.releaseLabel,
		ConfigurationOverrides: j.spec.overrides, JobDriver: j.spec.jobDriver,
		RetryPolicyConfiguration: j.spec.retry,
		CreatedAt:                formatTime(unixTime(j.createdAt)),
		CreatedBy:                "arn:aws:iam::" + st.cfg.AccountID + ":user/loadgen-local",
		StateDetails:             j.details, FailureReason: j.failure, Tags: j.tags,
	}
	if j.finishedAt != 0 {
		out.FinishedAt = formatTime(unixTime(j.finishedAt))
	}
	return out
}

// virtualClusterOut is the VirtualCluster shape.
type virtualClusterOut struct {
	ID                string            `json:"id"`
	Name              string            `json:"name"`
	Arn               string            `json:"arn"`
	State             string            `json:"state"`
	ContainerProvider containerProvider `json:"containerProvider"`
	CreatedAt         string            `json:"createdAt"`
	Tags              map[string]string `json:"tags,omitempty"`
}

type containerProvider struct {
	Type string   `json:"type"`
	ID   string   `json:"id"`
	Info *ctrInfo `json:"info,omitempty"`
}

type ctrInfo struct {
	EksInfo *struct {
		Namespace string `json:"namespace,omitempty"`
	} `json:"eksInfo,omitempty"`
}

func virtualClusterView(v *vcluster) virtualClusterOut {
	info := &ctrInfo{EksInfo: &struct {
		Namespace string `json:"namespace,omitempty"`
	}{v.namespace}}
	return virtualClusterOut{
		ID: v.id, Name: v.name, Arn: v.arn, State: v.state, CreatedAt: formatTime(v.createdAt), Tags: v.tags,
		ContainerProvider: containerProvider{Type: "EKS", ID: v.eksCluster, Info: info},
	}
}
