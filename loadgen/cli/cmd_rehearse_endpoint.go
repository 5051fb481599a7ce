package cli

import (
	"context"
	"fmt"

	"k8s.io/client-go/kubernetes"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/rehearse"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/localemr"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/sparksim"
)

// rehearsalEndpoint is the emr-containers endpoint of a rehearsal: the
// server, its pod backend (driver pods on the twin) and the Spark
// simulator (executors). close stops all three and waits for them.
type rehearsalEndpoint struct {
	url     string
	vcs     []string // namespace=id, as --virtual-clusters takes them
	srv     *localemr.Server
	backend *localemr.PodBackend
	stopSim context.CancelFunc
	simDone chan struct{}
}

// startRehearsalEndpoint serves emr-containers on loopback with job runs
// as driver pods on the twin (localemr's pod backend), and the Spark
// simulator that adds and removes executors.
func startRehearsalEndpoint(ctx context.Context, c *rehearse.Cluster, f *rehearseFlags, namespaces []string, env Env) (*rehearsalEndpoint, error) {
	backend, err := localemr.NewPodBackend(c.CP.Config(), localemr.PodBackendOptions{TimeScale: f.timeScale, Log: env.Stderr})
	if err != nil {
		return nil, err
	}
	lc, vcs, err := endpointConfig(c.Region(), f, namespaces, backend)
	if err != nil {
		return nil, err
	}
	return serveEndpoint(ctx, c.CP.Client(), lc, vcs, env)
}

// endpointConfig is the local endpoint's configuration: one virtual
// cluster per job namespace, the run-time distribution of --local-run-time.
func endpointConfig(region string, f *rehearseFlags, namespaces []string, backend *localemr.PodBackend) (localemr.Config, []string, error) {
	lc := localemr.Config{Region: region, PodBackend: backend, FailRatio: f.failRatio, Seed: f.seed}
	var err error
	if lc.RunTime, err = localemr.ParseDist(f.runTime); err != nil {
		return lc, nil, usagef("--local-run-time %q: %v", f.runTime, err)
	}
	var vcs []string
	for i, ns := range namespaces {
		id := fmt.Sprintf("rehearsal%d", i+1)
		lc.VirtualClusters = append(lc.VirtualClusters, localemr.VirtualCluster{ID: id, Name: "rehearsal-" + ns, Namespace: ns})
		vcs = append(vcs, ns+"="+id)
	}
	return lc, vcs, nil
}

// serveEndpoint starts the simulator, the pod backend and the server;
// on error everything started is stopped.
func serveEndpoint(ctx context.Context, kube kubernetes.Interface, lc localemr.Config, vcs []string, env Env) (*rehearsalEndpoint, error) {
	srv, err := localemr.New(lc)
	if err != nil {
		return nil, fmt.Errorf("rehearsal endpoint: %w", err)
	}
	simCtx, stopSim := context.WithCancel(ctx)
	e := &rehearsalEndpoint{vcs: vcs, srv: srv, backend: lc.PodBackend, stopSim: stopSim, simDone: make(chan struct{})}
	namespaces := make([]string, 0, len(lc.VirtualClusters))
	for _, v := range lc.VirtualClusters {
		namespaces = append(namespaces, v.Namespace)
	}
	go func() {
		defer close(e.simDone)
		_ = sparksim.Run(simCtx, kube, sparksim.Options{Namespaces: namespaces, Log: env.Stderr})
	}()
	if err := e.backend.Start(ctx); err != nil {
		e.close()
		return nil, fmt.Errorf("rehearsal endpoint: %w", err)
	}
	if e.url, err = srv.Start("127.0.0.1:0"); err != nil {
		e.close()
		return nil, fmt.Errorf("rehearsal endpoint: %w", err)
	}
	return e, nil
}

// close stops the simulator, the pod backend's watch and writers, and the
// server, in that order, and waits for each.
func (e *rehearsalEndpoint) close() {
	e.stopSim()
	<-e.simDone
	e.backend.Close()
	_ = e.srv.Close()
}
