package cli

import (
	"flag"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/emr"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/flagnames"
)

// targetFlags say where to submit; shared by run, validate and stop.
type targetFlags struct {
	outputs, stack, endpoint               string
	region, role, bucket, release, account string
	cluster, vcs, namespaces, azs          string
	maxAttempts                            int
	retryMode                              string
}

func (t *targetFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&t.outputs, flagnames.Outputs, "", "stack outputs: a file holding `pulumi stack output --json --show-secrets`, or - for stdin")
	fs.StringVar(&t.stack, "stack", "", "Pulumi stack `name`: runs pulumi stack output --json --show-secrets --stack NAME for you")
	fs.StringVar(&t.endpoint, "endpoint", "", "emr-containers base `URL` (e.g. a `loadgen serve-local` instance); default: AWS, or the in-process local target when no outputs are given")
	fs.StringVar(&t.region, "region", "", "AWS region (default: outputs, then us-east-1 for the local target)")
	fs.StringVar(&t.role, "execution-role-arn", "", "EMR job execution role ARN (default: outputs emrExecutionRoleArn)")
	fs.StringVar(&t.bucket, "bucket", "", "S3 bucket for job logs and data (default: outputs emrBucket)")
	fs.StringVar(&t.release, "release-label", "", "EMR release label (default: outputs emrReleaseLabel, else emr-7.9.0-latest)")
	fs.StringVar(&t.account, "account-id", "", "AWS account id (default: outputs accountId)")
	fs.StringVar(&t.cluster, "cluster-name", "", "EKS cluster name, for --create-virtual-clusters (default: outputs clusterName)")
	fs.StringVar(&t.vcs, "virtual-clusters", "", "virtual clusters to submit to: `NS=ID,...` or ID,... (default: outputs virtualClusterIds)")
	fs.StringVar(&t.namespaces, "namespaces", "", "job namespaces, comma-separated, for --create-virtual-clusters (default: outputs jobNamespaces)")
	fs.StringVar(&t.azs, "azs", "", "availability zones for placement, comma-separated (default: outputs availabilityZones; empty: no zone selector)")
	fs.StringVar(&t.retryMode, "retry-mode", emr.RetryAdaptive, "StartJobRun's SDK retry mode: adaptive (also slows submission down after throttling) or standard (backoff only); tracking, stop and setup always use standard retries on their own client")
	fs.IntVar(&t.maxAttempts, "max-attempts", emr.DefaultMaxAttempts, "StartJobRun calls per request including retries (other calls: 5, standard retries)")
}
