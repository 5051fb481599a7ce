//go:build ignore

// reportjournal writes a synthetic journal of N EMR jobs for bench/report-rss.sh:
// go run bench/reportjournal.go N DIR. 100 jobs/s, every 20th call throttled, the
// accepted ones RUNNING after 5-35 s and COMPLETED (every 25th FAILED) 60-600 s
// later, a tracking sample every 10 s: about 4 records and 800 bytes per job, and
// some 30,000 jobs live at once, as a long run at that rate would have. The
// records are journal.Records appended by journal.Writer, as a run writes them.
package main

import (
	"container/heap"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/journal"
)

type rec = journal.Record

func main() {
	n, err := strconv.Atoi(os.Args[1])
	if err != nil || len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: go run bench/reportjournal.go N DIR")
		os.Exit(2)
	}
	if err := write(n, os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// write appends the records with the journal's own Writer (one write(2) a
// line, as a run does), so the file has exactly a run's record shapes.
func write(n int, dir string) (err error) {
	w, err := journal.Create(dir)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := w.Close(); err == nil {
			err = cerr
		}
	}()
	t0 := time.Date(2026, 1, 2, 3, 0, 0, 0, time.UTC)
	if err := w.Append(rec{Ev: journal.EvSession, T: t0, Session: "lg-bench", Target: "emr", Plan: map[string]string{"rate": "100/s"}}); err != nil {
		return err
	}
	pending := &due{} // state records due later, earliest first
	live := 0         // jobs between their result and final state, as of the last job
	for i := 0; i < n; i++ {
		sched := t0.Add(time.Duration(i) * 10 * time.Millisecond)
		for pending.Len() > 0 && !(*pending)[0].T.After(sched) {
			if err := w.Append(heap.Pop(pending).(rec)); err != nil {
				return err
			}
		}
		for _, r := range jobRecords(i, sched, live, pending) {
			if err := w.Append(r); err != nil {
				return err
			}
		}
		live = pending.Len() / 2
	}
	for pending.Len() > 0 {
		if err := w.Append(heap.Pop(pending).(rec)); err != nil {
			return err
		}
	}
	return w.Append(rec{Ev: journal.EvEnd, T: t0.Add(time.Duration(n)*10*time.Millisecond + 700*time.Second)})
}

// jobRecords are job i's records written at its schedule (a sample every
// 1,000 jobs, the intent, the result); its state records go to pending.
func jobRecords(i int, sched time.Time, live int, pending *due) []rec {
	var out []rec
	if i%1000 == 0 {
		out = append(out, rec{Ev: journal.EvSample, T: sched, ByState: map[string]int{job.StateRunning: live, job.StateSubmitted: 100}})
	}
	key, vc := fmt.Sprintf("0-%d", i), fmt.Sprintf("vc%022d", i%4)
	out = append(out, rec{Ev: journal.EvIntent, T: sched.Add(time.Millisecond), Key: key, Index: int64(i), Sched: sched,
		Name: fmt.Sprintf("lg-bench-%06d", i), VC: vc, NS: fmt.Sprintf("emr-jobs-%d", i%4)})
	end := sched.Add(40 * time.Millisecond)
	if i%20 == 19 {
		return append(out, rec{Ev: journal.EvResult, T: end, Key: key, Outcome: job.OutcomeThrottled, Attempts: 3, Err: "ThrottlingException: Rate exceeded"})
	}
	id := fmt.Sprintf("%019x", uint64(i)*2654435761)
	out = append(out, rec{Ev: journal.EvResult, T: end, Key: key, Outcome: job.OutcomeAccepted, ID: id, Attempts: 1})
	created := sched.Add(20 * time.Millisecond)
	started := created.Add(time.Duration(5+i%31) * time.Second)
	finished := started.Add(time.Duration(60+(i*7)%541) * time.Second)
	state := job.StateCompleted
	if i%25 == 24 {
		state = job.StateFailed
	}
	heap.Push(pending, rec{Ev: journal.EvState, T: started.Add(time.Second), VC: vc, ID: id, State: job.StateRunning, Created: created, Started: started})
	heap.Push(pending, rec{Ev: journal.EvState, T: finished.Add(time.Second), VC: vc, ID: id, State: state, Created: created, Started: started, Finished: finished})
	return out
}

// due is a min-heap of records by time.
type due []rec

func (d due) Len() int           { return len(d) }
func (d due) Less(i, j int) bool { return d[i].T.Before(d[j].T) }
func (d due) Swap(i, j int)      { d[i], d[j] = d[j], d[i] }
func (d *due) Push(x any)        { *d = append(*d, x.(rec)) }
func (d *due) Pop() any {
	old := *d
	r := old[len(old)-1]
	*d = old[:len(old)-1]
	return r
}
