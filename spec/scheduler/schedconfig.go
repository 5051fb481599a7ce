package scheduler

import (
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	componentbase "k8s.io/component-base/config/v1alpha1"
	schedv1 "k8s.io/kube-scheduler/config/v1"
	"sigs.k8s.io/yaml"
)

// ConfigFileName is the key of the ConfigMap entry and the file name the
// scheduler reads with --config.
const ConfigFileName = "scheduler-config.yaml"

// SchedulerConfiguration is the KubeSchedulerConfiguration of the second
// scheduler: one profile named cfg.Name whose NodeResourcesFit plugin scores
// with MostAllocated on cpu and memory, leader election on a lease named
// cfg.Name in cfg.Namespace, and the client limits cfg.QPS / cfg.Burst.
func SchedulerConfiguration(cfg Config) schedv1.KubeSchedulerConfiguration {
	leaderElect := true
	return schedv1.KubeSchedulerConfiguration{
		TypeMeta: metav1.TypeMeta{APIVersion: schedv1.SchemeGroupVersion.String(), Kind: "KubeSchedulerConfiguration"},
		LeaderElection: componentbase.LeaderElectionConfiguration{
			LeaderElect:       &leaderElect,
			ResourceLock:      "leases",
			ResourceName:      cfg.Name,
			ResourceNamespace: cfg.Namespace,
			LeaseDuration:     metav1.Duration{Duration: 15e9},
			RenewDeadline:     metav1.Duration{Duration: 10e9},
			RetryPeriod:       metav1.Duration{Duration: 2e9},
		},
		ClientConnection: componentbase.ClientConnectionConfiguration{
			QPS:   float32(cfg.QPS),
			Burst: int32(cfg.Burst),
		},
		Profiles: []schedv1.KubeSchedulerProfile{{
			SchedulerName: &cfg.Name,
			PluginConfig: []schedv1.PluginConfig{{
				Name: "NodeResourcesFit",
				Args: runtime.RawExtension{Object: &schedv1.NodeResourcesFitArgs{
					TypeMeta: metav1.TypeMeta{APIVersion: schedv1.SchemeGroupVersion.String(), Kind: "NodeResourcesFitArgs"},
					ScoringStrategy: &schedv1.ScoringStrategy{
						Type: schedv1.MostAllocated,
						Resources: []schedv1.ResourceSpec{
							{Name: "cpu", Weight: int64(cfg.CPUWeight)},
							{Name: "memory", Weight: int64(cfg.MemoryWeight)},
						},
					},
				}},
			}},
		}},
	}
}

// ConfigYAML renders SchedulerConfiguration as the YAML file the scheduler
// reads.
func ConfigYAML(cfg Config) (string, error) {
	b, err := yaml.Marshal(SchedulerConfiguration(cfg))
	if err != nil {
		return "", fmt.Errorf("marshalling scheduler configuration: %w", err)
	}
	return string(b), nil
}
