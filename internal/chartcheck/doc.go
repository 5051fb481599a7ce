// Package chartcheck checks what Pulumi really deploys from a Helm chart.
//
// kubernetes/helm/v4.Chart (provider v4.25.0) renders a chart with hooks
// disabled and registers only the release manifest: every object annotated
// helm.sh/hook is silently dropped. A workload that mounts a Secret or runs
// as a ServiceAccount that only a hook creates never becomes ready, and
// `pulumi up` times out. These checks see the chart the way the provider
// does, with the stack's own values:
//
//	dir := pulumitest.Render(t, func(ctx *pulumi.Context, k8s *kubernetes.Provider) error {
//		_, err := addons.NewServices(ctx, "addons", args, ...) // local chart path in Args
//		return err
//	}, pulumitest.RenderOptions{})
//	objs := chartcheck.MustLoad(t, dir)
//	if hooks := chartcheck.Hooks(objs); len(hooks) > 0 { ... }      // none may survive rendering
//	if m := chartcheck.MissingReferences(objs, stackObjects...); len(m) > 0 { ... }
//	hooks := chartcheck.Webhooks(objs)                               // scope, failurePolicy, CA
//	err := chartcheck.CheckReleaseName(name)                         // Helm's 53 characters
//
// Charts come from Go modules (ModuleChart, CopyChart) so tests need no
// network beyond the module proxy; production keeps pulling from the
// registries.
package chartcheck
