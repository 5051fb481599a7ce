package cluster

// DefaultLogRetentionDays is the control-plane log retention when none is set.
const DefaultLogRetentionDays = 7

// LogRetentions are the retention values CloudWatch Logs accepts
// (PutRetentionPolicy retentionInDays), in days.
var LogRetentions = []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}

// LogGroupName is the log group EKS writes control-plane logs to.
func LogGroupName(cluster string) string { return "/aws/eks/" + cluster + "/cluster" }
