//go:build ignore

// reportjournal writes a synthetic journal of N EMR jobs for bench/report-rss.sh:
// go run bench/reportjournal.go N DIR. 100 jobs/s, every 20th call throttled, the
// accepted ones RUNNING after 5-35 s and COMPLETED (every 25th FAILED) 60-600 s
// later, a tracking sample every 10 s: about 4 records and 800 bytes per job, and
// some 30,000 jobs live at once, as a long run at that rate would have.
package main

import (
	"bufio"
	"container/heap"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

type rec struct {
	Ev       string            `json:"ev"`
	T        time.Time         `json:"t"`
	Session  string            `json:"session,omitempty"`
	Target   string            `json:"target,omitempty"`
	Plan     map[string]string `json:"plan,omitempty"`
	Key      string            `json:"key,omitempty"`
	Index    int64             `json:"index,omitempty"`
	Sched    time.Time         `json:"sched,omitzero"`
	Name     string            `json:"name,omitempty"`
	VC       string            `json:"vc,omitempty"`
	NS       string            `json:"ns,omitempty"`
	Outcome  string            `json:"outcome,omitempty"`
	ID       string            `json:"id,omitempty"`
	Attempts int               `json:"attempts,omitempty"`
	Err      string            `json:"err,omitempty"`
	State    string            `json:"state,omitempty"`
	Created  time.Time         `json:"created,omitzero"`
	Started  time.Time         `json:"started,omitzero"`
	Finished time.Time         `json:"finished,omitzero"`
	ByState  map[string]int    `json:"by_state,omitempty"`
}

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

func write(n int, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.Create(filepath.Join(dir, "journal.jsonl"))
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	enc := json.NewEncoder(w)
	t0 := time.Date(2026, 1, 2, 3, 0, 0, 0, time.UTC)
	_ = enc.Encode(rec{Ev: "session", T: t0, Session: "lg-bench", Target: "emr", Plan: map[string]string{"rate": "100/s"}})
	pending := &due{} // state records due later, earliest first
	flush := func(until time.Time) {
		for pending.Len() > 0 && !(*pending)[0].T.After(until) {
			_ = enc.Encode(heap.Pop(pending))
		}
	}
	add := func(r rec) { heap.Push(pending, r) }
	live := 0
	for i := 0; i < n; i++ {
		sched := t0.Add(time.Duration(i) * 10 * time.Millisecond)
		flush(sched)
		if i%1000 == 0 {
			_ = enc.Encode(rec{Ev: "sample", T: sched, ByState: map[string]int{"RUNNING": live, "SUBMITTED": 100}})
		}
		key, vc := fmt.Sprintf("0-%d", i), fmt.Sprintf("vc%022d", i%4)
		_ = enc.Encode(rec{Ev: "intent", T: sched.Add(time.Millisecond), Key: key, Index: int64(i), Sched: sched,
			Name: fmt.Sprintf("lg-bench-%06d", i), VC: vc, NS: fmt.Sprintf("emr-jobs-%d", i%4)})
		end := sched.Add(40 * time.Millisecond)
		if i%20 == 19 {
			_ = enc.Encode(rec{Ev: "result", T: end, Key: key, Outcome: "throttled", Attempts: 3, Err: "ThrottlingException: Rate exceeded"})
			continue
		}
		id := fmt.Sprintf("%019x", uint64(i)*2654435761)
		_ = enc.Encode(rec{Ev: "result", T: end, Key: key, Outcome: "accepted", ID: id, Attempts: 1})
		created := sched.Add(20 * time.Millisecond)
		started := created.Add(time.Duration(5+i%31) * time.Second)
		finished := started.Add(time.Duration(60+(i*7)%541) * time.Second)
		state := "COMPLETED"
		if i%25 == 24 {
			state = "FAILED"
		}
		add(rec{Ev: "state", T: started.Add(time.Second), VC: vc, ID: id, State: "RUNNING", Created: created, Started: started})
		add(rec{Ev: "state", T: finished.Add(time.Second), VC: vc, ID: id, State: state, Created: created, Started: started, Finished: finished})
		live = pending.Len() / 2
	}
	flush(time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC))
	last := t0.Add(time.Duration(n)*10*time.Millisecond + 700*time.Second)
	_ = enc.Encode(rec{Ev: "end", T: last})
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
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
