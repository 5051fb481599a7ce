// Command floor sends one StartJobRun per job to a `loadgen serve-local` endpoint at a target
// rate with the smallest client of its kind (see bench/compareold/floor), so that
// bench/compareold can measure what one request per job costs on this machine:
//
//	floor --client http|sdk --endpoint URL --virtual-cluster ID --template FILE --jobs N --rate R
//
// It prints one JSON object (jobs, ok, failed, late, p50_ms, p99_ms). Exit codes: 0 every job
// accepted, 1 a submission failed, 2 bad flags.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/bench/compareold/floor"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	switch {
	case err == nil || errors.Is(err, flag.ErrHelp):
	case errors.Is(err, errUsage):
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
}

var errUsage = errors.New("bad flags")

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c floor.Config
	fs := flag.NewFlagSet("floor", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.Client, "client", floor.ClientHTTP, "http (bare POST, net/http) or sdk (aws-sdk-go-v2 StartJobRun)")
	fs.StringVar(&c.Endpoint, "endpoint", "", "base URL of loadgen serve-local")
	fs.StringVar(&c.VirtualClusterID, "virtual-cluster", "", "virtual cluster id every job goes to")
	fs.StringVar(&c.Template, "template", "loadgen/templates/tpcds.json", "job template rendered once")
	fs.IntVar(&c.Jobs, "jobs", 0, "submissions")
	fs.Float64Var(&c.Rate, "rate", 0, "submissions per second")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	if err := c.Validate(); err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	return floor.Run(ctx, c, stdout)
}
