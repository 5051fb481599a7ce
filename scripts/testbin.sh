#!/usr/bin/env bash
# testbin.sh: the real components the tests run against, built from the Go
# module proxy, cached outside the repo, and a local control plane on 127.0.0.1.
#
#   scripts/testbin.sh build [NAME...]  build the missing binaries (all by default)
#   scripts/testbin.sh check            exit 1 and name the missing binaries
#   scripts/testbin.sh env              print `export` lines for the tests (and rehearsals)
#   scripts/testbin.sh up --dir DIR [--scheduler-config FILE] [--kwok]
#                         [--kwok-stages FILE] [--no-controller-manager] [--no-scheduler]
#                                       start etcd + kube-apiserver (+ kube-controller-manager,
#                                       kube-scheduler, kwok), write DIR/kubeconfig, wait for health
#   scripts/testbin.sh down --dir DIR   stop what `up` started (apiserver before etcd)
#
# Binary names: etcd kube-apiserver kube-controller-manager kube-scheduler kubectl
# kwok pulumi pulumi-resource-kubernetes karpenter-kwok. TESTBIN_DIR overrides the
# cache folder. karpenter-kwok (Karpenter core with its kwok cloud provider) lives
# in its own versioned sub-folder, karpenter<version>/, so adding or bumping it
# never invalidates the rest of the cache. Each build's wall time is kept in
# .build-seconds in the cache folder and shown the next time that binary is built.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
K8S_VERSION=v1.34.4
ETCD_VERSION=v3.6.16
KWOK_VERSION=v0.8.0
PULUMI_VERSION=v3.274.1
PK8S_VERSION=v4.25.0
# sigs.k8s.io/karpenter: the module has no replace directives, `go install` works.
KARPENTER_VERSION=v1.8.0
# The pulumi-kubernetes provider/v4 pseudo-version that is exactly tag v4.25.0
# (pinned in tools/pulumi-kubernetes/go.mod).
PK8S_PROVIDER_MODULE=github.com/pulumi/pulumi-kubernetes/provider/v4
KEY="k8s${K8S_VERSION#v}-etcd${ETCD_VERSION#v}-kwok${KWOK_VERSION#v}-pulumi${PULUMI_VERSION#v}-pk8s${PK8S_VERSION#v}"
TESTBIN_DIR=${TESTBIN_DIR:-${XDG_CACHE_HOME:-${HOME:?set HOME or XDG_CACHE_HOME}/.cache}/emr-eks-loadtest/testbin/$KEY}
KARPENTER_DIR="$TESTBIN_DIR/karpenter${KARPENTER_VERSION#v}"
ALL_BINARIES=(etcd kube-apiserver kube-controller-manager kube-scheduler kubectl kwok pulumi pulumi-resource-kubernetes karpenter-kwok)
DURATIONS="$TESTBIN_DIR/.build-seconds"

log() { printf '[testbin %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'testbin: %s\n' "$*" >&2; exit 1; }

# bin_path NAME: where binary NAME lives in the cache.
bin_path() {
	case $1 in
	karpenter-kwok) echo "$KARPENTER_DIR/karpenter-kwok" ;;
	*) echo "$TESTBIN_DIR/$1" ;;
	esac
}

missing() {
	local b out=()
	for b in "${@:-${ALL_BINARIES[@]}}"; do
		[[ -x "$(bin_path "$b")" ]] || out+=("$b")
	done
	echo "${out[*]:-}"
}

# last_seconds NAME: the recorded wall time of NAME's last build, or "".
last_seconds() {
	[[ -r "$DURATIONS" ]] || return 0
	awk -v n="$1" '$1 == n { s = $2 } END { if (s != "") print s }' "$DURATIONS"
}

# timed NAME CMD...: run CMD, log its wall time (and the last one) and record it.
timed() {
	local name=$1 start=$SECONDS last
	shift
	last=$(last_seconds "${name// /+}")
	if [[ -n "$last" ]]; then
		log "building $name (its last build here took $last s)"
	else
		log "building $name (no earlier build recorded here)"
	fi
	"$@"
	log "built $name in $((SECONDS - start)) s"
	echo "${name// /+} $((SECONDS - start)) $(date -u +%Y-%m-%dT%H:%M:%SZ)" >>"$DURATIONS"
}

build_etcd() {
	go build -C "$ROOT/tools/etcd" -trimpath -ldflags='-s -w' -o "$STAGE/etcd" go.etcd.io/etcd/server/v3
}

build_kwok() {
	GOBIN="$STAGE" go install -trimpath -ldflags='-s -w' "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
}

# build_karpenter_kwok: `go install` names the binary after its package
# folder (kwok), so install into a folder of its own and rename.
build_karpenter_kwok() {
	GOBIN="$STAGE/karpenter" go install -trimpath -ldflags='-s -w' "sigs.k8s.io/karpenter/kwok@$KARPENTER_VERSION"
	mv "$STAGE/karpenter/kwok" "$STAGE/karpenter-kwok"
}

k8s_ldflags() {
	local minor pkg flags='-s -w'
	minor=$(echo "$K8S_VERSION" | cut -d. -f2)
	for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
		flags+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
	done
	echo "$flags"
}

# build_k8s NAME...: one `go build` for all the missing Kubernetes commands
# (they share most packages).
build_k8s() {
	local pkgs=() n
	for n in "$@"; do pkgs+=("k8s.io/kubernetes/cmd/$n"); done
	go build -C "$ROOT/tools/k8s" -trimpath -ldflags "$(k8s_ldflags)" -o "$STAGE/" "${pkgs[@]}"
}

build_pulumi() {
	go build -C "$ROOT/tools/pulumi" -trimpath \
		-ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION" \
		-o "$STAGE/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
}

build_pulumi_kubernetes() {
	local work dir version
	work=$(mktemp -d)
	cp "$ROOT"/tools/pulumi-kubernetes/{go.mod,go.sum,main.go,gen.go} "$work/"
	dir=$(cd "$work" && go list -m -f '{{.Dir}}' "$PK8S_PROVIDER_MODULE")
	[[ -n "$dir" ]] || { (cd "$work" && go mod download "$PK8S_PROVIDER_MODULE") && dir=$(cd "$work" && go list -m -f '{{.Dir}}' "$PK8S_PROVIDER_MODULE"); }
	version=${PK8S_VERSION#v}
	(cd "$work" && go run gen.go "$dir/cmd/pulumi-resource-kubernetes" "$version")
	go build -C "$work" -trimpath \
		-ldflags "-s -w -X $PK8S_PROVIDER_MODULE/pkg/version.Version=$version" \
		-o "$STAGE/pulumi-resource-kubernetes" .
	rm -rf "$work"
}

# The provider is installed once into a plugin folder next to the binaries;
# tests link it into their per-run PULUMI_HOME.
install_pulumi_plugin() {
	local home="$TESTBIN_DIR/pulumi-home"
	[[ -x "$home/plugins/resource-kubernetes-$PK8S_VERSION/pulumi-resource-kubernetes" ]] && return 0
	log "installing the kubernetes plugin into $home"
	PULUMI_HOME="$home" PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true \
		"$TESTBIN_DIR/pulumi" plugin install resource kubernetes "$PK8S_VERSION" \
		--file "$TESTBIN_DIR/pulumi-resource-kubernetes" >&2
}

cmd_build() {
	local want todo k8s=() n
	want=("${@:-${ALL_BINARIES[@]}}")
	for n in "${want[@]}"; do
		[[ " ${ALL_BINARIES[*]} " == *" $n "* ]] || die "build: unknown binary '$n' (known: ${ALL_BINARIES[*]})"
	done
	mkdir -p "$TESTBIN_DIR"
	todo=$(missing "${want[@]}")
	STAGE=$(mktemp -d "$TESTBIN_DIR/.stage.XXXXXX")
	trap 'rm -rf "$STAGE"' EXIT
	log "cache: $TESTBIN_DIR; missing: ${todo:-nothing}"
	# Control plane first (most tests need it), then the Pulumi pair.
	for n in $todo; do
		case $n in
		etcd) timed etcd build_etcd ;;
		kwok) timed kwok build_kwok ;;
		karpenter-kwok)
			timed karpenter-kwok build_karpenter_kwok
			mkdir -p "$KARPENTER_DIR"
			mv "$STAGE/karpenter-kwok" "$KARPENTER_DIR/karpenter-kwok"
			;;
		pulumi | pulumi-resource-kubernetes) ;;
		*) k8s+=("$n") ;;
		esac
		# Move each finished binary into place at once: an interrupted build
		# keeps what was done.
		if [[ -e "$STAGE/$n" ]]; then mv "$STAGE/$n" "$TESTBIN_DIR/$n"; fi
	done
	if ((${#k8s[@]})); then
		timed "${k8s[*]}" build_k8s "${k8s[@]}"
		for n in "${k8s[@]}"; do mv "$STAGE/$n" "$TESTBIN_DIR/$n"; done
	fi
	if [[ " $todo " == *" pulumi "* ]]; then
		timed pulumi build_pulumi
		mv "$STAGE/pulumi" "$TESTBIN_DIR/pulumi"
	fi
	if [[ " $todo " == *" pulumi-resource-kubernetes "* ]]; then
		timed pulumi-resource-kubernetes build_pulumi_kubernetes
		mv "$STAGE/pulumi-resource-kubernetes" "$TESTBIN_DIR/pulumi-resource-kubernetes"
	fi
	if [[ -x "$TESTBIN_DIR/pulumi" && -x "$TESTBIN_DIR/pulumi-resource-kubernetes" ]]; then
		install_pulumi_plugin
	fi
	todo=$(missing "${want[@]}")
	[[ -z "$todo" ]] || die "build: still missing: $todo"
}

cmd_check() {
	local todo
	todo=$(missing "$@")
	[[ -z "$todo" ]] || die "missing in $TESTBIN_DIR: $todo (run scripts/testbin.sh build)"
}

cmd_env() {
	echo "export TESTBIN_DIR='$TESTBIN_DIR'"
	echo "export TESTBIN_KWOK_STAGES='$ROOT/scripts/kwok/stages.yaml'"
	echo "export TESTBIN_KARPENTER_KWOK='$KARPENTER_DIR/karpenter-kwok'"
	echo "export PULUMI_SKIP_UPDATE_CHECK=true"
	echo "export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true"
}

cmd=${1:-}
[[ -n "$cmd" ]] || die "usage: testbin.sh build|check|env|up|down (see the top of $0)"
shift
case $cmd in
build) cmd_build "$@" ;;
check) cmd_check "$@" ;;
env) cmd_env ;;
up | down)
	# shellcheck source=scripts/controlplane.sh
	source "$ROOT/scripts/controlplane.sh"
	"cmd_$cmd" "$@"
	;;
*) die "unknown command '$cmd' (build|check|env|up|down)" ;;
esac
