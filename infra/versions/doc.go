// Package versions pins every Helm chart and container image the stack
// deploys, one file per area (addons.go, karpenter.go, ...), so an upgrade
// is a one-line diff that reviewers can find.
package versions

// Chart names a Helm chart in a repository at an exact version.
type Chart struct {
	Repo    string
	Name    string
	Version string
}
