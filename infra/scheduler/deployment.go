package scheduler

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/placement"
	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/scheduler"

	appsv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apps/v1"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

const (
	configDir = "/etc/kubernetes/scheduler"
	// securePort is kube-scheduler's HTTPS port for /healthz and /metrics.
	securePort = 10259
	// nonRootUID is the "nonroot" user of the distroless kube-scheduler image.
	nonRootUID = 65532
)

// ConfigMapArgs holds the rendered KubeSchedulerConfiguration.
func ConfigMapArgs(cfg spec.Config, configYAML string) *corev1.ConfigMapArgs {
	return &corev1.ConfigMapArgs{
		Metadata: meta(cfg, cfg.Name+"-config", cfg.Namespace),
		Data:     pulumi.StringMap{spec.ConfigFileName: pulumi.String(configYAML)},
	}
}

// DeploymentArgs runs cfg.Replicas schedulers (one leads) on the
// operational nodes. The pod template carries the config's hash, so a
// changed configuration rolls the pods.
func DeploymentArgs(cfg spec.Config, configYAML string) *appsv1.DeploymentArgs {
	sum := sha256.Sum256([]byte(configYAML))
	sel := pulumi.StringMap{"app.kubernetes.io/name": pulumi.String(cfg.Name)}
	return &appsv1.DeploymentArgs{
		Metadata: meta(cfg, cfg.Name, cfg.Namespace),
		Spec: appsv1.DeploymentSpecArgs{
			Replicas: pulumi.Int(cfg.Replicas),
			Selector: metav1.LabelSelectorArgs{MatchLabels: sel},
			Template: corev1.PodTemplateSpecArgs{
				Metadata: metav1.ObjectMetaArgs{
					Labels:      pulumi.ToStringMap(labels(cfg)),
					Annotations: pulumi.StringMap{"emr-eks-loadtest/config-sha256": pulumi.String(hex.EncodeToString(sum[:]))},
				},
				Spec: podSpec(cfg),
			},
		},
	}
}

func podSpec(cfg spec.Config) corev1.PodSpecArgs {
	return corev1.PodSpecArgs{
		ServiceAccountName: pulumi.String(cfg.Name),
		PriorityClassName:  pulumi.String("system-cluster-critical"),
		NodeSelector:       pulumi.ToStringMap(cfg.Placement.NodeSelector),
		Tolerations:        tolerations(cfg.Placement.Tolerations),
		SecurityContext: corev1.PodSecurityContextArgs{
			RunAsNonRoot:   pulumi.Bool(true),
			RunAsUser:      pulumi.Int(nonRootUID),
			SeccompProfile: corev1.SeccompProfileArgs{Type: pulumi.String("RuntimeDefault")},
		},
		Containers: corev1.ContainerArray{container(cfg)},
		Volumes: corev1.VolumeArray{corev1.VolumeArgs{
			Name:      pulumi.String("config"),
			ConfigMap: corev1.ConfigMapVolumeSourceArgs{Name: pulumi.String(cfg.Name + "-config")},
		}},
	}
}

func container(cfg spec.Config) corev1.ContainerArgs {
	probe := func(path string) corev1.ProbeArgs {
		return corev1.ProbeArgs{HttpGet: corev1.HTTPGetActionArgs{
			Path: pulumi.String(path), Port: pulumi.Int(securePort), Scheme: pulumi.String("HTTPS"),
		}, InitialDelaySeconds: pulumi.Int(15)}
	}
	return corev1.ContainerArgs{
		Name:    pulumi.String("kube-scheduler"),
		Image:   pulumi.String(cfg.Image()),
		Command: pulumi.ToStringArray([]string{"/usr/local/bin/kube-scheduler", "--config=" + configDir + "/" + spec.ConfigFileName, "--v=2"}),
		Ports: corev1.ContainerPortArray{corev1.ContainerPortArgs{
			Name: pulumi.String("https"), ContainerPort: pulumi.Int(securePort),
		}},
		LivenessProbe:  probe("/livez"),
		ReadinessProbe: probe("/readyz"),
		Resources: corev1.ResourceRequirementsArgs{Requests: pulumi.StringMap{
			"cpu": pulumi.String(cfg.CPURequest), "memory": pulumi.String(cfg.MemoryRequest),
		}},
		SecurityContext: corev1.SecurityContextArgs{
			AllowPrivilegeEscalation: pulumi.Bool(false),
			ReadOnlyRootFilesystem:   pulumi.Bool(true),
			Capabilities:             corev1.CapabilitiesArgs{Drop: pulumi.ToStringArray([]string{"ALL"})},
		},
		VolumeMounts: corev1.VolumeMountArray{corev1.VolumeMountArgs{
			Name: pulumi.String("config"), MountPath: pulumi.String(configDir), ReadOnly: pulumi.Bool(true),
		}},
	}
}

func tolerations(ts []placement.Toleration) corev1.TolerationArray {
	out := corev1.TolerationArray{}
	for _, t := range ts {
		out = append(out, corev1.TolerationArgs{
			Key: pulumi.String(t.Key), Operator: pulumi.String(t.Operator),
			Value: pulumi.String(t.Value), Effect: pulumi.String(t.Effect),
		})
	}
	return out
}
