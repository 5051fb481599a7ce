package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/stacks"
)

func main() { pulumi.Run(stacks.Deploy) }
