"""Faithful reconstruction (for bench/compareold) of the old Locust toolkit's job-state poll
(`count_emr_jobs` in its locustfile, `list_job_runs` / `find_vcs_eks` in lib/virtual_cluster.py),
written from the toolkit's description, not copied from it.

What the old poll did, and this one does the same way:
- a thread started on Locust's test_start, first round 60 s after the start, then every 60 s;
- each round: ListVirtualClusters of the EKS cluster in state RUNNING (all pages), then for
  every such virtual cluster ListJobRuns with states PENDING, SUBMITTED, RUNNING, COMPLETED,
  FAILED and no createdAfter (so every job the cluster ever ran), all pages (botocore paginator,
  the server's default page size), counting jobs per state.

The old toolkit used boto3; boto3's client and paginator are botocore's, so this uses the
botocore that Debian's awscli package vendors (`awscli.botocore`), which makes the same calls.
Deviations: the Prometheus gauges are replaced by a log line (prometheus_client is not needed
to count API calls), and the interval is a parameter so CI can run a round in seconds.

Standalone: python3 state_poll.py --endpoint-url URL --cluster-name NAME --interval 60 --rounds 2
"""

import argparse
import sys
import threading
import time
from datetime import datetime

sys.path.insert(0, "/usr/lib/python3/dist-packages")  # Debian's awscli, also under pyenv
from awscli.botocore.session import get_session  # noqa: E402

JOB_STATES = ["PENDING", "SUBMITTED", "RUNNING", "COMPLETED", "FAILED"]
POLL_INTERVAL_S = 60


def printlog(log):
    print(f"[{datetime.now()}] {log}", flush=True)


def emr_containers_client(region, endpoint_url):
    """The boto3-equivalent emr-containers client, pointed at endpoint_url."""
    return get_session().create_client("emr-containers", region_name=region, endpoint_url=endpoint_url)


def find_vcs_eks(client, eks_name, states):
    pages = client.get_paginator("list_virtual_clusters").paginate(
        containerProviderType="EKS", containerProviderId=eks_name, states=states)
    return [vc for page in pages for vc in page["virtualClusters"]]


def list_job_runs(client, vc_id, states=JOB_STATES):
    pages = client.get_paginator("list_job_runs").paginate(virtualClusterId=vc_id, states=states)
    return [job for page in pages for job in page["jobRuns"]]


def poll_once(client, eks_name):
    """One round of the old poll; returns job counts by state over every RUNNING cluster."""
    counts = {}
    vcs = [vc["id"] for vc in find_vcs_eks(client, eks_name, ["RUNNING"])]
    for vc_id in vcs:
        for job in list_job_runs(client, vc_id):
            counts[job["state"]] = counts.get(job["state"], 0) + 1
    printlog(f"EMR jobs by state {counts}, VCs: {len(vcs)}")
    return counts


def count_emr_jobs(client, eks_name, exit_event, interval=POLL_INTERVAL_S, rounds=0):
    """The old monitoring loop: a round every interval seconds until exit_event (or rounds)."""
    next_time = time.time() + interval
    done = 0
    while not exit_event.is_set() and (rounds == 0 or done < rounds):
        now = time.time()
        if now > next_time:
            try:
                poll_once(client, eks_name)
            except Exception as e:  # the old loop logged and carried on
                printlog(f"Error monitoring EMR jobs: {e}")
            done += 1
            next_time = now + interval
        time.sleep(min(1.0, interval / 10))


def start_thread(client, eks_name, exit_event, interval=POLL_INTERVAL_S):
    thread = threading.Thread(target=count_emr_jobs, args=(client, eks_name, exit_event, interval), daemon=True)
    thread.start()
    return thread


def main():
    p = argparse.ArgumentParser(description="the old toolkit's job-state poll, standalone")
    p.add_argument("--endpoint-url", required=True)
    p.add_argument("--cluster-name", required=True, help="EKS cluster id of the virtual clusters")
    p.add_argument("--region", default="us-east-1")
    p.add_argument("--interval", type=float, default=POLL_INTERVAL_S, help="seconds between rounds (old: 60)")
    p.add_argument("--rounds", type=int, default=1, help="rounds to run, then exit")
    a = p.parse_args()
    if a.interval <= 0 or a.rounds < 1:
        p.error("--interval must be > 0 and --rounds >= 1")
    client = emr_containers_client(a.region, a.endpoint_url)
    count_emr_jobs(client, a.cluster_name, threading.Event(), a.interval, a.rounds)


if __name__ == "__main__":
    main()
