package sparksim_test

import (
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/testenv"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/emr"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/localemr"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/operator"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/sparksim"
)

// The simulator's names are the ones its readers use: kwok's stages (via
// testenv), the load generator's EMR pod watch and operator tracker.
func TestNamesMatchTheirReaders(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ what, ours, theirs string }{
		{"succeed-after annotation (kwok stages)", sparksim.SucceedAfterAnnotation, testenv.SucceedAfterAnnotation},
		{"fail-after annotation (kwok stages)", sparksim.FailAfterAnnotation, testenv.FailAfterAnnotation},
		{"spark-role label (EMR pod watch)", sparksim.LabelSparkRole, emr.SparkRoleLabel},
		{"driver role (EMR pod watch)", sparksim.RoleDriver, emr.DriverRole},
		{"job id label (EMR pod watch)", localemr.LabelJobID, emr.JobIDLabel},
		{"virtual cluster label (EMR pod watch)", localemr.LabelVirtualClusterID, emr.VirtualClusterLabel},
		{"app-name label (operator tracker)", sparksim.LabelOperatorAppName, operator.AppNameLabel},
		{"launched-by label (operator tracker)", sparksim.LabelLaunchedByOperator, operator.LaunchedByLabel},
		{"driver suffix (operator tracker)", sparksim.DriverSuffix, operator.DriverSuffix},
		{"SparkApplication group/version", sparksim.SparkApplicationGVR.GroupVersion().String(), operator.APIVersion},
		{"SparkApplication resource", sparksim.SparkApplicationGVR.String(), operator.GVR.String()},
	} {
		if c.ours != c.theirs {
			t.Errorf("%s: %q here, %q where it is read", c.what, c.ours, c.theirs)
		}
	}
}
