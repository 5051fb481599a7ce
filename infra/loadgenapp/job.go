package loadgenapp

import (
	"sort"

	batchv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/batch/v1"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/loadgenapp"
)

func jobSpec(args KubeArgs, sa, configMap pulumi.StringInput) batchv1.JobSpecArgs {
	n := pulumi.Int(args.Workers)
	return batchv1.JobSpecArgs{
		CompletionMode: pulumi.String("Indexed"), Completions: n, Parallelism: n,
		// A load run is not repeated on failure: that would double the load.
		BackoffLimit: pulumi.Int(0),
		Template: corev1.PodTemplateSpecArgs{
			Metadata: &metav1.ObjectMetaArgs{Labels: pulumi.StringMap{spec.NameLabel: pulumi.String(spec.Name)}},
			Spec:     podSpec(args, sa, configMap),
		},
	}
}

func podSpec(args KubeArgs, sa, configMap pulumi.StringInput) corev1.PodSpecArgs {
	pod := corev1.PodSpecArgs{
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
		pod.Tolerations = tols
	}
	return pod
}

func worker(args KubeArgs) corev1.ContainerArgs {
	env := corev1.EnvVarArray{}
	for _, k := range sortedKeys(spec.Env(args.Config)) {
		env = append(env, corev1.EnvVarArgs{Name: pulumi.String(k), Value: pulumi.String(spec.Env(args.Config)[k])})
	}
	// Every worker of one Job run shares a session derived from the Job's
	// uid (loadgen turns LOADGEN_JOB_UID into "lg-<12 hex>"), so their
	// journals merge into one report and `loadgen stop --session` finds all.
	env = append(env, corev1.EnvVarArgs{Name: pulumi.String(spec.JobUIDEnv), ValueFrom: corev1.EnvVarSourceArgs{
		FieldRef: corev1.ObjectFieldSelectorArgs{FieldPath: pulumi.String("metadata.labels['batch.kubernetes.io/controller-uid']")},
	}})
	return corev1.ContainerArgs{
		Name: pulumi.String(spec.Name), Image: args.Image, Args: pulumi.ToStringArray(spec.CommandArgs(args.Config)), Env: env,
		Ports: corev1.ContainerPortArray{corev1.ContainerPortArgs{Name: pulumi.String(spec.MetricsPortName), ContainerPort: pulumi.Int(args.WebPort)}},
		Resources: corev1.ResourceRequirementsArgs{
			Requests: pulumi.StringMap{"cpu": pulumi.String(args.CPURequest), "memory": pulumi.String(args.MemoryRequest)},
			Limits:   pulumi.StringMap{"memory": pulumi.String(args.MemoryLimit)},
		},
		VolumeMounts: corev1.VolumeMountArray{
			corev1.VolumeMountArgs{Name: pulumi.String("config"), MountPath: pulumi.String(spec.ConfigDir), ReadOnly: pulumi.Bool(true)},
			corev1.VolumeMountArgs{Name: pulumi.String("work"), MountPath: pulumi.String("/work")},
		},
	}
}

func uploader(args KubeArgs) corev1.ContainerArgs {
	return corev1.ContainerArgs{
		Name: pulumi.String("upload"), Image: pulumi.String(spec.UploaderImage), RestartPolicy: pulumi.String("Always"),
		Command: pulumi.ToStringArray([]string{"/bin/sh", "-c", spec.UploadScript}),
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
