#!/usr/bin/env bash
# The single test command: builds the missing real-component binaries
# (scripts/testbin.sh, cached outside the repo), then gofmt, go vet and
# go test -race with integration tests required, then every executable
# scripts/test.d/*.sh in name order (other areas add their steps there).
# Stops every control plane the tests started, also on failure or Ctrl-C.
#
#   scripts/test.sh                  everything
#   scripts/test.sh ./internal/...   limit vet and test to these packages
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
PKGS=("${@:-./...}")

# phase NAME CMD...: run CMD, print its wall time. CMD runs in the
# background (a command in its own process group via setsid), so a signal
# reaches the traps at once and cleanup can stop the whole group (go test and
# its test binaries).
PHASE_PID=""
phase() {
	local name=$1 start=$SECONDS rc=0
	shift
	echo "=== phase $name"
	if [[ "$(type -t "$1")" == function ]]; then
		"$@" &
	else
		setsid "$@" &
	fi
	PHASE_PID=$!
	wait "$PHASE_PID" || rc=$?
	PHASE_PID=""
	echo "=== phase $name: $((SECONDS - start)) s (exit $rc)"
	return "$rc"
}

TESTENV_RUN_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/emr-eks-loadtest-test.XXXXXX")
export TESTENV_RUN_ROOT
cleanup() {
	local d
	if [[ -n "$PHASE_PID" ]]; then
		kill -TERM -- "-$PHASE_PID" 2>/dev/null || kill -TERM "$PHASE_PID" 2>/dev/null || true
		wait "$PHASE_PID" 2>/dev/null || true
	fi
	for d in "$TESTENV_RUN_ROOT"/*/; do
		[[ -d "$d/pids" ]] && "$ROOT/scripts/testbin.sh" down --dir "$d" || true
	done
	rm -rf "$TESTENV_RUN_ROOT"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

check_gofmt() {
	local out
	out=$(gofmt -l "$ROOT")
	[[ -z "$out" ]] || { echo "gofmt: these files need gofmt -w:"; echo "$out"; return 1; }
}

run_extra_steps() {
	local f
	for f in "$ROOT"/scripts/test.d/*.sh; do
		[[ -x "$f" ]] || continue
		phase "$(basename "$f" .sh)" "$f"
	done
}

total=$SECONDS
phase testbin-build "$ROOT/scripts/testbin.sh" build
eval "$("$ROOT/scripts/testbin.sh" env)"
export REQUIRE_INTEGRATION=1
phase gofmt check_gofmt
# -race: vet compiles every dependency as go test -race will, so the test
# phase reuses them instead of compiling the tree a second time (cold: ~7 min).
phase go-vet go vet -race "${PKGS[@]}"
phase go-test go test -race -timeout 40m "${PKGS[@]}"
run_extra_steps
echo "=== all phases passed in $((SECONDS - total)) s"
