// Command loadgen drives Spark job submissions against EMR on EKS (or the
// in-process local target) and reports how the platform held up. All logic
// lives in loadgen/cli, which attaches an exit code to its errors; main only
// exits with it (cli.ExitCode): 0 ok, 1 runtime error, 2 bad input,
// 3 interrupted (report written), 4 threshold breached.
package main

import (
	"os"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/cli"
)

func main() {
	// The first Ctrl-C (or SIGTERM) stops scheduling, waits a little for
	// in-flight calls and writes the report; a second one kills the process
	// (the journal stays readable by `loadgen report` and `loadgen stop`).
	ctx := cli.SignalContext()
	err := cli.Main(ctx, os.Args[1:], cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr})
	os.Exit(cli.ExitCode(err, os.Stderr))
}
