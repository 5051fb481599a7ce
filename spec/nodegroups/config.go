package nodegroups

import (
	"errors"
	"regexp"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/validate"
)

// Defaults of Config (the dev preset's shape).
const (
	DefaultOpsNodeCount   = 3
	DefaultAppMinSize     = 1
	DefaultAppDesiredSize = 1
	DefaultAppMaxSize     = 5
	DefaultCapacityType   = "ON_DEMAND"
	DefaultRootVolumeGiB  = 50
	// MaxGroupSize is EKS's per-node-group limit (service quota default).
	MaxGroupSize = 1000
	// MaxOpsNodeCount bounds the fixed operational group.
	MaxOpsNodeCount = 10
)

// Config shapes the managed node groups: one operational group of fixed
// size (Prometheus, Karpenter, schedulers, operators) and one application
// group per AZ (Spark drivers and executors under Cluster Autoscaler). A
// field's key tag is the stack config key bound to it.
type Config struct {
	OpsInstanceTypes []string `json:"opsInstanceTypes" key:"opsInstanceTypes" help:"operational group instance types"`
	// OpsNodeCount is the operational group's fixed size.
	OpsNodeCount     int      `json:"opsNodeCount" key:"opsNodeCount" help:"operational group fixed size (1..10)"`
	AppInstanceTypes []string `json:"appInstanceTypes" key:"appInstanceTypes" help:"application groups (one per AZ) instance types"`
	// AppMinSize, AppDesiredSize and AppMaxSize bound each per-AZ
	// application group.
	AppMinSize     int `json:"appMinSize" key:"appMinSize" help:"application group minimum size, per AZ"`
	AppDesiredSize int `json:"appDesiredSize" key:"appDesiredSize" help:"application group initial size, per AZ (min..max)"`
	AppMaxSize     int `json:"appMaxSize" key:"appMaxSize" help:"application group maximum size, per AZ (1..1000)"`
	// CapacityType is ON_DEMAND or SPOT (application groups only; the
	// operational group is always on-demand).
	CapacityType string `json:"capacityType" key:"capacityType" help:"application groups capacity type: ON_DEMAND or SPOT"`
	// RootVolumeGiB is the encrypted gp3 root volume of every node.
	RootVolumeGiB int `json:"rootVolumeGiB" key:"rootVolumeGiB" help:"encrypted gp3 root volume per node, GiB (20..1000)"`
}

// Defaults returns the default configuration.
func Defaults() Config {
	return Config{
		OpsInstanceTypes: []string{"m5.large"}, OpsNodeCount: DefaultOpsNodeCount,
		AppInstanceTypes: []string{"m5.xlarge"}, AppMinSize: DefaultAppMinSize, AppDesiredSize: DefaultAppDesiredSize,
		AppMaxSize: DefaultAppMaxSize, CapacityType: DefaultCapacityType, RootVolumeGiB: DefaultRootVolumeGiB,
	}
}

// instanceTypeRE matches EC2 instance type names like m5.xlarge, c7gn.16xlarge.
var instanceTypeRE = regexp.MustCompile(`^[a-z][a-z0-9-]*\.[a-z0-9-]+$`)

// Validate reports every problem at once, each a *validate.FieldError
// naming its field: instance types, sizes, min <= desired <= max.
func (c Config) Validate() error {
	errs := instanceTypes("opsInstanceTypes", c.OpsInstanceTypes)
	errs = append(errs, instanceTypes("appInstanceTypes", c.AppInstanceTypes)...)
	errs = append(errs,
		validate.Range("opsNodeCount", c.OpsNodeCount, 1, MaxOpsNodeCount),
		validate.Range("appMinSize", c.AppMinSize, 0, MaxGroupSize),
		validate.Range("appMaxSize", c.AppMaxSize, 1, MaxGroupSize),
		validate.OneOf("capacityType", c.CapacityType, "ON_DEMAND", "SPOT"),
		validate.Range("rootVolumeGiB", c.RootVolumeGiB, 20, 1000),
	)
	if c.AppMinSize > c.AppMaxSize {
		errs = append(errs, validate.Errorf("appMinSize", "%d is above appMaxSize %d", c.AppMinSize, c.AppMaxSize))
	}
	if c.AppDesiredSize < c.AppMinSize || c.AppDesiredSize > c.AppMaxSize {
		errs = append(errs, validate.Errorf("appDesiredSize", "%d is outside appMinSize..appMaxSize (%d..%d)", c.AppDesiredSize, c.AppMinSize, c.AppMaxSize))
	}
	return errors.Join(errs...)
}

func instanceTypes(field string, v []string) []error {
	errs := []error{validate.NonEmpty(field, v), validate.Unique(field, v)}
	for _, t := range v {
		if !instanceTypeRE.MatchString(t) {
			errs = append(errs, validate.Errorf(field, "%q is not an EC2 instance type (e.g. m5.xlarge)", t))
		}
	}
	return errs
}
