package sparkoperator

import (
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/sparkoperator"
)

// declareWebhookSecret declares the certificate Secret of r. The program
// makes new keys on every run; ignoreChanges keeps the ones of the first
// `pulumi up`, so later ups show no diff and the operator keeps its CA.
func declareWebhookSecret(ctx *pulumi.Context, name string, r spec.Release, certs map[string]string, opts ...pulumi.ResourceOption) (pulumi.Resource, error) {
	data := pulumi.StringMap{}
	for k, v := range certs {
		data[k] = pulumi.ToSecret(pulumi.String(v)).(pulumi.StringOutput)
	}
	return corev1.NewSecret(ctx, name, &corev1.SecretArgs{
		Metadata:   &metav1.ObjectMetaArgs{Name: pulumi.String(spec.WebhookSecretName(r)), Namespace: pulumi.String(r.Namespace)},
		Type:       pulumi.String("Opaque"),
		StringData: data,
	}, append(opts, pulumi.IgnoreChanges([]string{"stringData", "data"}))...)
}
