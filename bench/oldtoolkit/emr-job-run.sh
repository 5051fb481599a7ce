#!/bin/sh
# Faithful reconstruction (for bench/compareold) of the old Locust toolkit's
# locust/locustfiles/emr-job-run.sh: one `aws emr-containers start-job-run`
# CLI process per job, with the TPC-DS benchmark job, the AZ chosen by the
# locustfile, job name <JOB_UNIQUE_ID>-<EMR_IMAGE_VERSION>. Written from the
# toolkit's description, not copied from it.
#
# Deviations, each in the old path's favour:
# - the original first ran `aws sts get-caller-identity` (account id) and
#   `aws kms describe-key` (log encryption key): two more CLI processes per
#   job. The local endpoint serves neither STS nor KMS, so ACCOUNT_ID comes
#   from the environment and the KMS key is dropped.
# - EMR_ENDPOINT_URL points the CLI at `loadgen serve-local`.
# The locustfile runs it with `sh`, so it is POSIX sh.
set -e
: "${VIRTUAL_CLUSTER_ID:?set by the locustfile}" "${JOB_UNIQUE_ID:?set by the locustfile}"
: "${EMR_ENDPOINT_URL:?the emr-containers endpoint (loadgen serve-local)}"
SHARED_PREFIX_NAME="emr-on-${CLUSTER_NAME}"
ACCOUNTID="${ACCOUNT_ID:-123456789012}"
EMR_ROLE_ARN="arn:aws:iam::${ACCOUNTID}:role/${SHARED_PREFIX_NAME}-execution-role"
S3BUCKET="${SHARED_PREFIX_NAME}-${ACCOUNTID}-${AWS_REGION}"
ECR_URL="${ACCOUNTID}.dkr.ecr.${AWS_REGION}.amazonaws.com"
EMR_IMAGE_VERSION="${EMR_IMAGE_VERSION:-7.9.0}"
EMR_VERSION="emr-${EMR_IMAGE_VERSION}-latest"
SELECTED_AZ="${SELECTED_AZ:-us-west-2a}"

"${AWS_CLI:-aws}" emr-containers start-job-run \
  --endpoint-url "$EMR_ENDPOINT_URL" \
  --virtual-cluster-id "$VIRTUAL_CLUSTER_ID" \
  --name "$JOB_UNIQUE_ID-$EMR_IMAGE_VERSION" \
  --execution-role-arn "$EMR_ROLE_ARN" \
  --release-label "$EMR_VERSION" \
  --job-driver '{
  "sparkSubmitJobDriver": {
    "entryPoint": "local:///usr/lib/spark/examples/jars/eks-spark-benchmark-assembly-1.0.jar",
    "entryPointArguments": ["s3://blogpost-sparkoneks-us-east-1/blog/tpc30", "s3://'"$S3BUCKET"'/EMRONEKS-TPCDS-TEST-RESULT",
      "/opt/tpcds-kit/tools", "parquet", "30", "1", "false", "q4-v2.4,q24a-v2.4,q24b-v2.4,q67-v2.4", "false"],
    "sparkSubmitParameters": "--class com.amazonaws.eks.tpcds.BenchmarkSQL --conf spark.driver.cores=2 --conf spark.driver.memory=2g --conf spark.executor.cores=2 --conf spark.executor.memory=6g --conf spark.executor.instances=30"
  }}' \
  --configuration-overrides '{
  "applicationConfiguration": [
    {"classification": "spark-defaults", "properties": {
      "spark.kubernetes.container.image.pullPolicy": "IfNotPresent",
      "spark.kubernetes.container.image": "'"$ECR_URL"'/eks-spark-benchmark:emr'"$EMR_IMAGE_VERSION"'",
      "spark.network.timeout": "3600s",
      "spark.executor.heartbeatInterval": "1800s",
      "spark.shuffle.io.retryWait": "60s",
      "spark.shuffle.io.maxRetries": "5",
      "spark.hadoop.fs.s3.maxConnections": "200",
      "spark.hadoop.fs.s3.maxRetries": "30",
      "spark.scheduler.minRegisteredResourcesRatio": "0.6",
      "spark.scheduler.maxRegisteredResourcesWaitingTime": "1800s",
      "spark.kubernetes.executor.node.selector.karpenter.sh/nodepool": "executor-nodepool",
      "spark.kubernetes.driver.node.selector.karpenter.sh/nodepool": "driver-nodepool",
      "spark.kubernetes.node.selector.topology.kubernetes.io/zone": "'"$SELECTED_AZ"'",
      "spark.shuffle.sort.io.plugin.class": "org.apache.spark.shuffle.KubernetesLocalDiskShuffleDataIO",
      "spark.ui.prometheus.enabled": "true",
      "spark.executor.processTreeMetrics.enabled": "true",
      "spark.kubernetes.driver.annotation.prometheus.io/scrape": "true",
      "spark.kubernetes.driver.annotation.prometheus.io/path": "/metrics/executors/prometheus/",
      "spark.kubernetes.driver.annotation.prometheus.io/port": "4040",
      "spark.metrics.conf.*.sink.prometheusServlet.class": "org.apache.spark.metrics.sink.PrometheusServlet",
      "spark.metrics.conf.*.sink.prometheusServlet.path": "/metrics/driver/prometheus/"
    }},
    {"classification": "emr-containers-defaults", "properties": {
      "job-start-timeout": "4800",
      "executor.logging": "DISABLED"
    }},
    {"classification": "emr-job-submitter", "properties": {
      "jobsubmitter.node.selector.karpenter.sh/nodepool": "driver-nodepool",
      "jobsubmitter.node.selector.topology.kubernetes.io/zone": "'"$SELECTED_AZ"'",
      "jobsubmitter.container.image.pullPolicy": "IfNotPresent",
      "jobsubmitter.logging": "DISABLED"
    }}
  ],
  "monitoringConfiguration": {
    "s3MonitoringConfiguration": {"logUri": "s3://'"$S3BUCKET"'/elasticmapreduce/emr-containers"}
  }}'
