# controlplane.sh: `up` and `down` of scripts/testbin.sh (sourced by it; not
# run on its own). A local Kubernetes control plane on 127.0.0.1 made of the
# cached binaries: etcd, kube-apiserver, and optionally kube-controller-manager,
# kube-scheduler (with a given KubeSchedulerConfiguration) and kwok (with Stage
# files). Everything a run owns lives in its --dir: certs, token, kubeconfig,
# logs/, pids/.

# Stop order: the clients together, then the apiserver, then etcd.
CP_STOP_GROUPS=("watchdog kwok kube-scheduler kube-controller-manager" kube-apiserver etcd)

cp_usage() {
	die "usage: testbin.sh up --dir DIR [--scheduler-config FILE] [--kwok] [--kwok-stages FILE] [--no-controller-manager] [--no-scheduler] [--service-account-admission] [--owner-pid PID]"
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# pick_port: a random free port in 10000-32767 (below Linux's ephemeral
# range, where outgoing connections would take ports) not yet handed out.
CP_PORTS=" "
pick_port() {
	local p i
	for i in $(seq 1 50); do
		p=$((10000 + RANDOM % 22768))
		[[ "$CP_PORTS" == *" $p "* ]] && continue
		port_busy "$p" && continue
		CP_PORTS+="$p "
		echo "$p"
		return 0
	done
	die "up: no free port found in 10000-32767 after 50 tries"
}

# start NAME ARGS...: start $TESTBIN_DIR/NAME in the background, logs in DIR/logs.
start() {
	local name=$1
	shift
	"$TESTBIN_DIR/$name" "$@" >"$DIR/logs/$name.log" 2>&1 </dev/null &
	echo $! >"$DIR/pids/$name"
}

# fail_with_log NAME MSG: print the end of NAME's log, stop everything, exit 1.
fail_with_log() {
	local name=$1 msg=$2
	echo "testbin: up: $msg; last lines of $DIR/logs/$name.log:" >&2
	tail -n 20 "$DIR/logs/$name.log" >&2 || true
	if grep -q "address already in use" "$DIR/logs/$name.log" 2>/dev/null; then
		echo "testbin: up: a port was taken by another process between picking and binding" >&2
		touch "$DIR/port-conflict"
	fi
	cmd_down --dir "$DIR" >/dev/null 2>&1 || true
	exit 1
}

# wait_http NAME URL [curl args...]: wait up to 60 s for URL to answer 200
# while NAME's process lives.
wait_http() {
	local name=$1 url=$2 i pid
	shift 2
	pid=$(cat "$DIR/pids/$name")
	for i in $(seq 1 240); do
		if curl -skf -o /dev/null --max-time 2 "$@" "$url"; then
			return 0
		fi
		kill -0 "$pid" 2>/dev/null || fail_with_log "$name" "$name exited before it was healthy"
		sleep 0.25
	done
	fail_with_log "$name" "$name not healthy at $url after 60 s"
}

write_kubeconfig() {
	cat >"$DIR/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: testbin
  cluster:
    server: https://127.0.0.1:$APISERVER_PORT
    # Self-signed serving certificate made fresh by kube-apiserver (--cert-dir); loopback only.
    insecure-skip-tls-verify: true
users:
- name: admin
  user:
    token: $TOKEN
contexts:
- name: testbin
  context:
    cluster: testbin
    user: admin
current-context: testbin
EOF
	chmod 600 "$DIR/kubeconfig"
}

# scheduler_config FILE: a copy of FILE that connects to this control plane.
scheduler_config() {
	local src=$1 out="$DIR/kube-scheduler.yaml"
	[[ -r "$src" ]] || die "up: --scheduler-config '$src' is not a readable file"
	cp "$src" "$out"
	if grep -q '^clientConnection:' "$out"; then
		grep -q '^ *kubeconfig:' "$out" || die "up: --scheduler-config: clientConnection without kubeconfig; drop clientConnection or set clientConnection.kubeconfig"
	else
		printf '\nclientConnection:\n  kubeconfig: %s\n' "$DIR/kubeconfig" >>"$out"
	fi
	echo "$out"
}

start_etcd() {
	ETCD_PORT=$(pick_port)
	local peer
	peer=$(pick_port)
	start etcd --name testbin --data-dir "$DIR/etcd" --unsafe-no-fsync --log-level warn \
		--listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
		--listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
		--initial-cluster "testbin=http://127.0.0.1:$peer"
	wait_http etcd "http://127.0.0.1:$ETCD_PORT/health"
}

start_apiserver() {
	local admission=(--disable-admission-plugins ServiceAccount)
	((SA_ADMISSION == 0)) || admission=()
	APISERVER_PORT=$(pick_port)
	TOKEN=$(openssl rand -hex 24)
	echo "$TOKEN,admin,admin-uid,system:masters" >"$DIR/token.csv"
	openssl genrsa -out "$DIR/sa.key" 2048 2>/dev/null
	write_kubeconfig
	# ServiceAccount admission stays off unless --service-account-admission: with
	# it a pod created right after its namespace is refused until the controller
	# manager made the default account, and a pod naming a missing account never starts.
	start kube-apiserver --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$APISERVER_PORT" \
		--etcd-servers "http://127.0.0.1:$ETCD_PORT" --cert-dir "$DIR/certs" --token-auth-file "$DIR/token.csv" \
		--authorization-mode RBAC --endpoint-reconciler-type none --service-cluster-ip-range 10.96.0.0/16 \
		--service-account-key-file "$DIR/sa.key" --service-account-signing-key-file "$DIR/sa.key" \
		--service-account-issuer https://kubernetes.default.svc.cluster.local \
		"${admission[@]}" --allow-privileged
	wait_http kube-apiserver "https://127.0.0.1:$APISERVER_PORT/readyz" -H "Authorization: Bearer $TOKEN"
}

start_controller_manager() {
	local port
	port=$(pick_port)
	start kube-controller-manager --kubeconfig "$DIR/kubeconfig" --bind-address 127.0.0.1 --secure-port "$port" \
		--leader-elect=false --service-account-private-key-file "$DIR/sa.key" \
		--authentication-kubeconfig "$DIR/kubeconfig" --authorization-kubeconfig "$DIR/kubeconfig"
	wait_http kube-controller-manager "https://127.0.0.1:$port/healthz"
}

start_scheduler() {
	local port args=()
	port=$(pick_port)
	if [[ -n "$SCHED_CONFIG" ]]; then
		args+=(--config "$(scheduler_config "$SCHED_CONFIG")")
	else
		args+=(--kubeconfig "$DIR/kubeconfig")
	fi
	start kube-scheduler "${args[@]}" --leader-elect=false --bind-address 127.0.0.1 --secure-port "$port" \
		--authentication-kubeconfig "$DIR/kubeconfig" --authorization-kubeconfig "$DIR/kubeconfig"
	wait_http kube-scheduler "https://127.0.0.1:$port/healthz"
}

start_kwok() {
	[[ -r "$KWOK_STAGES" ]] || die "up: kwok stages '$KWOK_STAGES' is not a readable file"
	# kwok manages every node: there are no kubelets here. It holds each node's
	# Lease as a kubelet does (40 s, kubelet's default, renewed every 10 s):
	# without it the node lifecycle controller marks kwok nodes NotReady ~50 s
	# after they register and their pods unready (the node-heartbeat-with-lease
	# stage only refreshes the status every ~10 min, as a kubelet with leases).
	start kwok --kubeconfig "$DIR/kubeconfig" --config "$KWOK_STAGES" --manage-all-nodes=true \
		--cidr 10.244.0.0/16 --node-ip 127.0.0.1 --node-lease-duration-seconds 40
	sleep 0.5
	kill -0 "$(cat "$DIR/pids/kwok")" 2>/dev/null || fail_with_log kwok "kwok exited at start"
}

# start_watchdog PID: stop this control plane when PID exits (a test binary
# killed without running its cleanup).
start_watchdog() {
	local owner=$1
	(
		trap '' INT
		while kill -0 "$owner" 2>/dev/null && [[ -d "$DIR/pids" ]]; do sleep 1; done
		cmd_down --dir "$DIR"
	) >"$DIR/logs/watchdog.log" 2>&1 </dev/null &
	echo $! >"$DIR/pids/watchdog"
}

cmd_up() {
	DIR="" SCHED_CONFIG="" KWOK=0 KCM=1 SCHED=1 OWNER="" SA_ADMISSION=0
	KWOK_STAGES="$ROOT/scripts/kwok/stages.yaml"
	while (($#)); do
		case $1 in
		--dir) DIR=${2:?--dir needs a value}; shift ;;
		--scheduler-config) SCHED_CONFIG=${2:?--scheduler-config needs a file}; shift ;;
		--kwok) KWOK=1 ;;
		--kwok-stages) KWOK=1 KWOK_STAGES=${2:?--kwok-stages needs a file}; shift ;;
		--no-controller-manager) KCM=0 ;;
		--no-scheduler) SCHED=0 ;;
		--service-account-admission) SA_ADMISSION=1 ;;
		--owner-pid) OWNER=${2:?--owner-pid needs a pid}; shift ;;
		*) cp_usage ;;
		esac
		shift
	done
	[[ -n "$DIR" ]] || cp_usage
	command -v curl >/dev/null || die "up: curl is required (apt-get install curl)"
	command -v openssl >/dev/null || die "up: openssl is required (apt-get install openssl)"
	cmd_check etcd kube-apiserver
	((KCM == 0)) || cmd_check kube-controller-manager
	((SCHED == 0)) || cmd_check kube-scheduler
	((KWOK == 0)) || cmd_check kwok
	mkdir -p "$DIR"
	DIR=$(cd "$DIR" && pwd)
	[[ ! -d "$DIR/pids" ]] || die "up: $DIR already holds a control plane (run: testbin.sh down --dir $DIR)"
	local attempt
	for attempt in 1 2 3; do
		rm -rf "$DIR/port-conflict" "$DIR/etcd" "$DIR/certs"
		if (up_once); then return 0; fi
		[[ -e "$DIR/port-conflict" ]] || exit 1
		log "up: port conflict, trying again with other ports ($attempt/3)"
	done
	die "up: ports kept colliding with other processes (3 tries)"
}

up_once() {
	mkdir -p "$DIR/logs" "$DIR/pids" "$DIR/certs"
	local t0=$SECONDS
	start_etcd
	start_apiserver
	((KCM == 0)) || start_controller_manager
	((SCHED == 0)) || start_scheduler
	((KWOK == 0)) || start_kwok
	[[ -z "$OWNER" ]] || start_watchdog "$OWNER"
	log "up in $((SECONDS - t0)) s: KUBECONFIG=$DIR/kubeconfig"
	echo "KUBECONFIG=$DIR/kubeconfig"
}

# stop_pid NAME PID: TERM, wait up to 10 s, then KILL. Only a process whose
# command line still names NAME is signalled (pids get reused).
stop_pid() {
	local name=$1 pid=$2 i
	kill -0 "$pid" 2>/dev/null || return 0
	if [[ "$name" != watchdog ]] && ! tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "$name"; then
		return 0
	fi
	kill "$pid" 2>/dev/null || return 0
	for i in $(seq 1 40); do
		kill -0 "$pid" 2>/dev/null || return 0
		sleep 0.25
	done
	kill -9 "$pid" 2>/dev/null || true
}

cmd_down() {
	local dir="" group name pidfile jobs
	while (($#)); do
		case $1 in
		--dir) dir=${2:?--dir needs a value}; shift ;;
		*) die "usage: testbin.sh down --dir DIR" ;;
		esac
		shift
	done
	[[ -n "$dir" ]] || die "usage: testbin.sh down --dir DIR"
	[[ -d "$dir/pids" ]] || return 0
	for group in "${CP_STOP_GROUPS[@]}"; do
		jobs=()
		for name in $group; do
			pidfile="$dir/pids/$name"
			[[ -f "$pidfile" ]] || continue
			# The watchdog itself calls down: never let it signal itself.
			if [[ "$name" != watchdog || "$(cat "$pidfile")" != "${BASHPID:-}" ]]; then
				stop_pid "$name" "$(cat "$pidfile")" &
				jobs+=($!)
			fi
		done
		# Only these jobs: from `up` the daemons are children of this shell too.
		((${#jobs[@]} == 0)) || wait "${jobs[@]}"
		for name in $group; do rm -f "$dir/pids/$name"; done
	done
	rmdir "$dir/pids" 2>/dev/null || true
}
