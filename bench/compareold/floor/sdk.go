package floor

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers"
)

// newSDKSender returns a sender that calls StartJobRun with aws-sdk-go-v2 (static
// credentials, default retryer, SigV4, the SDK's own idempotency token per call).
func newSDKSender(cfg Config) (sendFunc, error) {
	in, err := renderJob(cfg)
	if err != nil {
		return nil, err
	}
	client := emrcontainers.New(emrcontainers.Options{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("local", "local", ""),
		BaseEndpoint: aws.String(cfg.Endpoint),
	})
	return func(ctx context.Context, _ int) error {
		job := *in // a shallow copy: the SDK fills ClientToken in its own copy
		if _, err := client.StartJobRun(ctx, &job); err != nil {
			return fmt.Errorf("StartJobRun: %w", err)
		}
		return nil
	}, nil
}
