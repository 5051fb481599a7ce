package cli

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/engine"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/journal"
)

// interruptNotice says at once, on the first Ctrl-C, what the run still
// waits for, and records the interrupt in the journal, so that a report
// rebuilt later (`loadgen report`, also after a second Ctrl-C) says the run
// was interrupted.
func interruptNotice(w io.Writer, inFlight int, dir string) {
	if err := journal.AppendOnce(dir, journal.Record{Ev: journal.EvInterrupt, T: time.Now()}); err != nil {
		fmt.Fprintf(w, "interrupted: could not record the interrupt in the journal: %v\n", err)
	}
	fmt.Fprintf(w, "interrupted: scheduling stopped; waiting up to %s for %d call(s) in flight "+
		"(then recorded as unknown outcome and looked up by name), then writing the report. "+
		"Ctrl-C again exits at once: `loadgen report %s` rebuilds the report\n",
		engine.DefaultDrainTimeout, inFlight, dir)
}

// stopHint prints the `loadgen stop` command when job runs are still live
// at the end of tracking (not for the in-process local target: its jobs end
// with the process).
func stopHint(w io.Writer, p *prepared, live map[string]int) {
	n := 0
	for _, c := range live {
		n += c
	}
	if n == 0 || p.tgt == nil || p.tgt.local != nil {
		return
	}
	args := []string{"loadgen", "stop", "--session", p.cfg.Session, "--runs-dir", p.flags.runsDir}
	tf := p.flags.target
	for _, kv := range [][2]string{{"stack", tf.stack}, {"outputs", tf.outputs}, {"endpoint", tf.endpoint}, {"region", tf.region}} {
		if kv[1] != "" && kv[1] != "-" {
			args = append(args, "--"+kv[0], shellQuote(kv[1]))
		}
	}
	if p.flags.targetKind == "operator" {
		args = append(args, "--target", "operator")
	}
	fmt.Fprintf(w, "%d job run(s) still live at the end of tracking; to cancel them: %s\n", n, strings.Join(args, " "))
}

func shellQuote(s string) string {
	if strings.ContainsAny(s, " \t'\"$`\\!*?&;|<>()") {
		return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
	return s
}
