// Package cli is the loadgen command line: flags (each also an environment
// variable LOADGEN_<FLAG>), stack outputs, and the run, validate, report,
// stop and serve-local subcommands. main only maps its errors to exit codes.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// Sentinel errors main maps to exit codes.
var (
	ErrUsage    = errors.New("bad input")          // exit 2
	ErrBreached = errors.New("threshold breached") // exit 4
)

func usagef(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrUsage, fmt.Sprintf(format, args...))
}

// listFlag collects a repeatable flag (--threshold).
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

// EnvName is the environment variable that sets a flag: --max-in-flight -> LOADGEN_MAX_IN_FLIGHT.
func EnvName(flagName string) string {
	return "LOADGEN_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// parse parses args, then fills every flag not given on the command line
// from its environment variable. It returns the names of the flags set
// either way (explicit settings win over stack outputs).
func parse(fs *flag.FlagSet, args []string, getenv func(string) string) (map[string]bool, error) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, fmt.Errorf("%w: %v", ErrUsage, err)
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var errs []error
	fs.VisitAll(func(f *flag.Flag) {
		v := getenv(EnvName(f.Name))
		if set[f.Name] || v == "" {
			return
		}
		if err := fs.Set(f.Name, v); err != nil {
			errs = append(errs, usagef("%s=%q: %v", EnvName(f.Name), v, err))
		}
		set[f.Name] = true
	})
	return set, errors.Join(errs...)
}

func newFlagSet(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "%s\n\nEvery flag can also be set by an environment variable LOADGEN_<FLAG> "+
			"(e.g. --max-in-flight -> LOADGEN_MAX_IN_FLIGHT); a flag on the command line wins.\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// durationFlag rejects negative durations with the flag's name.
func checkNonNegative(name string, d time.Duration) error {
	if d < 0 {
		return usagef("--%s %v: must not be negative", name, d)
	}
	return nil
}

var getenv = os.Getenv
