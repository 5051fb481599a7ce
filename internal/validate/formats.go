package validate

import (
	"net/netip"
	"regexp"
	"time"

	"k8s.io/apimachinery/pkg/api/resource"
)

// DNSLabelMax is the longest RFC 1123 label (Kubernetes names of
// namespaces, services, ...).
const DNSLabelMax = 63

// dnsLabelRE is an RFC 1123 label without its length bound.
var dnsLabelRE = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`)

// IsDNSLabel reports whether v is an RFC 1123 label of at most maxLen
// characters (maxLen is capped at DNSLabelMax).
func IsDNSLabel(v string, maxLen int) bool {
	return dnsLabelRE.MatchString(v) && len(v) <= min(maxLen, DNSLabelMax)
}

// DNSLabel checks that v is an RFC 1123 label of at most maxLen characters.
func DNSLabel(field, v string, maxLen int) error {
	if !IsDNSLabel(v, maxLen) {
		return Errorf(field, "%q must be lowercase letters, digits and '-', start and end with a letter or digit, at most %d characters",
			v, min(maxLen, DNSLabelMax))
	}
	return nil
}

// Quantity checks that v parses as a Kubernetes resource quantity, with
// the API server's own parser (500m, 2, 512Mi, 1.5Gi).
func Quantity(field, v string) error {
	if _, err := resource.ParseQuantity(v); err != nil {
		return Errorf(field, "%q is not a Kubernetes quantity such as 500m or 2Gi", v)
	}
	return nil
}

// emrReleaseLabelRE is the documented form of an EMR on EKS release label:
// emr-<major>.<minor>.<patch>, optionally ending in -latest or a -YYYYMMDD
// build, with an image variant between ("emr-6.9.0-spark-rapids-latest").
var emrReleaseLabelRE = regexp.MustCompile(`^emr-\d+\.\d+\.\d+((-[a-z][a-z0-9]*)*-(latest|\d{8}))?$`)

// emrReleaseLabelMax is the API's bound on releaseLabel (emr-containers
// service model: ReleaseLabel max 64).
const emrReleaseLabelMax = 64

// EMRReleaseLabel checks an EMR on EKS release label; example is shown in
// the message (the pinned default).
func EMRReleaseLabel(field, v, example string) error {
	if !emrReleaseLabelRE.MatchString(v) || len(v) > emrReleaseLabelMax {
		return Errorf(field, "%q is not an EMR release label (emr-<major>.<minor>.<patch>[-latest|-<yyyymmdd>], e.g. %s)", v, example)
	}
	return nil
}

// CIDR parses an IPv4 CIDR block whose prefix length is in
// [minBits, maxBits] and whose address is the block's first address.
func CIDR(field, v string, minBits, maxBits int) (netip.Prefix, error) {
	p, err := netip.ParsePrefix(v)
	if err != nil || !p.Addr().Is4() {
		return netip.Prefix{}, Errorf(field, "%q is not an IPv4 CIDR block (e.g. 10.0.0.0/16)", v)
	}
	if p.Masked() != p {
		return netip.Prefix{}, Errorf(field, "%q has host bits set (did you mean %s?)", v, p.Masked())
	}
	if p.Bits() < minBits || p.Bits() > maxBits {
		return netip.Prefix{}, Errorf(field, "%q: prefix length /%d is out of range (allowed: /%d../%d)", v, p.Bits(), minBits, maxBits)
	}
	return p, nil
}

// Duration checks lo <= d <= hi; hi 0 means no upper bound.
func Duration(field string, d, lo, hi time.Duration) error {
	if d < lo || (hi > 0 && d > hi) {
		bound := "at least " + FormatDuration(lo)
		if hi > 0 {
			bound = FormatDuration(lo) + ".." + FormatDuration(hi)
		}
		return Errorf(field, "%s is out of range (allowed: %s)", FormatDuration(d), bound)
	}
	return nil
}

// FormatDuration writes d as a user would ("10m", "1h30m", "45s"), without
// time.Duration.String's trailing zero units ("10m0s").
func FormatDuration(d time.Duration) string {
	s := d.String()
	if len(s) > 2 && s[len(s)-2:] == "0s" && (s[len(s)-3] == 'm' || s[len(s)-3] == 'h') {
		s = s[:len(s)-2]
	}
	if len(s) > 2 && s[len(s)-2:] == "0m" && s[len(s)-3] == 'h' {
		s = s[:len(s)-2]
	}
	return s
}
