package emr

import (
	"fmt"
	"strings"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/iampolicy"
)

// PolicyParams are the values the execution role's permissions derive from.
type PolicyParams struct {
	Partition string
	Bucket    string
	// LogGroupARN is the jobs' CloudWatch log group ARN (without ":*").
	LogGroupARN string
	// KMSKeyARN is the bucket key when the bucket uses SSE-KMS, else empty.
	KMSKeyARN string
}

// Bucket actions the jobs need, listed (no wildcards): read code and data,
// write logs and results, clean up multipart uploads.
var (
	bucketActions = []string{"s3:GetBucketLocation", "s3:ListBucket"}
	objectActions = []string{
		"s3:AbortMultipartUpload", "s3:DeleteObject", "s3:GetObject",
		"s3:ListMultipartUploadParts", "s3:PutObject",
	}
	logActions = []string{"logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"}
	kmsActions = []string{"kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey"}
)

// BucketARN is the ARN of an S3 bucket in a partition.
func BucketARN(partition, bucket string) string {
	return fmt.Sprintf("arn:%s:s3:::%s", partition, bucket)
}

// ExecutionPolicy is the execution role's identity policy: the listed
// bucket actions on the bucket and its objects, the jobs' log group, and the
// bucket key if SSE-KMS is used.
func ExecutionPolicy(p PolicyParams) (iampolicy.Document, error) {
	if p.Partition == "" || p.Bucket == "" || p.LogGroupARN == "" {
		return iampolicy.Document{}, fmt.Errorf("execution policy: partition, bucket and log group ARN are required")
	}
	bucket := BucketARN(p.Partition, p.Bucket)
	group := strings.TrimSuffix(p.LogGroupARN, ":*")
	doc := iampolicy.New(
		iampolicy.Allow("Bucket", bucketActions, []string{bucket}),
		iampolicy.Allow("Objects", objectActions, []string{bucket + "/*"}),
		iampolicy.Allow("Logs", logActions, []string{group, group + ":log-stream:*"}),
	)
	if p.KMSKeyARN != "" {
		doc.Statement = append(doc.Statement, iampolicy.Allow("BucketKey", kmsActions, []string{p.KMSKeyARN}))
	}
	return doc, nil
}

// Partition is the AWS partition of a Region (iampolicy.Partition).
func Partition(region string) string { return iampolicy.Partition(region) }

// TLSOnlyBucketPolicy is the bucket policy that refuses every request made
// without TLS, by anyone, on the bucket and its objects (the policy AWS
// documents for aws:SecureTransport). A Deny does not make the bucket
// public, so it passes BlockPublicPolicy.
func TLSOnlyBucketPolicy(partition, bucket string) iampolicy.Document {
	arn := BucketARN(partition, bucket)
	return iampolicy.New(iampolicy.Statement{
		Sid: "DenyInsecureTransport", Effect: "Deny",
		Principal: map[string][]string{"AWS": {"*"}},
		Action:    []string{"s3:*"},
		Resource:  []string{arn, arn + "/*"},
		Condition: map[string]map[string]any{"Bool": {"aws:SecureTransport": "false"}},
	})
}
