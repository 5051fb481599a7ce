#!/usr/bin/env bash
# Rehearsal benchmarks (bench/README.md "Rehearsal" and "Plan accuracy"), run by hand, not in CI.
# Each scenario runs `loadgen rehearse` once through bench/rehearse (go run ./bench/rehearse), which
# records the load average, scrapes the rehearsal's kube-apiserver /metrics for the mutating calls'
# p99 (SLO <= 1 s), reads report.json / jobs.csv / cluster.json and compares `loadgen plan`'s peak
# nodes per NodePool with Karpenter's. Results: bench/results/rehearse-<date>-<name>.md.
# Needs the tier-2 binaries (scripts/testbin.sh check). Run from the repository root:
#   bench/rehearse.sh [dev-scaled|dev-realtime|dev-3x|tenth|stepN]...   (default: dev-scaled tenth dev-realtime)
set -euo pipefail
scripts/testbin.sh check >/dev/null || { scripts/testbin.sh check; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/loadgen" ./loadgen
bench() { go run ./bench/rehearse --loadgen "$work/loadgen" --name "$1" -- "${@:2}"; }
# The published EMR on EKS test shape is ~2,000 concurrent jobs / ~23,000 pods / ~350 nodes
# (docs/best-practices.md); 1/10 of it: ~200 concurrent jobs of ~11.5 pods. bench/rehearse/tenth.json
# is spark-pi with 10 executors (12 pods a job with EMR's submitter; 1 vCPU each, so more than 35
# nodes: the published pods were smaller); 200 jobs in flight = rate x run time (133/min x 90 s).
tenth=(--preset dev --rate 133/min --duration 10m --local-run-time 60s-120s --settle 1m
  --track-after 5m --template bench/rehearse/tenth.json)
scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=(dev-scaled tenth dev-realtime)
for s in "${scenarios[@]}"; do
  case $s in
  dev-scaled) bench dev-scaled --preset dev --time-scale 10 --track-after 3m ;;       # the documented run
  dev-realtime) bench dev-realtime --preset dev --track-after 5m ;;                    # the default plan in real time
  dev-3x) bench dev-3x --preset dev --users 30 --track-after 5m ;;                     # 3x the default plan's rate
  tenth) bench tenth "${tenth[@]}" ;;
  step*) n=${s#step}; bench "step$n" --preset dev --rate "$((133 * n))/min" --duration 10m --track-after 5m --settle 1m ;;
  *) echo "unknown scenario $s (dev-scaled, dev-realtime, dev-3x, tenth, stepN)" >&2; exit 2 ;;
  esac
done
