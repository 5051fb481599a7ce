package cli

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/service/emrcontainers"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/engine"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/template"
)

const validateSynopsis = `loadgen validate [flags]: check a run before it starts, submitting nothing.

Takes the flags of loadgen run: checks them, the outputs and the template, renders the first job's
request and runs a preflight (the request against the API's limits, role ARN, bucket name, and
DescribeVirtualCluster for every virtual cluster). Exit codes: 0 ok, 1 runtime error, 2 bad input.`

// Validate is `loadgen validate`: the run's flags, template and plan are
// checked, then a preflight (preflight.go): the first job's request against
// the API's limits, the bucket and role, and DescribeVirtualCluster for every
// virtual cluster (the endpoint must answer). Problems exit 2; nothing is
// submitted. The first job's request is printed.
func Validate(ctx context.Context, args []string, env Env) error {
	p, err := prepareAs(ctx, "loadgen validate", validateSynopsis, args, env)
	if err != nil {
		return err
	}
	defer p.tgt.close()
	rendered, err := engine.Render(p.cfg, 0)
	if err != nil {
		return usagef("--template: %v", err)
	}
	in, ok := rendered.(*emrcontainers.StartJobRunInput)
	if !ok { // a SparkApplication: prepare dry-ran it on the server already
		fmt.Fprintf(env.Stdout, "plan ok: target %s, %d namespaces, model %s\n", p.tgt.kind, len(p.cfg.VCs), p.cfg.Plan["model"])
		return nil
	}
	if err := runPreflight(ctx, p, in); err != nil {
		return err
	}
	body, err := template.MarshalCLIInput(in)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "plan ok: target %s, %d virtual clusters, AZs %v, model %s\nfirst job request:\n%s\n",
		p.tgt.kind, len(p.cfg.VCs), p.cfg.Placement.AZs, p.cfg.Plan["model"], body)
	return nil
}

// runPreflight checks the rendered request and, for an EMR endpoint, the
// virtual clusters.
func runPreflight(ctx context.Context, p *prepared, in *emrcontainers.StartJobRunInput) error {
	if p.tgt.kind == "operator" {
		return nil // a SparkApplication, not a StartJobRun
	}
	errs := checkRequest(in, p.tgt.vars.Bucket)
	if p.tgt.control != nil {
		ids := make([]string, len(p.cfg.VCs))
		for i, vc := range p.cfg.VCs {
			ids[i] = vc.ID
		}
		errs = append(errs, checkVCs(ctx, p.tgt.control, ids)...)
	}
	return preflightError(errs)
}
