package karpenter

import (
	"encoding/json"
	"fmt"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/iampolicy"
)

// QueueMessageRetentionSeconds: interruption events older than five minutes
// are useless (a spot warning gives two).
const QueueMessageRetentionSeconds = 300

// EventRule is one EventBridge rule feeding the interruption queue.
type EventRule struct {
	Name    string // suffix of the rule's name
	Source  string
	Details string // detail-type
}

// EventRules are the four events Karpenter handles: scheduled health
// changes, spot interruption warnings, rebalance recommendations and
// instance state changes.
func EventRules() []EventRule {
	return []EventRule{
		{Name: "scheduled-change", Source: "aws.health", Details: "AWS Health Event"},
		{Name: "spot-interruption", Source: "aws.ec2", Details: "EC2 Spot Instance Interruption Warning"},
		{Name: "rebalance", Source: "aws.ec2", Details: "EC2 Instance Rebalance Recommendation"},
		{Name: "instance-state-change", Source: "aws.ec2", Details: "EC2 Instance State-change Notification"},
	}
}

// Pattern is the rule's event pattern JSON.
func (r EventRule) Pattern() (string, error) {
	b, err := json.Marshal(map[string][]string{"source": {r.Source}, "detail-type": {r.Details}})
	if err != nil {
		return "", fmt.Errorf("marshalling event pattern %s: %w", r.Name, err)
	}
	return string(b), nil
}

// QueuePolicy lets EventBridge (and SQS itself) send to the queue and
// denies every request not made over TLS.
func QueuePolicy(queueARN string) iampolicy.Document {
	return iampolicy.New(
		iampolicy.Statement{
			Sid: "AllowEventBridge", Effect: "Allow",
			Principal: map[string][]string{"Service": {"events.amazonaws.com", "sqs.amazonaws.com"}},
			Action:    []string{"sqs:SendMessage"}, Resource: []string{queueARN},
		},
		iampolicy.Statement{
			Sid: "DenyHTTP", Effect: "Deny", Principal: map[string][]string{"AWS": {"*"}},
			Action: []string{"sqs:*"}, Resource: []string{queueARN},
			Condition: map[string]map[string]any{"Bool": {"aws:SecureTransport": false}},
		},
	)
}
