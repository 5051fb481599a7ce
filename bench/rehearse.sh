#!/usr/bin/env bash
# Rehearsal benchmarks (bench/README.md "Rehearsal" and "Plan accuracy"), run by hand, not in CI.
# Each scenario runs `loadgen rehearse` once through bench/rehearse (go run ./bench/rehearse), which
# records the load average, scrapes the rehearsal's kube-apiserver /metrics for the mutating calls'
# p99 (SLO <= 1 s), reads report.json / jobs.csv / cluster.json and compares `loadgen plan`'s peak
# nodes per NodePool with Karpenter's. Results: bench/results/rehearse-<date>-<name>.md.
# Needs the tier-2 binaries (scripts/testbin.sh check). Run from the repository root:
#   bench/rehearse.sh [dev-scaled|dev-realtime|dev-3x|tenth|tenth@R]...   (default: dev-scaled tenth dev-realtime)
set -euo pipefail
scripts/testbin.sh check >/dev/null || { scripts/testbin.sh check; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/loadgen" ./loadgen
# BENCH_RUNS_DIR keeps each rehearsal's reports (report.json, cluster.json, jobs.csv) for later analysis.
bench() { go run ./bench/rehearse --loadgen "$work/loadgen" ${BENCH_RUNS_DIR:+--runs-dir "$BENCH_RUNS_DIR"} --name "$1" -- "${@:2}"; }
# The published EMR on EKS test shape is ~2,000 concurrent jobs / ~23,000 pods / ~350 nodes
# (docs/best-practices.md); 1/10 of it: ~200 concurrent jobs of ~11.5 pods on ~35 nodes.
# bench/rehearse/tenth.json is spark-pi with 10 executors whose pods ask 200m CPU and 896 MiB (12 pods
# a job with EMR's submitter, ~65 a m5.4xlarge by memory, as the published pods were small);
# 200 jobs in flight = rate x run time (133/min x 90 s). tenth@R is the same shape at R jobs/min for 5 min.
tenth=(--preset dev --local-run-time 60s-120s --settle 1m --track-after 5m
  --template bench/rehearse/tenth.json)
scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=(dev-scaled tenth dev-realtime)
for s in "${scenarios[@]}"; do
  case $s in
  dev-scaled) bench dev-scaled --preset dev --time-scale 10 --track-after 3m ;;       # the documented run
  dev-realtime) bench dev-realtime --preset dev --track-after 25m ;;                   # the default plan in real time (jobs 500-800 s)
  dev-3x) bench dev-3x --preset dev --users 30 --time-scale 10 --track-after 3m ;;     # 3x the default plan's rate
  tenth) bench tenth "${tenth[@]}" --rate 133/min --duration 10m ;;
  tenth@*) r=${s#tenth@}; bench "tenth-at-$r" "${tenth[@]}" --rate "$r/min" --duration 5m ;;
  *) echo "unknown scenario $s (dev-scaled, dev-realtime, dev-3x, tenth, tenth@R)" >&2; exit 2 ;;
  esac
done
