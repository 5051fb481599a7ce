package loadgenapp

import (
	"fmt"
	"sort"
	"strings"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/iampolicy"
)

// PolicyParams are the values the load generator's permissions derive from.
type PolicyParams struct {
	Partition, Region, AccountID string
	// VirtualClusterIDs are this stack's virtual clusters (and nothing else).
	VirtualClusterIDs []string
	// ExecutionRoleARN is the only role job runs may be started with.
	ExecutionRoleARN string
	Bucket           string
	ResultsPrefix    string
	// KMSKeyARN is the bucket's SSE-KMS key (emrBucketEncryption=kms), else
	// empty: writing an object needs kms:GenerateDataKey, reading it
	// kms:Decrypt.
	KMSKeyARN string
}

var (
	jobRunActions = []string{"emr-containers:CancelJobRun", "emr-containers:DescribeJobRun", "emr-containers:TagResource"}
	vcActions     = []string{"emr-containers:DescribeVirtualCluster", "emr-containers:ListJobRuns"}
	resultActions = []string{"s3:AbortMultipartUpload", "s3:GetObject", "s3:PutObject"}
	keyActions    = []string{"kms:Decrypt", "kms:GenerateDataKey"}
)

// Policy is the load generator role's identity policy: start job runs on
// this stack's virtual clusters only and only with the execution role;
// describe, list, cancel and tag them; read and write the results prefix.
func Policy(p PolicyParams) (iampolicy.Document, error) {
	if p.Partition == "" || p.Region == "" || p.AccountID == "" || p.ExecutionRoleARN == "" || p.Bucket == "" || len(p.VirtualClusterIDs) == 0 {
		return iampolicy.Document{}, fmt.Errorf("loadgen policy: partition, region, account, virtual clusters, execution role and bucket are required")
	}
	ids := append([]string(nil), p.VirtualClusterIDs...)
	sort.Strings(ids)
	var vcs, runs []string
	for _, id := range ids {
		arn := fmt.Sprintf("arn:%s:emr-containers:%s:%s:/virtualclusters/%s", p.Partition, p.Region, p.AccountID, id)
		vcs, runs = append(vcs, arn), append(runs, arn+"/jobruns/*")
	}
	bucket := fmt.Sprintf("arn:%s:s3:::%s", p.Partition, p.Bucket)
	start := iampolicy.Allow("StartJobRuns", []string{"emr-containers:StartJobRun"}, vcs)
	start.Condition = map[string]map[string]any{"StringEquals": {"emr-containers:ExecutionRoleArn": p.ExecutionRoleARN}}
	list := iampolicy.Allow("ListResults", []string{"s3:ListBucket"}, []string{bucket})
	list.Condition = map[string]map[string]any{"StringLike": {"s3:prefix": p.ResultsPrefix + "*"}}
	doc := iampolicy.New(
		start,
		iampolicy.Allow("VirtualClusters", vcActions, vcs),
		iampolicy.Allow("JobRuns", jobRunActions, runs),
		iampolicy.Allow("Results", resultActions, []string{bucket + "/" + strings.TrimPrefix(p.ResultsPrefix, "/") + "*"}),
		list,
	)
	if p.KMSKeyARN != "" {
		doc.Statement = append(doc.Statement, iampolicy.Allow("ResultsKey", keyActions, []string{p.KMSKeyARN}))
	}
	return doc, nil
}
