// Command pulumi-resource-kubernetes is the Pulumi Kubernetes provider
// v4.25.0, built from the module proxy. It mirrors the upstream
// provider/v4/cmd/pulumi-resource-kubernetes main; the two embedded files are
// written by gen.go at build time (see scripts/testbin.sh) and never committed.
package main

import (
	_ "embed"

	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/provider"
	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version"
)

//go:embed schema-embed.json
var pulumiSchema []byte

//go:embed terraform-mapping-embed.json
var terraformMapping []byte

func main() {
	provider.Serve("kubernetes", version.Version, pulumiSchema, terraformMapping)
}
