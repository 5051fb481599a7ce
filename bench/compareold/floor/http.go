package floor

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/emrcontainers"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/template"
)

// tokenMark stands for the clientToken in the precomputed body; each job gets its own.
const tokenMark = "FLOOR-CLIENT-TOKEN"

// fakeAuthorization is a constant SigV4-shaped header: the local endpoint checks only that
// one is present, so the bare client does no signing work (the SDK floor does).
const fakeAuthorization = "AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/emr-containers/aws4_request, " +
	"SignedHeaders=content-type;host;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000"

// newHTTPSender renders the job once and returns a sender that POSTs it with a fresh
// clientToken per job over one kept-alive connection.
func newHTTPSender(cfg Config) (sendFunc, error) {
	in, err := renderJob(cfg)
	if err != nil {
		return nil, err
	}
	in.ClientToken = strPtr(tokenMark)
	body, err := template.MarshalCLIInput(in)
	if err != nil {
		return nil, err
	}
	before, after, ok := bytes.Cut(body, []byte(tokenMark))
	if !ok {
		return nil, fmt.Errorf("rendered body lacks the client token mark")
	}
	u := cfg.Endpoint + "/virtualclusters/" + url.PathEscape(cfg.VirtualClusterID) + "/jobruns"
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1, IdleConnTimeout: time.Minute}, Timeout: 30 * time.Second}
	buf := make([]byte, 0, len(body)+32)
	return func(ctx context.Context, i int) error {
		buf = append(append(append(buf[:0], before...), "floor-"+strconv.Itoa(i)...), after...)
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(buf))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", fakeAuthorization)
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		_, _ = io.Copy(io.Discard, resp.Body) // drained, so the connection is kept alive
		_ = resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("StartJobRun: %s", resp.Status)
		}
		return nil
	}, nil
}

// renderJob renders the template for one job in the floor's session (variables fixed:
// the bodies differ only in their clientToken).
func renderJob(cfg Config) (*emrcontainers.StartJobRunInput, error) {
	t, err := template.Load(cfg.Template)
	if err != nil {
		return nil, err
	}
	return t.Render(template.Vars{SessionID: "floor", JobName: "floor-job", VirtualClusterID: cfg.VirtualClusterID,
		Namespace: "emr-jobs-1", ExecutionRoleARN: "arn:aws:iam::123456789012:role/emr-on-local-execution-role",
		Bucket: "emr-on-local-123456789012-us-east-1", ReleaseLabel: "emr-7.9.0-latest", Region: "us-east-1",
		AccountID: "123456789012"}, template.Placement{AZ: "us-west-2a"})
}

func strPtr(s string) *string { return &s }
