package stop

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers/types"
)

// listVCs lists running virtual clusters (on one EKS cluster when given).
func listVCs(ctx context.Context, api API, cluster string) ([]types.VirtualCluster, error) {
	in := &emrcontainers.ListVirtualClustersInput{States: []types.VirtualClusterState{types.VirtualClusterStateRunning}}
	if cluster != "" {
		in.ContainerProviderId, in.ContainerProviderType = aws.String(cluster), types.ContainerProviderTypeEks
	}
	var out []types.VirtualCluster
	p := emrcontainers.NewListVirtualClustersPaginator(api, in)
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("listing virtual clusters: %w", err)
		}
		out = append(out, page.VirtualClusters...)
	}
	return out, nil
}

// vcIDs are the virtual clusters to search: the running ones plus those the
// journal names (a journal's virtual cluster may be on another cluster filter).
func vcIDs(opts Options, vcs []types.VirtualCluster) []string {
	var ids []string
	add := func(id string) {
		if id != "" && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	for _, vc := range vcs {
		add(aws.ToString(vc.Id))
	}
	if opts.Journal != nil && opts.Cluster == "" {
		for _, j := range opts.Journal.Run.Jobs {
			add(j.VirtualClusterID)
		}
	}
	return ids
}

// findRuns lists the selected job runs in the given states on every virtual cluster.
func findRuns(ctx context.Context, api API, opts Options, vcs []string, states []types.JobRunState) ([]types.JobRun, error) {
	var out []types.JobRun
	for _, vc := range vcs {
		// No createdAfter: the live states bound the listing, and a window
		// from our clock misses runs of a server whose clock (or createdAt,
		// like moto's midnight) disagrees with ours.
		in := &emrcontainers.ListJobRunsInput{VirtualClusterId: aws.String(vc), States: states}
		p := emrcontainers.NewListJobRunsPaginator(api, in)
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				if isNotFound(err) {
					break // a journal's virtual cluster that no longer exists
				}
				return nil, fmt.Errorf("listing job runs of virtual cluster %s: %w", vc, err)
			}
			for _, jr := range page.JobRuns {
				if ownedRun(opts, aws.ToString(jr.Name), jr.Tags) {
					out = append(out, jr)
				}
			}
		}
	}
	return out, nil
}

// waitEnded polls until none of runs is live, or opts.Wait passes.
func waitEnded(ctx context.Context, api API, opts Options, runs []types.JobRun) ([]string, error) {
	want := map[string]bool{}
	var vcs []string
	for _, jr := range runs {
		want[aws.ToString(jr.Id)] = true
		if vc := aws.ToString(jr.VirtualClusterId); !slices.Contains(vcs, vc) {
			vcs = append(vcs, vc)
		}
	}
	deadline := time.Now().Add(opts.Wait)
	for {
		live, err := findRuns(ctx, api, opts, vcs, notFinal)
		if err != nil {
			return nil, err
		}
		var still []string
		for _, jr := range live {
			if want[aws.ToString(jr.Id)] {
				still = append(still, aws.ToString(jr.Id))
			}
		}
		if len(still) == 0 {
			fmt.Fprintf(opts.Out, "all %d cancelled job runs have ended\n", len(runs))
			return nil, nil
		}
		if time.Now().After(deadline) {
			return still, fmt.Errorf("%w: %d after %s (run stop again, or raise --wait)", ErrStillLive, len(still), opts.Wait)
		}
		select {
		case <-ctx.Done():
			return still, ctx.Err()
		case <-time.After(opts.Poll):
		}
	}
}

func deleteVCs(ctx context.Context, api API, opts Options, vcs []types.VirtualCluster) ([]string, error) {
	var deleted []string
	for _, vc := range vcs {
		if !ownedVC(opts, vc) {
			continue
		}
		verb := "delete"
		if opts.DryRun {
			verb = "would delete"
		}
		fmt.Fprintf(opts.Out, "%s virtual cluster %s (%s)\n", verb, aws.ToString(vc.Id), aws.ToString(vc.Name))
		if !opts.DryRun {
			if _, err := api.DeleteVirtualCluster(ctx, &emrcontainers.DeleteVirtualClusterInput{Id: vc.Id}); err != nil {
				return deleted, fmt.Errorf("deleting virtual cluster %s: %w", aws.ToString(vc.Id), err)
			}
		}
		deleted = append(deleted, aws.ToString(vc.Id))
	}
	return deleted, nil
}

func isNotFound(err error) bool {
	var nf *types.ResourceNotFoundException
	return errorsAs(err, &nf)
}
