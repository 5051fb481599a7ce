package stacks

import (
	"net/netip"
	"regexp"
	"strings"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/validate"
)

// Small validators shared by the sections. Each returns nil or an error
// naming the key and what is allowed.

func checkRange(key string, v, lo, hi int) error { return keyed(validate.Range(key, v, lo, hi)) }

func checkOneOf(key, v string, allowed ...string) error {
	return keyed(validate.OneOf(key, v, allowed...))
}

// checkCIDR parses an IPv4 CIDR block whose prefix length is in
// [minBits, maxBits] and whose address is the block's first address.
func checkCIDR(key, v string, minBits, maxBits int) (netip.Prefix, error) {
	p, err := validate.CIDR(key, v, minBits, maxBits)
	return p, keyed(err)
}

func checkNonEmpty(key string, v []string) error { return keyed(validate.NonEmpty(key, v)) }

func checkUnique(key string, v []string) error { return keyed(validate.Unique(key, v)) }

// instanceTypeRE matches EC2 instance type names like m5.xlarge, c7gn.16xlarge.
var instanceTypeRE = regexp.MustCompile(`^[a-z][a-z0-9-]*\.[a-z0-9-]+$`)

func checkInstanceTypes(key string, v []string) []error {
	errs := []error{checkNonEmpty(key, v), checkUnique(key, v)}
	for _, t := range v {
		if !instanceTypeRE.MatchString(t) {
			errs = append(errs, keyErr(key, "%q is not an EC2 instance type (e.g. m5.xlarge)", t))
		}
	}
	return errs
}

func checkDNSLabel(key, v string, maxLen int) error {
	return keyed(validate.DNSLabel(key, v, maxLen))
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
