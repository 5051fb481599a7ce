package cli

import (
	"context"
	"fmt"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/engine"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/template"
)

// Validate is `loadgen validate`: the run's flags, template and plan are
// checked and the first job's request printed; nothing is submitted.
func Validate(ctx context.Context, args []string, env Env) error {
	p, err := prepare(ctx, args, env)
	if err != nil {
		return err
	}
	defer p.tgt.close()
	in, err := engine.Render(p.cfg, 0)
	if err != nil {
		return usagef("--template: %v", err)
	}
	body, err := template.MarshalCLIInput(in)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "plan ok: target %s, %d virtual clusters, AZs %v, model %s\nfirst job request:\n%s\n",
		p.tgt.kind, len(p.cfg.VCs), p.cfg.Placement.AZs, p.cfg.Plan["model"], body)
	return nil
}
