package loadgenapp

import (
	"sort"
	"strconv"

	batchv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/batch/v1"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/flagnames"
)

// uploadScript copies the worker's run directory to
// s3://$BUCKET/$PREFIX/worker-<index>/ every 30 s and once more on SIGTERM,
// which Kubernetes sends a native sidecar after the worker has exited. A
// periodic upload that fails is retried at the next tick; the last one's
// status is the sidecar's exit status, so a lost upload shows as a failed
// container (and in the pod's events) instead of a clean exit.
const uploadScript = `dest="s3://${BUCKET}/${PREFIX}worker-${JOB_COMPLETION_INDEX}/"
upload() { aws s3 sync ` + RunsDir + ` "$dest" --only-show-errors; }
trap 'upload; status=$?; [ "$status" -eq 0 ] || echo "final results upload to $dest failed ($status)" >&2; exit "$status"' TERM
while true; do sleep 30 & wait $!; upload || echo "results upload failed; retrying in 30 s" >&2; done`

// CommandArgs is the worker's command line: loadgen run with the ConfigMap's
// outputs and template, then the configured flags. The worker split comes
// from the environment (LOADGEN_WORKERS, JOB_COMPLETION_INDEX).
func CommandArgs(cfg Config) []string {
	set := func(name, value string) string { return flagnames.Flag(name) + "=" + value }
	return append([]string{"run", set(flagnames.Outputs, ConfigDir+"/outputs.json"),
		set(flagnames.Template, ConfigDir+"/"+TemplateKey(cfg.Target)), set(flagnames.RunsDir, RunsDir)}, cfg.Args...)
}

// Env is the worker's environment: loadgen reads LOADGEN_<FLAG>.
func Env(cfg Config) map[string]string {
	return map[string]string{
		flagnames.EnvName(flagnames.Target):  cfg.Target,
		flagnames.EnvName(flagnames.Workers): strconv.Itoa(cfg.Workers),
		flagnames.EnvName(flagnames.WebAddr): ":" + strconv.Itoa(cfg.WebPort),
	}
}

func jobSpec(args KubeArgs, sa, configMap pulumi.StringInput) batchv1.JobSpecArgs {
	n := pulumi.Int(args.Workers)
	return batchv1.JobSpecArgs{
		CompletionMode: pulumi.String("Indexed"), Completions: n, Parallelism: n,
		// A load run is not repeated on failure: that would double the load.
		BackoffLimit: pulumi.Int(0),
		Template: corev1.PodTemplateSpecArgs{
			Metadata: &metav1.ObjectMetaArgs{Labels: pulumi.StringMap{NameLabel: pulumi.String(Name)}},
			Spec:     podSpec(args, sa, configMap),
		},
	}
}

func podSpec(args KubeArgs, sa, configMap pulumi.StringInput) corev1.PodSpecArgs {
	spec := corev1.PodSpecArgs{
		ServiceAccountName: sa, RestartPolicy: pulumi.String("Never"),
		TerminationGracePeriodSeconds: pulumi.Int(120),
		NodeSelector:                  pulumi.ToStringMap(args.Placement.NodeSelector),
		InitContainers:                corev1.ContainerArray{uploader(args)},
		Containers:                    corev1.ContainerArray{worker(args)},
		Volumes: corev1.VolumeArray{
			corev1.VolumeArgs{Name: pulumi.String("config"), ConfigMap: corev1.ConfigMapVolumeSourceArgs{Name: configMap}},
			corev1.VolumeArgs{Name: pulumi.String("work"), EmptyDir: corev1.EmptyDirVolumeSourceArgs{}},
		},
	}
	if len(args.Placement.Tolerations) > 0 {
		tols := corev1.TolerationArray{}
		for _, t := range args.Placement.Tolerations {
			tols = append(tols, corev1.TolerationArgs{
				Key: pulumi.String(t.Key), Operator: pulumi.String(t.Operator), Value: pulumi.String(t.Value), Effect: pulumi.String(t.Effect),
			})
		}
		spec.Tolerations = tols
	}
	return spec
}

func worker(args KubeArgs) corev1.ContainerArgs {
	env := corev1.EnvVarArray{}
	for _, k := range sortedKeys(Env(args.Config)) {
		env = append(env, corev1.EnvVarArgs{Name: pulumi.String(k), Value: pulumi.String(Env(args.Config)[k])})
	}
	// Every worker of one Job run shares a session derived from the Job's
	// uid (loadgen turns LOADGEN_JOB_UID into "lg-<12 hex>"), so their
	// journals merge into one report and `loadgen stop --session` finds all.
	env = append(env, corev1.EnvVarArgs{Name: pulumi.String(JobUIDEnv), ValueFrom: corev1.EnvVarSourceArgs{
		FieldRef: corev1.ObjectFieldSelectorArgs{FieldPath: pulumi.String("metadata.labels['batch.kubernetes.io/controller-uid']")},
	}})
	return corev1.ContainerArgs{
		Name: pulumi.String(Name), Image: args.Image, Args: pulumi.ToStringArray(CommandArgs(args.Config)), Env: env,
		Ports: corev1.ContainerPortArray{corev1.ContainerPortArgs{Name: pulumi.String(MetricsPortName), ContainerPort: pulumi.Int(args.WebPort)}},
		Resources: corev1.ResourceRequirementsArgs{
			Requests: pulumi.StringMap{"cpu": pulumi.String(args.CPURequest), "memory": pulumi.String(args.MemoryRequest)},
			Limits:   pulumi.StringMap{"memory": pulumi.String(args.MemoryLimit)},
		},
		VolumeMounts: corev1.VolumeMountArray{
			corev1.VolumeMountArgs{Name: pulumi.String("config"), MountPath: pulumi.String(ConfigDir), ReadOnly: pulumi.Bool(true)},
			corev1.VolumeMountArgs{Name: pulumi.String("work"), MountPath: pulumi.String("/work")},
		},
	}
}

func uploader(args KubeArgs) corev1.ContainerArgs {
	return corev1.ContainerArgs{
		Name: pulumi.String("upload"), Image: pulumi.String(UploaderImage), RestartPolicy: pulumi.String("Always"),
		Command: pulumi.ToStringArray([]string{"/bin/sh", "-c", uploadScript}),
		Env: corev1.EnvVarArray{
			corev1.EnvVarArgs{Name: pulumi.String("BUCKET"), Value: args.Bucket},
			corev1.EnvVarArgs{Name: pulumi.String("PREFIX"), Value: pulumi.String(args.ResultsPrefix)},
			corev1.EnvVarArgs{Name: pulumi.String("JOB_COMPLETION_INDEX"), ValueFrom: corev1.EnvVarSourceArgs{
				FieldRef: corev1.ObjectFieldSelectorArgs{FieldPath: pulumi.String("metadata.annotations['batch.kubernetes.io/job-completion-index']")},
			}},
		},
		Resources: corev1.ResourceRequirementsArgs{
			Requests: pulumi.StringMap{"cpu": pulumi.String("50m"), "memory": pulumi.String("128Mi")},
			Limits:   pulumi.StringMap{"memory": pulumi.String("512Mi")},
		},
		VolumeMounts: corev1.VolumeMountArray{corev1.VolumeMountArgs{Name: pulumi.String("work"), MountPath: pulumi.String("/work")}},
	}
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
