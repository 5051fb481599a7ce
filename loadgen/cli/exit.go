package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/localemr"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/scaleout"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/threshold"
)

// Exit codes (README "Exit codes").
const (
	ExitOK          = 0
	ExitError       = 1 // runtime error
	ExitUsage       = 2 // bad input
	ExitInterrupted = 3 // Ctrl-C; the report was written
	ExitBreached    = 4 // a --threshold was breached
)

// ExitCode maps Main's error to the process exit code and prints it.
func ExitCode(err error, stderr io.Writer) int {
	if err == nil || IsHelp(err) {
		return ExitOK
	}
	fmt.Fprintln(stderr, "loadgen:", err)
	switch {
	case errors.Is(err, ErrInterrupted):
		return ExitInterrupted
	case errors.Is(err, ErrBreached):
		return ExitBreached
	case errors.Is(err, ErrUsage), errors.Is(err, threshold.ErrUsage), errors.Is(err, localemr.ErrUsage),
		errors.Is(err, scaleout.ErrUsage):
		return ExitUsage
	}
	return ExitError
}

// SignalContext is canceled by the first SIGINT or SIGTERM; the handler is
// then removed, so a second one kills the process at once.
func SignalContext() context.Context {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() { <-ctx.Done(); stop() }()
	return ctx
}
