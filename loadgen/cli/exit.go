package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// Exit codes (docs/cli.md "Exit codes").
const (
	ExitOK          = 0
	ExitError       = 1 // runtime error
	ExitUsage       = 2 // bad input
	ExitInterrupted = 3 // Ctrl-C; the report was written
	ExitBreached    = 4 // a --threshold was breached
)

// exitError is an error carrying the process exit code it means (k6's
// errext): attached where cli decides what an error is, read by ExitCode.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// Is makes every error carrying a code match that code's sentinel: a
// library's bad input marked by usageFrom is errors.Is(err, ErrUsage).
func (e *exitError) Is(target error) bool {
	t, ok := target.(*exitError)
	return ok && t.code == e.code
}

// The errors callers branch on (errors.Is) carry their exit code: any error
// wrapping one of them exits with it. An interrupted run has its own code,
// distinct from a pass, a failure and a breach (k6 and kube-burner do this).
var (
	ErrUsage       error = &exitError{ExitUsage, errors.New("bad input")}
	ErrInterrupted error = &exitError{ExitInterrupted, errors.New("interrupted")}
	ErrBreached    error = &exitError{ExitBreached, errors.New("threshold breached")}
)

// usagef is bad input (exit 2): a flag, variable, outputs file or template.
func usagef(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrUsage, fmt.Sprintf(format, args...))
}

// interruptedRun is a session stopped by Ctrl-C (or SIGTERM) whose results
// were written (exit 3).
func interruptedRun(session, written string) error {
	return fmt.Errorf("session %s: %w (%s)", session, ErrInterrupted, written)
}

// usageFrom marks err as bad input when it wraps a library's own bad-input
// sentinel (threshold.ErrUsage, localemr.ErrUsage, scaleout.ErrUsage): cli
// attaches the exit code where it calls the library, so library packages
// need not know exit codes.
func usageFrom(err, libraryUsage error) error {
	if err != nil && errors.Is(err, libraryUsage) && !errors.Is(err, ErrUsage) {
		return &exitError{ExitUsage, err}
	}
	return err
}

// ExitCode is the process exit code of Main's error: the code attached to
// it (the first in errors.As order: an interrupted run that also breached a
// threshold exits 3), else 1. It prints the error.
func ExitCode(err error, stderr io.Writer) int {
	if err == nil || IsHelp(err) {
		return ExitOK
	}
	fmt.Fprintln(stderr, "loadgen:", err)
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
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
