// Package sparksim simulates Spark on Kubernetes for rehearsals: a real
// control plane and scheduler place the pods, kwok "runs" them, and this
// package plays what Spark and the Spark Operator would do with them.
//
// The API:
//
//   - EMRApp(jobDriver, configurationOverrides) and ParseSubmitParameters
//     resolve a job's Spark configuration as spark-submit does
//     (sparkSubmitParameters over spark-defaults).
//   - DriverPod(app, PodMeta) builds the driver pod Spark on Kubernetes
//     would: resources from spark.driver.cores/memory/memoryOverhead (memory
//     overhead max(384 MiB, 10%), 40% for Python/R, see Resources), node
//     selectors from spark.kubernetes.[driver.]node.selector.*, the scheduler
//     from spark.kubernetes.[driver.]scheduler.name, labels and annotations
//     from spark.kubernetes.driver.label.* / .annotation.*. It carries the
//     executors' plan (AnnotationExecutors: spark.executor.instances pods
//     shaped by spark.executor.* the same way) and its End (RunTime.Sample:
//     a uniform range, or the app's RunTimeKey, divided by a time-scale
//     factor).
//   - Run(ctx, client, Options) plays every such driver: once it is Running
//     it creates its executors (owned by the driver); once enough of them
//     run (spark.scheduler.minRegisteredResourcesRatio, or the
//     maxRegisteredResourcesWaitingTime) it hands the run time to kwok's
//     stage; once the driver has ended (or is deleted) it deletes them.
//   - RunOperator(ctx, kube, dynamic, OperatorOptions) plays the Spark
//     Operator for SparkApplications, at a bounded submission rate per
//     operator instance (DefaultSubmissionsPerMinute, published by AWS);
//     StartOperator is the same returning a handle whose Waiting() is each
//     instance's queue of applications not yet submitted.
//
// localemr.NewPodBackend uses DriverPod to make EMR job runs real pods.
// Pods wait for nodes like on EKS: nothing here schedules or binds a pod.
// Not modelled: the EMR job-submitter pod, pod template files
// (spark.kubernetes.*.podTemplateFile), dynamic allocation beyond the
// initial executors, executor failures, Spark's own work.
package sparksim
