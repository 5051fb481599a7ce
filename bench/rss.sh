#!/usr/bin/env bash
# Peak and final RSS of one `loadgen run` process tracking N live jobs (default 100,000) over 4
# virtual clusters of a separate `loadgen serve-local` (its memory is not counted). Every job
# stays RUNNING (--capacity 0, --run-time 2h), so all N are live at the end. Two peaks: while
# submitting and tracking (until the journal's end record), and overall, which adds the
# end-of-run report built from the journal. Target (issue 4): < 200 MiB. Run from the repo root:
# bench/rss.sh [JOBS] [RATE/s]. Prints one result line.
set -euo pipefail
jobs=${1:-100000}
rate=${2:-1000}
work=$(mktemp -d)
trap 'kill ${srv:-} 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/loadgen" ./loadgen
/usr/bin/time -f '%M' -o "$work/time-help" "$work/loadgen" help >/dev/null 2>&1
floor=$(($(tail -1 "$work/time-help") / 1024)) # the binary's own pages and its initialisers' heap
"$work/loadgen" serve-local --addr 127.0.0.1:0 --capacity 0 --run-time 2h --queue-delay 0s --start-latency 0s \
  --virtual-clusters 4 >"$work/srv.out" 2>&1 &
srv=$!
until grep -q '^Try it' "$work/srv.out" 2>/dev/null; do sleep 0.2; done
url=$(sed -n 's/^local EMR on EKS endpoint: \(http[^ ]*\).*/\1/p' "$work/srv.out")
vcs=$(sed -n 's/^virtual cluster \([^ ]*\) *namespace \([^ ]*\).*/\2=\1/p' "$work/srv.out" | paste -sd, -)
"$work/loadgen" run --endpoint "$url" --region us-east-1 --virtual-clusters "$vcs" \
  --execution-role-arn arn:aws:iam::123456789012:role/r --bucket b --release-label emr-7.9.0-latest \
  --rate "$rate/s" --max-jobs "$jobs" --duration 0 --track-after 30s --runs-dir "$work/runs" \
  --progress-every 1h >"$work/run.out" 2>&1 &
pid=$!
peak=0 rss=0 track=0
while kill -0 $pid 2>/dev/null; do
  # An exited process not yet reaped has a status without memory lines: keep the last figures.
  if s=$(cat /proc/$pid/status 2>/dev/null) && grep -q '^VmHWM' <<<"$s"; then
    rss=$(awk '/^VmRSS/{print $2}' <<<"$s"); peak=$(awk '/^VmHWM/{print $2}' <<<"$s")
    if ! tail -c 300 "$work"/runs/*/journal.jsonl 2>/dev/null | grep -q '"ev":"end"'; then
      track=$peak # the journal is not closed yet: the report has not started
    fi
  fi
  sleep 0.5
done
wait $pid || { tail -20 "$work/run.out"; exit 1; }
accepted=$(grep -o 'accepted [0-9]*' "$work/run.out" | head -1)
echo "loadgen tracking $jobs jobs ($accepted) at $rate/s over 4 virtual clusters: peak RSS while submitting and tracking $((track/1024)) MiB, with the end-of-run report $((peak/1024)) MiB (binary at start: $floor MiB); $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
