package cli

import (
	"context"
	"flag"
	"strings"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/localemr"
)

// command is one subcommand of loadgen.
type command struct {
	name string
	run  func(ctx context.Context, args []string, env Env) error
}

// commands is every subcommand, in the order the unknown-command message
// lists them; run is the default.
var commands = []command{
	{"run", Run},
	{"validate", Validate},
	{"report", func(_ context.Context, args []string, env Env) error { return Report(args, env) }},
	{"stop", Stop},
	{"serve-local", serveLocal},
	{"plan", Plan},
	{"search", Search},
	{"rehearse", Rehearse},
	{"help", func(ctx context.Context, _ []string, env Env) error { return Run(ctx, []string{"--help"}, env) }},
}

// Main dispatches a subcommand (commands); with none, or flags first, it is run.
func Main(ctx context.Context, args []string, env Env) error {
	name, rest := "run", args
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		name, rest = args[0], args[1:]
	}
	for _, c := range commands {
		if c.name == name {
			return c.run(ctx, rest, env)
		}
	}
	return usagef("unknown command %q: want %s", name, commandNames())
}

// commandNames lists the commands for a message: "a, b or c".
func commandNames() string {
	names := make([]string, len(commands))
	for i, c := range commands {
		names[i] = c.name
	}
	last := len(names) - 1
	return strings.Join(names[:last], ", ") + " or " + names[last]
}

// serveLocal is `loadgen serve-local`; its bad flags are bad input (exit 2).
func serveLocal(ctx context.Context, args []string, env Env) error {
	return usageFrom(localemr.RunServeLocal(ctx, args, env.Stdout, env.Stderr), localemr.ErrUsage)
}

// IsHelp reports a --help request (exit 0).
func IsHelp(err error) bool { return err == flag.ErrHelp }
