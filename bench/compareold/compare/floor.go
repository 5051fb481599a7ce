package compare

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/bench/compareold/floor"
)

// Floor rows: the least one request per job costs on this machine at the same pacing
// (bench/compareold/floor), measured like the tools.
const (
	ToolFloorHTTP = "floor: bare HTTP POST (net/http)"
	ToolFloorSDK  = "floor: aws-sdk-go-v2 StartJobRun"
)

// floorPkg is the floor command, built next to loadgen.
const floorPkg = "./bench/compareold/cmd/floor"

// runFloor sends Jobs submissions at Rate with the floor client (floor.ClientHTTP or
// floor.ClientSDK) against a fresh server, measuring the floor process like a tool.
func runFloor(ctx context.Context, c Config, bins binaries, client string) (Submission, error) {
	sub := Submission{Tool: ToolFloorHTTP, Floor: true, Jobs: c.Jobs, TargetRate: c.Rate,
		Model: "open: " + rateFlag(c.Rate) + ", one request at a time, kept-alive connection, constant Authorization header"}
	if client == floor.ClientSDK {
		sub.Tool, sub.Model = ToolFloorSDK, "open: "+rateFlag(c.Rate)+", one call at a time, SigV4, default retryer"
	}
	srv, err := startServer(ctx, bins.loadgen, append(serverArgs, "--virtual-clusters", "1")...)
	if err != nil {
		return sub, err
	}
	defer srv.stop()
	_, vc, _ := strings.Cut(srv.VCs[0], "=")
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, bins.floor, "--client", client, "--endpoint", srv.URL, "--virtual-cluster", vc,
		"--template", filepath.Join(c.Repo, "loadgen", "templates", "tpcds.json"),
		"--jobs", strconv.Itoa(c.Jobs), "--rate", strconv.FormatFloat(c.Rate, 'f', -1, 64))
	cmd.Stdout, cmd.Stderr = &out, &tailBuffer{}
	if sub.Usage, err = measure(ctx, cmd); err != nil {
		return sub, fmt.Errorf("%s: %w (output: %s)", sub.Tool, err, out.String())
	}
	var r floor.Result
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		return sub, fmt.Errorf("%s: decoding its result %q: %w", sub.Tool, out.String(), err)
	}
	sub.ClientP50, sub.ClientP99 = ms(r.P50), ms(r.P99)
	st, err := srv.stats(ctx)
	sub.fromServer(st)
	return sub, err
}
