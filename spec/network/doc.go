// Package network holds the network component's configuration (Config,
// its defaults and Validate) and the pure builders of what it deploys: the
// subnet plan (Plan) and the subnet tags. infra/network creates the VPC
// from them with Pulumi; nothing here imports Pulumi, so `loadgen` reads a
// stack's configuration without linking the Pulumi SDKs.
package network
