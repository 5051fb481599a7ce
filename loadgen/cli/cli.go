package cli

import (
	"context"
	"flag"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/localemr"
)

// Main dispatches a subcommand: run (the default), validate, report, stop, serve-local.
func Main(ctx context.Context, args []string, env Env) error {
	cmd, rest := "run", args
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, rest = args[0], args[1:]
	}
	switch cmd {
	case "run":
		return Run(ctx, rest, env)
	case "validate":
		return Validate(ctx, rest, env)
	case "report":
		return Report(rest, env)
	case "stop":
		return Stop(ctx, rest, env)
	case "search":
		return Search(ctx, rest, env)
	case "rehearse":
		return Rehearse(ctx, rest, env)
	case "plan":
		return Plan(ctx, rest, env)
	case "serve-local":
		return localemr.RunServeLocal(ctx, rest, env.Stdout, env.Stderr)
	case "help":
		return Run(ctx, []string{"--help"}, env)
	}
	return usagef("unknown command %q: want run, validate, report, stop or serve-local", cmd)
}

// IsHelp reports a --help request (exit 0).
func IsHelp(err error) bool { return err == flag.ErrHelp }
