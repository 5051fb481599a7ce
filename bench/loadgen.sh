#!/usr/bin/env bash
# Load-generator benchmarks (issue 4): submissions/s of one worker against the
# local endpoint and CPU per 1,000 submissions (GOMAXPROCS=1), schedule lag at
# 200/s, memory per tracked job, ListJobRuns calls per poll and per minute (pod watch vs polling) at 1,000 live
# jobs, RSS of a loadgen process tracking 100,000 jobs (bench/rss.sh). Writes bench/results/loadgen-<date>.txt; run from the repo root.
set -euo pipefail
out="bench/results/loadgen-$(date -u +%Y%m%d).txt"
{
  echo "# loadgen benchmarks $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "# $(go version); $(nproc) cores; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average $(cut -d' ' -f1-3 /proc/loadavg)"
  go test -run '^$' -bench 'SubmitOneWorker' -benchtime 5s -cpu 1 ./loadgen/emr/
  go test -run '^$' -bench 'TrackedJobMemory|ListCallsPerTrackedJob|ListCallsPerMinute' -benchtime 3x ./loadgen/emr/
  go test -run '^$' -bench 'ScheduleLag' -benchtime 1x -count 3 ./loadgen/runner/
  go test -run '^$' -bench 'Append' ./loadgen/journal/
  bench/rss.sh 100000 1000
} 2>&1 | tee "$out"
