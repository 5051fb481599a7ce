package chartcheck

import (
	"fmt"
	"regexp"
)

// MaxReleaseName is Helm's limit on a release name (helm/v4.Chart's name,
// which defaults to the Pulumi resource name): Helm refuses longer names,
// even when only rendering, because names derived from it must fit
// Kubernetes' 63 characters.
const MaxReleaseName = 53

// releaseName is Helm's release-name pattern (chartutil.ValidateReleaseName).
var releaseName = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`)

// CheckReleaseName returns an error when Helm would refuse name.
func CheckReleaseName(name string) error {
	if len(name) > MaxReleaseName {
		return fmt.Errorf("helm release name %q is %d characters, Helm allows %d", name, len(name), MaxReleaseName)
	}
	if !releaseName.MatchString(name) {
		return fmt.Errorf("helm release name %q is not a lowercase DNS name", name)
	}
	return nil
}
