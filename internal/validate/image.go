package validate

import "regexp"

// imageRefRE is a pinned image reference: registry/repo with a tag or a
// sha256 digest.
var imageRefRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._/-]*[a-z0-9](:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})$`)

// ImageRef accepts "" (the caller's default image) or a pinned image
// reference (repo:tag or repo@sha256:digest).
func ImageRef(field, v string) error {
	if v != "" && !imageRefRE.MatchString(v) {
		return Errorf(field, "%q is not a pinned image reference (e.g. 123456789012.dkr.ecr.us-west-2.amazonaws.com/repo:1.0)", v)
	}
	return nil
}
