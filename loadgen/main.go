// Command loadgen drives Spark job submissions against EMR on EKS (or the
// in-process local target) and reports how the platform held up. All logic
// lives in loadgen/cli; main maps errors to exit codes:
// 0 ok, 1 runtime error, 2 bad input, 4 threshold breached.
package main

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/cli"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/localemr"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/scaleout"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/threshold"
)

// builtin holds the shipped job templates (--template spark-pi | tpcds):
// StartJobRun JSON for the EMR and local targets, SparkApplication YAML for
// the operator target.
//
//go:embed templates/*.json templates/*.yaml
var builtin embed.FS

func main() {
	// The first Ctrl-C (or SIGTERM) stops scheduling, drains in-flight calls
	// and writes the report; a second one kills the process (the journal
	// stays readable by `loadgen report` and `loadgen stop`).
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() { <-ctx.Done(); stop() }()
	err := cli.Main(ctx, os.Args[1:], cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Builtin: builtin})
	os.Exit(exitCode(err))
}

func exitCode(err error) int {
	switch {
	case err == nil || cli.IsHelp(err):
		return 0
	case errors.Is(err, cli.ErrBreached):
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		return 4
	case errors.Is(err, cli.ErrUsage), errors.Is(err, threshold.ErrUsage), errors.Is(err, localemr.ErrUsage),
		errors.Is(err, scaleout.ErrUsage):
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		return 2
	}
	fmt.Fprintln(os.Stderr, "loadgen:", err)
	return 1
}
