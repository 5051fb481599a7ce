package template

import (
	"encoding/json"

	"github.com/aws/aws-sdk-go-v2/service/emrcontainers"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers/types"
)

// MarshalCLIInput encodes a StartJobRun request in the shape of
// `aws emr-containers start-job-run --cli-input-json`: for `loadgen validate` to show a
// rendered job, for journals, and for the AWS CLI.
func MarshalCLIInput(in *emrcontainers.StartJobRunInput) ([]byte, error) {
	return json.MarshalIndent(toCLI(in), "", "  ")
}

type cliInput struct {
	Name                     *string           `json:"name,omitempty"`
	VirtualClusterID         *string           `json:"virtualClusterId,omitempty"`
	ClientToken              *string           `json:"clientToken,omitempty"`
	ExecutionRoleArn         *string           `json:"executionRoleArn,omitempty"`
	ReleaseLabel             *string           `json:"releaseLabel,omitempty"`
	JobDriver                *cliJobDriver     `json:"jobDriver,omitempty"`
	ConfigurationOverrides   *cliOverrides     `json:"configurationOverrides,omitempty"`
	Tags                     map[string]string `json:"tags,omitempty"`
	JobTemplateID            *string           `json:"jobTemplateId,omitempty"`
	JobTemplateParameters    map[string]string `json:"jobTemplateParameters,omitempty"`
	RetryPolicyConfiguration *cliRetry         `json:"retryPolicyConfiguration,omitempty"`
}

type cliJobDriver struct {
	SparkSubmitJobDriver *cliSparkSubmit `json:"sparkSubmitJobDriver,omitempty"`
	SparkSQLJobDriver    *cliSparkSQL    `json:"sparkSqlJobDriver,omitempty"`
}

type cliSparkSubmit struct {
	EntryPoint            *string  `json:"entryPoint,omitempty"`
	EntryPointArguments   []string `json:"entryPointArguments,omitempty"`
	SparkSubmitParameters *string  `json:"sparkSubmitParameters,omitempty"`
}

type cliSparkSQL struct {
	EntryPoint         *string `json:"entryPoint,omitempty"`
	SparkSQLParameters *string `json:"sparkSqlParameters,omitempty"`
}

type cliOverrides struct {
	ApplicationConfiguration []cliConfiguration `json:"applicationConfiguration,omitempty"`
	MonitoringConfiguration  *cliMonitoring     `json:"monitoringConfiguration,omitempty"`
}

type cliConfiguration struct {
	Classification *string            `json:"classification,omitempty"`
	Properties     map[string]string  `json:"properties,omitempty"`
	Configurations []cliConfiguration `json:"configurations,omitempty"`
}

type cliMonitoring struct {
	PersistentAppUI                   string          `json:"persistentAppUI,omitempty"`
	CloudWatchMonitoringConfiguration *cliCloudWatch  `json:"cloudWatchMonitoringConfiguration,omitempty"`
	S3MonitoringConfiguration         *cliS3          `json:"s3MonitoringConfiguration,omitempty"`
	ContainerLogRotationConfiguration *cliRotation    `json:"containerLogRotationConfiguration,omitempty"`
	ManagedLogs                       *cliManagedLogs `json:"managedLogs,omitempty"`
}

type cliCloudWatch struct {
	LogGroupName        *string `json:"logGroupName,omitempty"`
	LogStreamNamePrefix *string `json:"logStreamNamePrefix,omitempty"`
}

type cliS3 struct {
	LogURI *string `json:"logUri,omitempty"`
}

type cliRotation struct {
	RotationSize   *string `json:"rotationSize,omitempty"`
	MaxFilesToKeep *int32  `json:"maxFilesToKeep,omitempty"`
}

type cliManagedLogs struct {
	AllowAWSToRetainLogs string  `json:"allowAWSToRetainLogs,omitempty"`
	EncryptionKeyArn     *string `json:"encryptionKeyArn,omitempty"`
}

type cliRetry struct {
	MaxAttempts *int32 `json:"maxAttempts,omitempty"`
}

func toCLI(in *emrcontainers.StartJobRunInput) cliInput {
	out := cliInput{
		Name: in.Name, VirtualClusterID: in.VirtualClusterId, ClientToken: in.ClientToken,
		ExecutionRoleArn: in.ExecutionRoleArn, ReleaseLabel: in.ReleaseLabel, Tags: in.Tags,
		JobTemplateID: in.JobTemplateId, JobTemplateParameters: in.JobTemplateParameters,
	}
	if d := in.JobDriver; d != nil {
		out.JobDriver = &cliJobDriver{}
		if s := d.SparkSubmitJobDriver; s != nil {
			out.JobDriver.SparkSubmitJobDriver = &cliSparkSubmit{s.EntryPoint, s.EntryPointArguments, s.SparkSubmitParameters}
		}
		if s := d.SparkSqlJobDriver; s != nil {
			out.JobDriver.SparkSQLJobDriver = &cliSparkSQL{s.EntryPoint, s.SparkSqlParameters}
		}
	}
	if o := in.ConfigurationOverrides; o != nil {
		out.ConfigurationOverrides = &cliOverrides{ApplicationConfiguration: cliConfigurations(o.ApplicationConfiguration)}
		if m := o.MonitoringConfiguration; m != nil {
			out.ConfigurationOverrides.MonitoringConfiguration = cliMonitor(m)
		}
	}
	if r := in.RetryPolicyConfiguration; r != nil {
		out.RetryPolicyConfiguration = &cliRetry{r.MaxAttempts}
	}
	return out
}

func cliConfigurations(list []types.Configuration) []cliConfiguration {
	if list == nil {
		return nil
	}
	out := make([]cliConfiguration, len(list))
	for i, c := range list {
		out[i] = cliConfiguration{c.Classification, c.Properties, cliConfigurations(c.Configurations)}
	}
	return out
}

func cliMonitor(m *types.MonitoringConfiguration) *cliMonitoring {
	out := &cliMonitoring{PersistentAppUI: string(m.PersistentAppUI)}
	if c := m.CloudWatchMonitoringConfiguration; c != nil {
		out.CloudWatchMonitoringConfiguration = &cliCloudWatch{c.LogGroupName, c.LogStreamNamePrefix}
	}
	if c := m.S3MonitoringConfiguration; c != nil {
		out.S3MonitoringConfiguration = &cliS3{c.LogUri}
	}
	if c := m.ContainerLogRotationConfiguration; c != nil {
		out.ContainerLogRotationConfiguration = &cliRotation{c.RotationSize, c.MaxFilesToKeep}
	}
	if c := m.ManagedLogs; c != nil {
		out.ManagedLogs = &cliManagedLogs{string(c.AllowAWSToRetainLogs), c.EncryptionKeyArn}
	}
	return out
}
