// Package iampolicy builds IAM policy documents from typed values, so that
// every policy the stack declares is a pure function of its config, can be
// golden-tested, and can be checked for wildcard actions.
package iampolicy

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Version is the only IAM policy language version AWS accepts for new policies.
const Version = "2012-10-17"

// Document is an IAM policy document (identity, resource or trust policy).
type Document struct {
	Version   string      `json:"Version"`
	Statement []Statement `json:"Statement"`
}

// Statement is one statement. Action, Resource and principals are lists so
// the JSON is stable whatever their length.
type Statement struct {
	Sid       string                    `json:"Sid,omitempty"`
	Effect    string                    `json:"Effect"`
	Principal map[string][]string       `json:"Principal,omitempty"`
	Action    []string                  `json:"Action"`
	Resource  []string                  `json:"Resource,omitempty"`
	Condition map[string]map[string]any `json:"Condition,omitempty"`
}

// Allow returns an Allow statement with the given sid, actions and resources.
func Allow(sid string, actions, resources []string) Statement {
	return Statement{Sid: sid, Effect: "Allow", Action: actions, Resource: resources}
}

// New returns a document with the current version and the statements.
func New(statements ...Statement) Document {
	return Document{Version: Version, Statement: statements}
}

// JSON marshals the document with stable indentation (for goldens and for
// Pulumi inputs alike).
func (d Document) JSON() (string, error) {
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return "", fmt.Errorf("marshalling policy document: %w", err)
	}
	return string(b), nil
}

// MustJSON is JSON for documents built from constants; it panics on a
// marshalling error, which cannot happen for the types above.
func (d Document) MustJSON() string {
	s, err := d.JSON()
	if err != nil {
		panic(err)
	}
	return s
}

// WildcardActions lists the actions of Allow statements that use a wildcard
// ("*", "ec2:*", "ec2:Describe*"). Callers decide which are acceptable: AWS
// offers explicit lists for almost everything, and tests assert on this.
func (d Document) WildcardActions() []string {
	var out []string
	for _, s := range d.Statement {
		if s.Effect != "Allow" {
			continue
		}
		for _, a := range s.Action {
			if strings.Contains(a, "*") {
				out = append(out, a)
			}
		}
	}
	return out
}
