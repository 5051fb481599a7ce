package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/outputs"
)

// loadOutputs reads stack outputs from --outputs (file or -) or --stack; a
// zero Stack and false when neither is given.
func loadOutputs(ctx context.Context, t targetFlags, stdin io.Reader) (outputs.Stack, bool, error) {
	switch {
	case t.outputs != "" && t.stack != "":
		return outputs.Stack{}, false, usagef("--outputs and --stack both given: use one")
	case t.outputs == "-":
		return decodeOutputs("stdin", stdin)
	case t.outputs != "":
		f, err := os.Open(t.outputs)
		if err != nil {
			return outputs.Stack{}, false, usagef("--outputs: %v", err)
		}
		defer f.Close()
		return decodeOutputs(t.outputs, f)
	case t.stack != "":
		return stackOutputs(ctx, t.stack)
	}
	return outputs.Stack{}, false, nil
}

func decodeOutputs(name string, r io.Reader) (outputs.Stack, bool, error) {
	st, err := outputs.Decode(r)
	if err != nil {
		return st, false, usagef("--outputs %s: %v", name, err)
	}
	return st, true, nil
}

// stackOutputs runs the Pulumi CLI for the named stack.
func stackOutputs(ctx context.Context, stack string) (outputs.Stack, bool, error) {
	var out, errOut bytes.Buffer
	cmd := exec.CommandContext(ctx, "pulumi", "stack", "output", "--json", "--show-secrets", "--stack", stack)
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		return outputs.Stack{}, false, fmt.Errorf("running pulumi stack output --stack %s: %w: %s", stack, err,
			strings.TrimSpace(errOut.String()))
	}
	return decodeOutputs("from pulumi stack "+stack, &out)
}
