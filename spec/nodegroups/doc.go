// Package nodegroups holds the node groups component's configuration
// (Config, its defaults and Validate) and the pure builders of what it
// deploys: the group plan (Plan), the labels and taints that place pods on
// the operational group (OperationalPlacement) and the node role's trust
// policy. infra/nodegroups creates the groups with Pulumi; nothing here
// imports Pulumi, so `loadgen` reads a stack's configuration without
// linking the Pulumi SDKs.
package nodegroups
