package emr

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/emr"
)

// bucket is the job bucket and its key (nil for SSE-S3).
type bucket struct {
	b   *s3.BucketV2
	key *kms.Key
}

// declareBucket declares the bucket with SSE, public access blocked,
// ownership enforced (ACLs disabled), TLS required and a log expiry rule.
func declareBucket(ctx *pulumi.Context, name string, cfg spec.Config, region pulumi.StringInput, tags map[string]string, opts ...pulumi.ResourceOption) (*bucket, error) {
	out := &bucket{}
	b, err := s3.NewBucketV2(ctx, name, &s3.BucketV2Args{
		ForceDestroy: pulumi.Bool(cfg.ForceDestroy), Tags: pulumi.ToStringMap(tags),
	}, opts...)
	if err != nil {
		return nil, err
	}
	out.b = b
	sse := s3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs{
		SseAlgorithm: pulumi.String("AES256"),
	}
	if cfg.Encryption == spec.EncryptionKMS {
		key, err := kms.NewKey(ctx, name+"-key", &kms.KeyArgs{
			Description: pulumi.String("EMR on EKS job bucket " + name), EnableKeyRotation: pulumi.Bool(true),
			DeletionWindowInDays: pulumi.Int(7), Tags: pulumi.ToStringMap(tags),
		}, opts...)
		if err != nil {
			return nil, err
		}
		out.key = key
		sse = s3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs{
			SseAlgorithm: pulumi.String("aws:kms"), KmsMasterKeyId: key.Arn,
		}
	}
	if _, err := s3.NewBucketServerSideEncryptionConfigurationV2(ctx, name, &s3.BucketServerSideEncryptionConfigurationV2Args{
		Bucket: b.ID(),
		Rules: s3.BucketServerSideEncryptionConfigurationV2RuleArray{s3.BucketServerSideEncryptionConfigurationV2RuleArgs{
			ApplyServerSideEncryptionByDefault: sse, BucketKeyEnabled: pulumi.Bool(cfg.Encryption == spec.EncryptionKMS),
		}},
	}, opts...); err != nil {
		return nil, err
	}
	if _, err := s3.NewBucketPublicAccessBlock(ctx, name, &s3.BucketPublicAccessBlockArgs{
		Bucket: b.ID(), BlockPublicAcls: pulumi.Bool(true), BlockPublicPolicy: pulumi.Bool(true),
		IgnorePublicAcls: pulumi.Bool(true), RestrictPublicBuckets: pulumi.Bool(true),
	}, opts...); err != nil {
		return nil, err
	}
	if err := declareTLSOnly(ctx, name, b, region, opts); err != nil {
		return nil, err
	}
	if _, err := s3.NewBucketOwnershipControls(ctx, name, &s3.BucketOwnershipControlsArgs{
		Bucket: b.ID(),
		Rule:   s3.BucketOwnershipControlsRuleArgs{ObjectOwnership: pulumi.String("BucketOwnerEnforced")},
	}, opts...); err != nil {
		return nil, err
	}
	_, err = s3.NewBucketLifecycleConfigurationV2(ctx, name, &s3.BucketLifecycleConfigurationV2Args{
		Bucket: b.ID(),
		Rules: s3.BucketLifecycleConfigurationV2RuleArray{s3.BucketLifecycleConfigurationV2RuleArgs{
			Id: pulumi.String("expire-logs"), Status: pulumi.String("Enabled"),
			Filter:     s3.BucketLifecycleConfigurationV2RuleFilterArgs{Prefix: pulumi.String(cfg.LogPrefix)},
			Expiration: s3.BucketLifecycleConfigurationV2RuleExpirationArgs{Days: pulumi.Int(cfg.LogExpirationDays)},
		}},
	}, opts...)
	return out, err
}

// declareTLSOnly attaches spec.TLSOnlyBucketPolicy.
func declareTLSOnly(ctx *pulumi.Context, name string, b *s3.BucketV2, region pulumi.StringInput, opts []pulumi.ResourceOption) error {
	policy := pulumi.All(region, b.Bucket).ApplyT(func(v []any) (string, error) {
		return spec.TLSOnlyBucketPolicy(spec.Partition(v[0].(string)), v[1].(string)).JSON()
	}).(pulumi.StringOutput)
	_, err := s3.NewBucketPolicy(ctx, name+"-tls-only", &s3.BucketPolicyArgs{Bucket: b.ID(), Policy: policy}, opts...)
	return err
}
