package stacks

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/stackconfig"
)

// LoadConfig reads the stack's configuration from the environment the
// Pulumi engine gives a Go program (PULUMI_CONFIG, a JSON object of
// "namespace:key" -> value; tests set it with t.Setenv) and decodes it
// strictly with stackconfig.Decode. The Pulumi Go SDK offers no way to
// list config keys through ctx, and strict decoding needs the list.
func LoadConfig(ctx *pulumi.Context) (stackconfig.Config, error) {
	raw := map[string]string{}
	if s := os.Getenv(pulumi.EnvConfig); s != "" {
		if err := json.Unmarshal([]byte(s), &raw); err != nil {
			return stackconfig.Config{}, fmt.Errorf("reading %s: %w", pulumi.EnvConfig, err)
		}
	}
	_ = ctx // the ctx reads the same map; kept in the signature for callers.
	return stackconfig.Decode(raw)
}
