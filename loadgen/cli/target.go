package cli

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers/types"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/outputs"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/emr"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/engine"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/localemr"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/template"
)

// Local-target values for what a stack would provide.
const (
	localRegion       = "us-east-1"
	localRole         = "arn:aws:iam::123456789012:role/loadgen-local-execution"
	localBucket       = "loadgen-local"
	localReleaseLabel = "emr-7.9.0-latest"
)

// target is a resolved endpoint and what to submit there.
type target struct {
	kind      string                // "local" or "emr"
	client    *emrcontainers.Client // StartJobRun: --retry-mode, --max-attempts
	control   *emrcontainers.Client // tracking and setup: standard retries (emr.Clients)
	vcs       []engine.VC
	vars      template.Vars
	azs       []string
	cluster   string
	createOn  []string
	scheduler string
	local     *localemr.Server
}

func (t *target) close() {
	if t.local != nil {
		_ = t.local.Close()
	}
}

// resolveTarget merges outputs and flags (flags win) and builds the client.
// With no outputs, no --endpoint and no --virtual-clusters it starts the
// in-process local target.
func resolveTarget(ctx context.Context, tf targetFlags, lf localFlags, set map[string]bool, st outputs.Stack, haveOutputs bool) (*target, error) {
	if tf.retryMode != emr.RetryAdaptive && tf.retryMode != emr.RetryStandard {
		return nil, usagef("--retry-mode %q: want adaptive or standard", tf.retryMode)
	}
	t := &target{kind: "emr"}
	pick := func(flagVal, outVal, def string) string {
		return firstNonEmpty(flagVal, outVal, def)
	}
	isLocal := !haveOutputs && tf.endpoint == "" && tf.vcs == ""
	if err := localOnly(isLocal, set); err != nil {
		return nil, err
	}
	def := func(v string) string {
		if isLocal {
			return v
		}
		return ""
	}
	region := pick(tf.region, st.Region, def(localRegion))
	t.vars = template.Vars{ExecutionRoleARN: pick(tf.role, st.ExecutionRoleARN, def(localRole)),
		Bucket: pick(tf.bucket, st.Bucket, def(localBucket)), ReleaseLabel: pick(tf.release, st.ReleaseLabel, localReleaseLabel),
		Region: region, AccountID: pick(tf.account, st.AccountID, "")}
	t.azs, t.cluster, t.scheduler = splitList(tf.azs), pick(tf.cluster, st.ClusterName, ""), st.SchedulerName
	if !set["azs"] {
		t.azs = st.AvailabilityZones
	}
	t.createOn = splitList(tf.namespaces)
	if !set["namespaces"] {
		t.createOn = st.JobNamespaces
	}
	vcs, err := parseVCs(tf.vcs, st.VirtualClusterIDs)
	if err != nil {
		return nil, err
	}
	t.vcs = vcs
	endpoint := tf.endpoint
	if isLocal {
		t.kind = "local"
		if endpoint, err = startLocal(t, lf); err != nil {
			return nil, err
		}
	}
	if region == "" {
		return nil, usagef("no AWS region: give --region or outputs with %q", outputs.Region)
	}
	cs, err := emr.NewClients(ctx, emr.ClientConfig{Region: region, Endpoint: endpoint, MaxAttempts: tf.maxAttempts, RetryMode: tf.retryMode})
	if err != nil {
		t.close()
		return nil, err
	}
	t.client, t.control = cs.Submit, cs.Control
	if isLocal {
		t.vcs, err = listLocalVCs(ctx, t.control)
	}
	return t, err
}

// parseVCs reads --virtual-clusters ("ns=id,..." or "id,...") or the outputs' namespace -> id map.
func parseVCs(flagVal string, fromOutputs map[string]string) ([]engine.VC, error) {
	var vcs []engine.VC
	if flagVal == "" {
		for ns, id := range fromOutputs {
			vcs = append(vcs, engine.VC{ID: id, Namespace: ns})
		}
		sort.Slice(vcs, func(i, j int) bool { return vcs[i].Namespace < vcs[j].Namespace })
		return vcs, nil
	}
	for _, item := range splitList(flagVal) {
		ns, id, ok := strings.Cut(item, "=")
		if !ok {
			ns, id = "", item
		}
		if id == "" {
			return nil, usagef("--virtual-clusters %q: empty id in %q; want NS=ID,... or ID,...", flagVal, item)
		}
		vcs = append(vcs, engine.VC{ID: id, Namespace: ns})
	}
	return vcs, nil
}

func listLocalVCs(ctx context.Context, c *emrcontainers.Client) ([]engine.VC, error) {
	out, err := c.ListVirtualClusters(ctx, &emrcontainers.ListVirtualClustersInput{})
	if err != nil {
		return nil, fmt.Errorf("listing the local target's virtual clusters: %w", err)
	}
	var vcs []engine.VC
	for _, vc := range out.VirtualClusters {
		ns := ""
		if vc.ContainerProvider != nil {
			if eks, ok := vc.ContainerProvider.Info.(*types.ContainerInfoMemberEksInfo); ok {
				ns = aws.ToString(eks.Value.Namespace)
			}
		}
		vcs = append(vcs, engine.VC{ID: aws.ToString(vc.Id), Namespace: ns})
	}
	return vcs, nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

// localOnly refuses --local-* flags when the run does not use the in-process
// local target (--endpoint, outputs or --virtual-clusters): they would be
// silently ignored.
func localOnly(isLocal bool, set map[string]bool) error {
	if isLocal {
		return nil
	}
	var names []string
	for name := range set {
		if strings.HasPrefix(name, "local-") {
			names = append(names, "--"+name)
		}
	}
	if len(names) == 0 {
		return nil
	}
	sort.Strings(names)
	return usagef("%s only shape(s) the in-process local target, which this run does not use (--endpoint, outputs or --virtual-clusters select another): drop it, or give it to `loadgen serve-local`",
		strings.Join(names, ", "))
}
