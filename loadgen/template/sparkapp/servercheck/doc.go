// Package servercheck holds the tier-2 tests of `loadgen validate --target
// operator --server-dry-run` against a real kube-apiserver with the Spark
// Operator's SparkApplication CRD installed (from the Go module, never a
// copy). It has no code of its own: its TestMain starts the control plane,
// which the offline tests of sparkapp and cli must not pay for.
package servercheck
