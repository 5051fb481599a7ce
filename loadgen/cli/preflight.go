package cli

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers/types"
	"github.com/aws/smithy-go"
)

// Limits of the StartJobRun request, from the emr-containers API model
// (botocore data/emr-containers/2020-10-01/service-2.json, shapes named in
// the comments; preflight_test.go checks them against the model when it is
// on the machine).
const (
	maxNameLen        = 64     // ResourceNameString
	maxEntryPointLen  = 256    // EntryPointPath
	maxEntryArgLen    = 10280  // EntryPointArgument
	maxSubmitParamLen = 102400 // SparkSubmitParameters, SparkSqlParameters
	maxConfigs        = 100    // ConfigurationList
	maxProperties     = 100    // SensitivePropertiesMap
	maxPropertyLen    = 1024   // String1024 (classification, property keys and values)
	maxLogURILen      = 10280  // UriString
	maxTags           = 50     // TagMap
	maxTagKeyLen      = 128    // String128
	maxTagValueLen    = 256    // StringEmpty256
	maxReleaseLen     = 64     // ReleaseLabel
)

var (
	// roleARNRe is the model's IAMRoleArn pattern.
	roleARNRe = regexp.MustCompile(`^arn:(aws[a-zA-Z0-9-]*):iam::(\d{12})?:(role((/)|(/[\x{0021}-\x{007F}]+/))[\w+=,.@-]+)$`)
	// jobNameRe is the model's ResourceNameString pattern.
	jobNameRe = regexp.MustCompile(`^[\.\-_/#A-Za-z0-9]+$`)
	// bucketRe is an S3 bucket name (general purpose buckets: 3-63 of a-z, 0-9, dot, hyphen).
	bucketRe = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
)

// PreflightTimeout bounds validate's calls to the endpoint.
const PreflightTimeout = 10 * time.Second

// checkRequest reports every field of a rendered StartJobRun that the API
// would refuse for its length, count or pattern, and a bucket given as a URL.
func checkRequest(in *emrcontainers.StartJobRunInput, bucket string) []error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	long := func(field, v string, limit int) {
		if len(v) > limit {
			bad("%s is %d characters, the API allows %d", field, len(v), limit)
		}
	}
	if n := aws.ToString(in.Name); len(n) > maxNameLen || !jobNameRe.MatchString(n) {
		bad("job name %q: want 1-%d characters of A-Z a-z 0-9 . - _ / #", n, maxNameLen)
	}
	if r := aws.ToString(in.ExecutionRoleArn); !roleARNRe.MatchString(r) {
		bad("execution role %q is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME; --execution-role-arn)", r)
	}
	long("releaseLabel", aws.ToString(in.ReleaseLabel), maxReleaseLen)
	if bucket != "" && !bucketRe.MatchString(bucket) {
		bad("bucket %q: want a bucket name (e.g. my-bucket), not a URL or path (--bucket)", bucket)
	}
	if d := in.JobDriver; d != nil && d.SparkSubmitJobDriver != nil {
		s := d.SparkSubmitJobDriver
		long("jobDriver.sparkSubmitJobDriver.entryPoint", aws.ToString(s.EntryPoint), maxEntryPointLen)
		long("jobDriver.sparkSubmitJobDriver.sparkSubmitParameters", aws.ToString(s.SparkSubmitParameters), maxSubmitParamLen)
		for i, a := range s.EntryPointArguments {
			long(fmt.Sprintf("jobDriver.sparkSubmitJobDriver.entryPointArguments[%d]", i), a, maxEntryArgLen)
		}
	}
	if o := in.ConfigurationOverrides; o != nil {
		errs = append(errs, checkConfigs("configurationOverrides.applicationConfiguration", o.ApplicationConfiguration)...)
		if m := o.MonitoringConfiguration; m != nil && m.S3MonitoringConfiguration != nil {
			long("s3MonitoringConfiguration.logUri", aws.ToString(m.S3MonitoringConfiguration.LogUri), maxLogURILen)
		}
	}
	if len(in.Tags) > maxTags {
		bad("%d tags, the API allows %d", len(in.Tags), maxTags)
	}
	for k, v := range in.Tags {
		long("tag key "+k, k, maxTagKeyLen)
		long("tag "+k, v, maxTagValueLen)
	}
	return errs
}

func checkConfigs(path string, list []types.Configuration) []error {
	var errs []error
	if len(list) > maxConfigs {
		errs = append(errs, fmt.Errorf("%s has %d entries, the API allows %d", path, len(list), maxConfigs))
	}
	for i, c := range list {
		p := fmt.Sprintf("%s[%d]", path, i)
		if len(c.Properties) > maxProperties {
			errs = append(errs, fmt.Errorf("%s.properties has %d entries, the API allows %d", p, len(c.Properties), maxProperties))
		}
		for k, v := range c.Properties {
			if len(k) > maxPropertyLen || len(v) > maxPropertyLen {
				errs = append(errs, fmt.Errorf("%s.properties[%q]: key or value over %d characters", p, k, maxPropertyLen))
			}
		}
		errs = append(errs, checkConfigs(p+".configurations", c.Configurations)...)
	}
	return errs
}

// DescribeVirtualClusterAPI is the preflight's call.
type DescribeVirtualClusterAPI interface {
	DescribeVirtualCluster(context.Context, *emrcontainers.DescribeVirtualClusterInput, ...func(*emrcontainers.Options)) (*emrcontainers.DescribeVirtualClusterOutput, error)
}

// checkVCs describes every virtual cluster: the endpoint must answer and
// each must exist and be RUNNING. An unreachable endpoint is reported once.
func checkVCs(ctx context.Context, api DescribeVirtualClusterAPI, ids []string) []error {
	ctx, cancel := context.WithTimeout(ctx, PreflightTimeout)
	defer cancel()
	var errs []error
	for _, id := range ids {
		out, err := api.DescribeVirtualCluster(ctx, &emrcontainers.DescribeVirtualClusterInput{Id: aws.String(id)})
		var apiErr smithy.APIError
		var nf *types.ResourceNotFoundException
		switch {
		case errors.As(err, &nf):
			errs = append(errs, fmt.Errorf("virtual cluster %s does not exist (--virtual-clusters or outputs virtualClusterIds)", id))
		case errors.As(err, &apiErr):
			errs = append(errs, fmt.Errorf("DescribeVirtualCluster %s: %s: %s", id, apiErr.ErrorCode(), apiErr.ErrorMessage()))
		case err != nil:
			return append(errs, fmt.Errorf("endpoint unreachable: %w", err))
		case out.VirtualCluster != nil && out.VirtualCluster.State != types.VirtualClusterStateRunning:
			errs = append(errs, fmt.Errorf("virtual cluster %s is %s, not RUNNING", id, out.VirtualCluster.State))
		}
	}
	return errs
}

// preflightError joins the problems into one usage error (exit 2).
func preflightError(errs []error) error {
	if len(errs) == 0 {
		return nil
	}
	lines := make([]string, len(errs))
	for i, e := range errs {
		lines[i] = "  " + e.Error()
	}
	return fmt.Errorf("%w: preflight found %d problems, nothing was submitted:\n%s", ErrUsage, len(errs), strings.Join(lines, "\n"))
}
