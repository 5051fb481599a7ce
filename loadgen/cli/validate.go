package cli

import (
	"context"
	"fmt"
	"io"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/service/emrcontainers"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/engine"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/template"
)

const validateSynopsis = `loadgen validate [flags]: check a run before it starts, submitting nothing.

Takes the flags of loadgen run: checks them, the outputs and the template, renders the first job's
request, says what loadgen set in it differently from the template and why (the job name, a
per-job clientToken, the virtual cluster, the session tags, --execution-role-arn/--release-label
over values written in the template, placement), and runs a preflight (the request against the
API's limits, role ARN, bucket name, and DescribeVirtualCluster for every virtual cluster). With --target operator the SparkApplication
template is checked offline against the Spark Operator's API (no cluster needed); --server-dry-run
also creates the first one with dryRun=All on the cluster. Exit codes: 0 ok, 1 runtime error,
2 bad input.`

// Validate is `loadgen validate`: the run's flags, template and plan are
// checked, then a preflight (preflight.go): the first job's request against
// the API's limits, the bucket and role, and DescribeVirtualCluster for every
// virtual cluster (the endpoint must answer). Problems exit 2; nothing is
// submitted. The first job's request is printed.
func Validate(ctx context.Context, args []string, env Env) error {
	if handled, err := validateOperator(ctx, args, env); handled {
		return err
	}
	p, err := prepareAs(ctx, "loadgen validate", validateSynopsis, withoutServerDryRun(args), env)
	if err != nil {
		return err
	}
	defer p.tgt.close()
	in, changes, err := explainFirst(p)
	if err != nil {
		return usagef("--template: %v", err)
	}
	if err := runPreflight(ctx, p, in); err != nil {
		return err
	}
	body, err := template.MarshalCLIInput(in)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "plan ok: target %s, %d virtual clusters, AZs %v, model %s\n",
		p.tgt.kind, len(p.cfg.VCs), p.cfg.Placement.AZs, p.cfg.Plan["model"])
	printChanges(env.Stdout, changes)
	fmt.Fprintf(env.Stdout, "first job request:\n%s\n", body)
	printValidatePlan(args, env) // cmd_plan.go: the capacity plan (loadgen plan)
	return nil
}

// explainFirst renders job 0 as the session would send it, with every value
// loadgen set differently from the template.
func explainFirst(p *prepared) (*emrcontainers.StartJobRunInput, []template.Change, error) {
	vars, place, err := engine.JobAt(p.cfg, 0)
	if err != nil {
		return nil, nil, err
	}
	return p.emr.Template.Explain(vars, place)
}

// printChanges says what loadgen took over in the user's request, and why.
func printChanges(w io.Writer, changes []template.Change) {
	if len(changes) == 0 {
		return
	}
	fmt.Fprintln(w, "loadgen set in the first job's request:")
	for _, c := range changes {
		from := "(not set)"
		if c.From != "" {
			from = strconv.Quote(c.From)
		}
		fmt.Fprintf(w, "  %s: %s -> %q\n      why: %s\n", c.Field, from, c.To, c.Why)
	}
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
