package cli

import (
	"errors"
	"flag"
	"io"
	"slices"
	"strings"
	"testing"
)

// Every command loadgen dispatches is named by the unknown-command message,
// from the one table Main dispatches on (the message used to stop at
// serve-local and miss plan, search and rehearse).
func TestUnknownCommandListsEveryCommand(t *testing.T) {
	t.Parallel()
	want := []string{"run", "validate", "report", "stop", "serve-local", "plan", "search", "rehearse", "help"}
	var names []string
	for _, c := range commands {
		names = append(names, c.name)
	}
	if !slices.Equal(names, want) {
		t.Errorf("commands %v, want %v", names, want)
	}
	_, _, err := runCLI(t, t.Context(), "frobnicate")
	if ExitCode(err, io.Discard) != ExitUsage {
		t.Fatalf("unknown command: %v, want exit 2", err)
	}
	msg := err.Error()
	for _, name := range want {
		if !strings.Contains(msg, name) {
			t.Errorf("unknown-command message lacks %q: %s", name, msg)
		}
	}
	if !strings.HasSuffix(msg, ", rehearse or help") {
		t.Errorf("message %q: want the list to end ', rehearse or help'", msg)
	}
}

// Every command of the table is dispatched: its --help is a help request
// (exit 0), not an unknown command.
func TestEveryCommandDispatches(t *testing.T) {
	t.Parallel()
	for _, c := range commands {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			_, _, err := runCLI(t, t.Context(), c.name, "--help")
			if err != nil && !errors.Is(err, flag.ErrHelp) {
				t.Errorf("%s --help: %v", c.name, err)
			}
			if code := ExitCode(err, io.Discard); code != ExitOK {
				t.Errorf("%s --help: exit %d, want 0", c.name, code)
			}
		})
	}
}
