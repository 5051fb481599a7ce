package stacks

import "errors"

// NodeGroupsConfig shapes the managed node groups: one operational group
// of fixed size (Prometheus, Karpenter, schedulers, operators) and one
// application group per AZ (Spark drivers and executors under Cluster
// Autoscaler).
type NodeGroupsConfig struct {
	OpsInstanceTypes []string
	// OpsNodeCount is the operational group's fixed size.
	OpsNodeCount     int
	AppInstanceTypes []string
	// AppMinSize, AppDesiredSize and AppMaxSize bound each per-AZ
	// application group.
	AppMinSize     int
	AppDesiredSize int
	AppMaxSize     int
	// CapacityType is ON_DEMAND or SPOT (application groups only; the
	// operational group is always on-demand).
	CapacityType string
	// RootVolumeGiB is the encrypted gp3 root volume of every node.
	RootVolumeGiB int
}

const (
	keyOpsInstanceTypes = "opsInstanceTypes"
	keyOpsNodeCount     = "opsNodeCount"
	keyAppInstanceTypes = "appInstanceTypes"
	keyAppMinSize       = "appMinSize"
	keyAppDesiredSize   = "appDesiredSize"
	keyAppMaxSize       = "appMaxSize"
	keyCapacityType     = "capacityType"
	keyRootVolumeGiB    = "rootVolumeGiB"

	// maxGroupSize is EKS's per-node-group limit (service quota default).
	maxGroupSize = 1000
)

var nodeGroupsPresets = map[Preset]NodeGroupsConfig{
	PresetDev: {
		OpsInstanceTypes: []string{"m5.large"}, OpsNodeCount: 3,
		AppInstanceTypes: []string{"m5.xlarge"}, AppMinSize: 1, AppDesiredSize: 1, AppMaxSize: 5,
		CapacityType: "ON_DEMAND", RootVolumeGiB: 50,
	},
	PresetScale: {
		OpsInstanceTypes: []string{"m5.2xlarge"}, OpsNodeCount: 2,
		AppInstanceTypes: []string{"m5.xlarge"}, AppMinSize: 1, AppDesiredSize: 1, AppMaxSize: 350,
		CapacityType: "ON_DEMAND", RootVolumeGiB: 100,
	},
}

func (c *NodeGroupsConfig) setPreset(p Preset) { *c = pick(nodeGroupsPresets, p) }

func (c *NodeGroupsConfig) bind(b *binder) {
	b.Strings(keyOpsInstanceTypes, "operational group instance types", &c.OpsInstanceTypes)
	b.Int(keyOpsNodeCount, "operational group fixed size (1..10)", &c.OpsNodeCount)
	b.Strings(keyAppInstanceTypes, "application groups (one per AZ) instance types", &c.AppInstanceTypes)
	b.Int(keyAppMinSize, "application group minimum size, per AZ", &c.AppMinSize)
	b.Int(keyAppDesiredSize, "application group initial size, per AZ (min..max)", &c.AppDesiredSize)
	b.Int(keyAppMaxSize, "application group maximum size, per AZ (1..1000)", &c.AppMaxSize)
	b.String(keyCapacityType, "application groups capacity type: ON_DEMAND or SPOT", &c.CapacityType)
	b.Int(keyRootVolumeGiB, "encrypted gp3 root volume per node, GiB (20..1000)", &c.RootVolumeGiB)
}

// Validate checks the instance types and that min <= desired <= max.
func (c *NodeGroupsConfig) Validate() error {
	errs := checkInstanceTypes(keyOpsInstanceTypes, c.OpsInstanceTypes)
	errs = append(errs, checkInstanceTypes(keyAppInstanceTypes, c.AppInstanceTypes)...)
	errs = append(errs,
		checkRange(keyOpsNodeCount, c.OpsNodeCount, 1, 10),
		checkRange(keyAppMinSize, c.AppMinSize, 0, maxGroupSize),
		checkRange(keyAppMaxSize, c.AppMaxSize, 1, maxGroupSize),
		checkOneOf(keyCapacityType, c.CapacityType, "ON_DEMAND", "SPOT"),
		checkRange(keyRootVolumeGiB, c.RootVolumeGiB, 20, 1000),
	)
	if c.AppMinSize > c.AppMaxSize {
		errs = append(errs, keyErr(keyAppMinSize, "%d is above appMaxSize %d", c.AppMinSize, c.AppMaxSize))
	}
	if c.AppDesiredSize < c.AppMinSize || c.AppDesiredSize > c.AppMaxSize {
		errs = append(errs, keyErr(keyAppDesiredSize, "%d is outside appMinSize..appMaxSize (%d..%d)", c.AppDesiredSize, c.AppMinSize, c.AppMaxSize))
	}
	return errors.Join(errs...)
}
