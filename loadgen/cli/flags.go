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
	"regexp"
	"strings"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/flagnames"
)

// listFlag collects a repeatable flag (--threshold).
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

// EnvName is the environment variable that sets a flag: --max-in-flight -> LOADGEN_MAX_IN_FLIGHT.
func EnvName(flagName string) string { return flagnames.EnvName(flagName) }

// parse parses args, then fills every flag not given on the command line
// from its environment variable. It returns the names of the flags set
// either way (explicit settings win over stack outputs). A bad value is one
// line naming the flag (or variable), the value and the fix; the usage is
// printed only for --help.
func parse(fs *flag.FlagSet, args []string, getenv func(string) string) (map[string]bool, error) {
	usage, out := fs.Usage, fs.Output()
	fs.Usage = func() {}
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	fs.Usage = usage
	fs.SetOutput(out)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.Usage()
			return nil, err
		}
		return nil, flagError(fs, err)
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var errs []error
	fs.VisitAll(func(f *flag.Flag) {
		if set[f.Name] {
			return
		}
		v := getenv(EnvName(f.Name))
		if v == "" {
			return
		}
		if err := fs.Set(f.Name, v); err != nil {
			errs = append(errs, usagef("%s=%q: %s", EnvName(f.Name), v, valueHint(f, err)))
		}
		set[f.Name] = true
	})
	return set, errors.Join(errs...)
}

var invalidValueRe = regexp.MustCompile(`^invalid value "(.*)" for flag -(\S+): `)

// flagError rewrites the flag package's errors ("invalid value "5" for flag
// -duration: parse error") as `--duration "5": want a duration with a unit...`.
func flagError(fs *flag.FlagSet, err error) error {
	msg := err.Error()
	if m := invalidValueRe.FindStringSubmatch(msg); m != nil {
		if f := fs.Lookup(m[2]); f != nil {
			return usagef("--%s %q: %s", m[2], m[1], valueHint(f, errors.New(msg[len(m[0]):])))
		}
	}
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		return usagef("unknown flag --%s (loadgen --help lists the flags)", strings.TrimLeft(name, "-"))
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
		return usagef("--%s needs a value (e.g. --%s=VALUE)", name, name)
	}
	return usagef("%s", msg)
}

// valueHint says what a flag of f's type wants; errors of our own values
// (rates, lists) pass through.
func valueHint(f *flag.Flag, err error) string {
	g, ok := f.Value.(flag.Getter)
	if !ok {
		return err.Error()
	}
	switch g.Get().(type) {
	case time.Duration:
		return "want a duration with a unit, e.g. 30s, 10m, 1h30m"
	case int, int64, uint, uint64:
		return "want a whole number"
	case float64:
		return "want a number, e.g. 0.5"
	case bool:
		return "want true or false"
	}
	return err.Error()
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
