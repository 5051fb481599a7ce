#!/usr/bin/env bash
# Peak RSS of `loadgen report` rebuilding the reports of a synthetic journal of N EMR jobs
# (bench/reportjournal.go: 100 jobs/s, 5% throttled, accepted jobs RUNNING after 5-35 s and final
# 60-600 s later, so some 30,000 jobs are open at once; ~714 bytes of journal per job), with the
# Go runtime's defaults (no GOGC or GOMEMLIMIT). Targets: <= 100 MiB at 100,000 jobs, bounded
# (< 300 MiB) at 1,000,000. The peak RSS counts the binary's own pages and the heap its package
# initialisers leave before a record is read, so each line also gives that floor: the peak RSS
# of `loadgen help` (same binary, no report). Run from the repo root: bench/report-rss.sh
# [JOBS...] (default 100000 1000000). Prints one result line per size.
set -euo pipefail
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
unset GOGC GOMEMLIMIT
go build -o "$work/loadgen" ./loadgen
/usr/bin/time -f '%M' -o "$work/time-help" "$work/loadgen" help >/dev/null 2>&1
floor=$(($(tail -1 "$work/time-help") / 1024))
for n in "${sizes[@]}"; do
  go run bench/reportjournal.go "$n" "$work/run-$n"
  size=$(du -m "$work/run-$n/journal.jsonl" | cut -f1)
  /usr/bin/time -f '%M %e %U' -o "$work/time-$n" "$work/loadgen" report "$work/run-$n" >"$work/out-$n" 2>&1 ||
    { tail -20 "$work/out-$n"; exit 1; }
  read -r kib wall user <"$work/time-$n"
  echo "loadgen report of $n jobs ($size MiB journal): peak RSS $((kib / 1024)) MiB (binary at start: $floor MiB), ${wall}s wall, ${user}s user; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  rm -rf "$work/run-$n"
done
