package versions

import (
	"fmt"
	"sort"
	"strings"
)

// Workload pins: EMR on EKS release, the EMR Spark Operator chart, and the
// default tags of the images the stack's ECR repositories hold.

const (
	// EMRReleaseLabel is the EMR on EKS release the job templates run with
	// (StartJobRun releaseLabel).
	EMRReleaseLabel = "emr-7.9.0-latest"

	// EMRSparkOperatorChartName is the chart's repository name in the
	// regional EMR ECR registry (oci://<account>.dkr.ecr.<region>.amazonaws.com/spark-operator).
	EMRSparkOperatorChartName = "spark-operator"
	// EMRSparkOperatorChartVersion is the EMR release label without the
	// "emr-" prefix and date suffix, as the EMR docs prescribe for the chart.
	EMRSparkOperatorChartVersion = "7.9.0"
	// EMRSparkOperatorAppVersion is the appVersion `helm list` shows for the
	// EMR chart in the EMR guide (spark-operator-gs): the Kubeflow
	// spark-on-k8s-operator v1beta2-1.3.8-3.1.1, chart 1.1.27. The EMR chart
	// is not public; that public chart is its lineage (docs/spark-operator.md).
	EMRSparkOperatorAppVersion = "v1beta2-1.3.8-3.1.1"
	// SparkOperatorLineageModule is the closest public chart of that lineage
	// the Go module proxy serves: the spark-on-k8s-operator module at the
	// commit of tag spark-operator-chart-1.1.19 (charts/spark-operator-chart;
	// chart 1.1.27's commit is not served). Tests render it with our values.
	SparkOperatorLineageModule = "github.com/GoogleCloudPlatform/spark-on-k8s-operator@v0.0.0-20220214044918-55732a6a392c"
	// SparkOperatorLineageChartDir is the chart's folder in that module.
	SparkOperatorLineageChartDir = "charts/spark-operator-chart"

	// BenchmarkImageTag is the tag the heavy (TPC-DS) template expects in
	// the stack's benchmark ECR repository; the README says how to fill it.
	BenchmarkImageTag = "3.1.2"
	// BenchmarkImageSource is the public image the README copies into that
	// repository (the EKS Spark benchmark of aws-samples/emr-on-eks-benchmark).
	BenchmarkImageSource = "ghcr.io/aws-samples/eks-spark-benchmark:3.1.2"

	// LoadgenImageTag is the tag the in-cluster load generator runs; build
	// and push it with ko (see the README's workload section).
	LoadgenImageTag = "0.1.0"
)

// emrImageAccounts is the "Amazon ECR registry accounts by Region" table of
// the EMR on EKS guide (docker-custom-images-tag): the registry that holds
// the EMR base images and the EMR Spark Operator chart in each Region.
var emrImageAccounts = map[string]string{
	"af-south-1":     "358491847878",
	"ap-east-1":      "736135916053",
	"ap-northeast-1": "059004520145",
	"ap-northeast-2": "996579266876",
	"ap-northeast-3": "705689932349",
	"ap-south-1":     "235914868574",
	"ap-south-2":     "691480105545",
	"ap-southeast-1": "671219180197",
	"ap-southeast-2": "038297999601",
	"ap-southeast-3": "946962994502",
	"ca-central-1":   "351826393999",
	"cn-north-1":     "068337069695",
	"cn-northwest-1": "068420816659",
	"eu-central-1":   "107292555468",
	"eu-central-2":   "314408114945",
	"eu-north-1":     "830386416364",
	"eu-south-1":     "238014973495",
	"eu-south-2":     "350796622945",
	"eu-west-1":      "483788554619",
	"eu-west-2":      "118780647275",
	"eu-west-3":      "307523725174",
	"il-central-1":   "395734710648",
	"me-central-1":   "818935616732",
	"me-south-1":     "008085056818",
	"sa-east-1":      "052806832358",
	"us-east-1":      "755674844232",
	"us-east-2":      "711395599931",
	"us-gov-east-1":  "299393998622",
	"us-gov-west-1":  "299385240661",
	"us-west-1":      "608033475327",
	"us-west-2":      "895885662937",
}

// EMRImageAccount returns the EMR ECR registry account of a Region, or an
// error listing the Regions the table knows.
func EMRImageAccount(region string) (string, error) {
	if acct, ok := emrImageAccounts[region]; ok {
		return acct, nil
	}
	return "", fmt.Errorf("region %q has no EMR on EKS ECR registry account; known regions: %s",
		region, strings.Join(EMRImageRegions(), ", "))
}

// EMRImageRegions lists the Regions of the registry table, sorted.
func EMRImageRegions() []string {
	out := make([]string, 0, len(emrImageAccounts))
	for r := range emrImageAccounts {
		out = append(out, r)
	}
	sort.Strings(out)
	return out
}

// EMRRegistryHost is the regional EMR ECR registry host name.
func EMRRegistryHost(account, region string) string {
	suffix := "amazonaws.com"
	if strings.HasPrefix(region, "cn-") {
		suffix = "amazonaws.com.cn"
	}
	return fmt.Sprintf("%s.dkr.ecr.%s.%s", account, region, suffix)
}

// EMRSparkOperatorChartRef is the OCI reference of the EMR Spark Operator
// chart in a Region's EMR registry.
func EMRSparkOperatorChartRef(account, region string) string {
	return "oci://" + EMRRegistryHost(account, region) + "/" + EMRSparkOperatorChartName
}
