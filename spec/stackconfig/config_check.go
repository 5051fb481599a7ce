package stackconfig

import (
	"strings"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/validate"
)

// Small validators shared by the sections. Each returns nil or an error
// naming the key and what is allowed.

func checkOneOf(key, v string, allowed ...string) error {
	return keyed(validate.OneOf(key, v, allowed...))
}

// awsTagKeyLimit and awsTagValueLimit are AWS's tag length limits.
const (
	awsTagKeyLimit   = 128
	awsTagValueLimit = 256
)

// checkTags returns a *validate.FieldError per bad tag, named field.
func checkTags(field string, tags map[string]string) []error {
	var errs []error
	for k, v := range tags {
		switch {
		case k == "" || len(k) > awsTagKeyLimit:
			errs = append(errs, validate.Errorf(field, "tag key %q must be 1..%d characters", k, awsTagKeyLimit))
		case strings.HasPrefix(strings.ToLower(k), "aws:"):
			errs = append(errs, validate.Errorf(field, "tag key %q: the aws: prefix is reserved by AWS", k))
		case len(v) > awsTagValueLimit:
			errs = append(errs, validate.Errorf(field, "tag %q: value longer than %d characters", k, awsTagValueLimit))
		}
	}
	return errs
}
