package emr

import (
	"context"
	"errors"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers"
	"github.com/aws/smithy-go"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
)

// StartJobRunAPI is the one call submission needs.
type StartJobRunAPI interface {
	StartJobRun(ctx context.Context, in *emrcontainers.StartJobRunInput, opts ...func(*emrcontainers.Options)) (*emrcontainers.StartJobRunOutput, error)
}

// Result is what one submission produced (job.Result).
type Result = job.Result

// Submit sends one StartJobRun (with retries) and classifies the outcome.
func Submit(ctx context.Context, api StartJobRunAPI, in *emrcontainers.StartJobRunInput) Result {
	var attempts int
	out, err := api.StartJobRun(WithAttempts(ctx, &attempts), in)
	if err != nil {
		return Result{Outcome: Classify(err), Attempts: attempts, Err: err}
	}
	return Result{ID: aws.ToString(out.Id), Outcome: job.OutcomeAccepted, Attempts: attempts}
}

var throttleCodes = map[string]bool{"ThrottlingException": true, "RequestThrottledException": true,
	"EKSRequestThrottledException": true, "TooManyRequestsException": true, "Throttling": true,
	"RequestLimitExceeded": true, "SlowDown": true}

var deniedCodes = map[string]bool{"AccessDeniedException": true, "AccessDenied": true,
	"UnrecognizedClientException": true, "InvalidSignatureException": true, "ExpiredTokenException": true}

// Classify maps a StartJobRun error to an outcome. A ValidationException
// about a full job queue is load shed by the virtual cluster (queue_full),
// not a malformed request.
func Classify(err error) string {
	var api smithy.APIError
	if !errors.As(err, &api) {
		return job.OutcomeOther
	}
	code := api.ErrorCode()
	switch {
	case throttleCodes[code]:
		return job.OutcomeThrottled
	case deniedCodes[code]:
		return job.OutcomeAccessDenied
	case code == "ValidationException" && strings.Contains(strings.ToLower(api.ErrorMessage()), "queue"):
		return job.OutcomeQueueFull
	case code == "ValidationException":
		return job.OutcomeValidation
	}
	return job.OutcomeOther
}
