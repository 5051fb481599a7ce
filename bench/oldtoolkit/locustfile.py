"""Faithful reconstruction (for bench/compareold) of the old toolkit's locust/locustfiles/locustfile.py,
written from its description (../../../shared/docs/original-toolkit-readme.md) and its known shape,
not copied from it. It is the "old path" of the side-by-side benchmark: Locust users whose task
runs emr-job-run.sh (one `aws emr-containers start-job-run` process per job).

Kept as the old toolkit had it:
- a test-instance session id `emr-<8 hex>-<YYYYMMDD>`, a unique 8-hex user id per user and per job;
- at init, one namespace + virtual cluster per --job-ns-count (`<session>-ns<i>` /
  `<session>-<cluster>-<i>`), created through the emr-containers API (namespace creation with
  kubectl is skipped: there is no Kubernetes behind the local endpoint);
- each task: a random namespace in 1..job-ns-count, a random AZ from --job-azs, then
  `subprocess.run(["sh", script], env=..., capture_output=True, text=True, timeout=300)`, logging
  success or failure; wait_time `between(20, 30)` per user;
- the job-state poll thread started on test_start (state_poll.py).

Changed for the benchmark (each said where it matters):
- wait_time is `between(BENCH_THINK_MIN, BENCH_THINK_MAX)` (default 20-30 s) so the target rate is
  reachable with a few dozen users;
- BENCH_MAX_JOBS bounds the submissions: users claim a slot before running the script, and the
  runner quits when the last claimed submission has returned (the old toolkit ran for --run-time);
- each submission fires a Locust request event (type "script", its wall time), so Locust's own
  statistics report the submit latency (the original only set a gauge to the last value), and on
  quitting Locust's numbers for it are written to BENCH_STATS_JSON;
- the Prometheus gauges and the second task that set the user-count gauge are left out: that task
  took half of the users' turns (each followed by a 20-30 s wait), so leaving it out doubles the
  old path's rate at a given think time — in the old path's favour;
- EMR_ENDPOINT_URL and AWS_CLI point the script at the local endpoint and Debian's awscli.
"""

import json
import random
import subprocess
import threading
import time
import uuid
from datetime import datetime, timezone
from os import environ, path

import gevent
from locust import User, between, events, task
from locust.exception import StopUser

import state_poll

EKS_CLUSTER_NAME = environ["CLUSTER_NAME"]
REGION = environ["AWS_REGION"]
ENDPOINT_URL = environ["EMR_ENDPOINT_URL"]
MAX_JOBS = int(environ.get("BENCH_MAX_JOBS", "0"))  # 0 = until --run-time
THINK_MIN = float(environ.get("BENCH_THINK_MIN", "20"))
THINK_MAX = float(environ.get("BENCH_THINK_MAX", "30"))
POLL_INTERVAL = float(environ.get("BENCH_POLL_INTERVAL", str(state_poll.POLL_INTERVAL_S)))

exit_event = threading.Event()
client = state_poll.emr_containers_client(REGION, ENDPOINT_URL)
unique_id = f"emr-{str(uuid.uuid4())[:8]}-{datetime.now(timezone.utc).strftime('%Y%m%d')}"
ns_prefix = f"{unique_id}-ns"
virtual_clusters = {}  # namespace -> virtual cluster id
budget = {"claimed": 0, "returned": 0}  # submissions started / finished (BENCH_MAX_JOBS)
printlog = state_poll.printlog


def setup_unique_user_id():
    return f"{str(uuid.uuid4())[:8]}"


@events.init_command_line_parser.add_listener
def on_parser(parser):
    parser.add_argument("--emr-script-name", type=str, default=environ.get("JOB_SCRIPT_NAME", "emr-job-run.sh"),
                        help="EMR on EKS job submission shell script file name and path")
    parser.add_argument("--job-ns-count", type=int, default=int(environ.get("SPARK_JOB_NS_NUM", "2")),
                        help="Number of job namespaces or EMR Virtual Cluster")
    parser.add_argument("--job-azs", type=json.loads, default=None, help="List of AZs for task allocation")


def create_virtual_clusters(ns_count):
    printlog(f"Creating {ns_count} virtual cluster(s) for the test instance {unique_id}...")
    for i in range(1, ns_count + 1):
        namespace = f"{ns_prefix}{i}"
        vc = client.create_virtual_cluster(
            name=f"{unique_id}-{EKS_CLUSTER_NAME}-{i}",
            containerProvider={"type": "EKS", "id": EKS_CLUSTER_NAME, "info": {"eksInfo": {"namespace": namespace}}},
            clientToken=str(uuid.uuid4()))
        virtual_clusters[namespace] = vc["id"]
        printlog(f"Virtual cluster {vc['id']} mapped to namespace {namespace}")


@events.init.add_listener
def on_init(environment, **kwargs):
    create_virtual_clusters(environment.parsed_options.job_ns_count)


@events.test_start.add_listener
def on_test_start(environment, **kwargs):
    printlog(f"Start the load test against EKS Cluster {EKS_CLUSTER_NAME} in region {REGION}")
    state_poll.start_thread(client, EKS_CLUSTER_NAME, exit_event, POLL_INTERVAL)


@events.quitting.add_listener
def on_quitting(environment, **kwargs):
    out = environ.get("BENCH_STATS_JSON")
    if not out:
        return
    st = environment.stats.get("emr-job-run.sh", "script")
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"requests": st.num_requests, "failures": st.num_failures,
                   "p50_ms": st.get_response_time_percentile(0.5), "p99_ms": st.get_response_time_percentile(0.99)}, f)


@events.test_stop.add_listener
def on_test_stop(environment, **kwargs):
    printlog(f"Test {unique_id} has stopped ramping up. Jobs are still running")
    exit_event.set()


class EMRJobUser(User):
    wait_time = between(THINK_MIN, THINK_MAX)

    def __init__(self, environment):
        super().__init__(environment)
        self.user_id = setup_unique_user_id()
        self.job_script = environment.parsed_options.emr_script_name
        self.ns_count = environment.parsed_options.job_ns_count
        self.job_azs = environment.parsed_options.job_azs
        self.total_jobs_submitted = 0

    @task
    def submit_emr_job(self):
        if MAX_JOBS and budget["claimed"] >= MAX_JOBS:
            raise StopUser()
        budget["claimed"] += 1  # greenlets switch only on I/O: no lock needed
        try:
            self.submit()
        finally:
            budget["returned"] += 1
            if MAX_JOBS and budget["returned"] >= MAX_JOBS:
                gevent.spawn(self.environment.runner.quit)

    def submit(self):
        namespace = f"{ns_prefix}{random.randint(1, self.ns_count)}"
        virtual_cluster_id = virtual_clusters[namespace]
        job_unique_id = setup_unique_user_id()
        env = environ.copy()
        env.update({"CLUSTER_NAME": EKS_CLUSTER_NAME, "VIRTUAL_CLUSTER_ID": virtual_cluster_id,
                    "AWS_REGION": REGION, "JOB_UNIQUE_ID": job_unique_id})
        if self.job_azs:
            env["SELECTED_AZ"] = random.choice(self.job_azs)
        script_path = path.join(path.dirname(__file__), self.job_script)
        start, exc = time.perf_counter(), None
        try:
            result = subprocess.run(["sh", script_path], env=env, capture_output=True, text=True, timeout=300)
            if result.returncode == 0:
                self.total_jobs_submitted += 1
                printlog(f"EMR job {job_unique_id} is submitted successfully to VC: {virtual_cluster_id}, namespace: {namespace}")
            else:
                exc = RuntimeError(f"exit code {result.returncode}: {result.stderr.strip()[-300:]}")
                printlog(f"EMR job submission failed ({exc})")
        except subprocess.TimeoutExpired as e:
            exc = e
            printlog(f"ERROR: EMR job submission timed out for: {job_unique_id}")
        elapsed_ms = (time.perf_counter() - start) * 1000
        self.environment.events.request.fire(request_type="script", name="emr-job-run.sh", response_time=elapsed_ms,
                                             response_length=0, exception=exc, context={})
        printlog(f"Submitted {self.total_jobs_submitted} jobs by user {self.user_id}")
