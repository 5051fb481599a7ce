package stacks

import (
	"net/netip"
	"regexp"
	"slices"
	"strings"
)

// Small validators shared by the sections. Each returns nil or an error
// naming the key and what is allowed.

func checkRange(key string, v, lo, hi int) error {
	if v < lo || v > hi {
		return keyErr(key, "%d is out of range (allowed: %d..%d)", v, lo, hi)
	}
	return nil
}

func checkOneOf(key, v string, allowed ...string) error {
	if !slices.Contains(allowed, v) {
		return keyErr(key, "%q is not allowed (allowed: %s)", v, strings.Join(allowed, ", "))
	}
	return nil
}

// checkCIDR parses an IPv4 CIDR block whose prefix length is in
// [minBits, maxBits] and whose address is the block's first address.
func checkCIDR(key, v string, minBits, maxBits int) (netip.Prefix, error) {
	p, err := netip.ParsePrefix(v)
	if err != nil || !p.Addr().Is4() {
		return netip.Prefix{}, keyErr(key, "%q is not an IPv4 CIDR block (e.g. 10.0.0.0/16)", v)
	}
	if p.Masked() != p {
		return netip.Prefix{}, keyErr(key, "%q has host bits set (did you mean %s?)", v, p.Masked())
	}
	if p.Bits() < minBits || p.Bits() > maxBits {
		return netip.Prefix{}, keyErr(key, "%q: prefix length /%d is out of range (allowed: /%d../%d)", v, p.Bits(), minBits, maxBits)
	}
	return p, nil
}

func checkNonEmpty(key string, v []string) error {
	if len(v) == 0 {
		return keyErr(key, "must not be empty")
	}
	return nil
}

func checkUnique(key string, v []string) error {
	seen := map[string]bool{}
	for _, s := range v {
		if seen[s] {
			return keyErr(key, "%q is listed twice", s)
		}
		seen[s] = true
	}
	return nil
}

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

// dnsLabelRE is a DNS-1123 label (names of clusters, namespaces, ...).
var dnsLabelRE = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`)

func checkDNSLabel(key, v string, maxLen int) error {
	if !dnsLabelRE.MatchString(v) || len(v) > maxLen {
		return keyErr(key, "%q must be lowercase letters, digits and '-', start and end with a letter or digit, at most %d characters", v, maxLen)
	}
	return nil
}

// awsTagKeyLimit and awsTagValueLimit are AWS's tag length limits.
const (
	awsTagKeyLimit   = 128
	awsTagValueLimit = 256
)

func checkTags(key string, tags map[string]string) []error {
	var errs []error
	for k, v := range tags {
		switch {
		case k == "" || len(k) > awsTagKeyLimit:
			errs = append(errs, keyErr(key, "tag key %q must be 1..%d characters", k, awsTagKeyLimit))
		case strings.HasPrefix(strings.ToLower(k), "aws:"):
			errs = append(errs, keyErr(key, "tag key %q: the aws: prefix is reserved by AWS", k))
		case len(v) > awsTagValueLimit:
			errs = append(errs, keyErr(key, "tag %q: value longer than %d characters", k, awsTagValueLimit))
		}
	}
	return errs
}
