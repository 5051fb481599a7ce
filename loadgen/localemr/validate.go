package localemr

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// Constraints from the emr-containers API model (botocore emr-containers/2020-10-01).
var (
	resourceIDRe   = regexp.MustCompile(`^[0-9a-z]{1,64}$`)
	resourceNameRe = regexp.MustCompile(`^[.\-_/#A-Za-z0-9]{1,64}$`)
	namespaceRe    = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$`)
	releaseLabelRe = regexp.MustCompile(`^[.\-_/A-Za-z0-9]{1,64}$`)
	// releaseFormRe is what EMR on EKS accepts as a release: emr-7.9.0, emr-7.9.0-latest, emr-6.15.0-20240105.
	releaseFormRe = regexp.MustCompile(`^emr-\d+\.\d+\.\d+(-(latest|\d{8}))?$`)
	roleArnRe     = regexp.MustCompile(`^arn:(aws[a-zA-Z0-9-]*):iam::(\d{12})?:(role((/)|(/[!-\x7f]+/))[\w+=,.@-]+)$`)
	clusterIDRe   = regexp.MustCompile(`^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$`)
)

// violations collects constraint failures and formats them like AWS's validation layer:
// "2 validation errors detected: Value 'x' at 'name' failed to satisfy constraint: ...".
type violations []string

func (v *violations) add(format string, args ...any) { *v = append(*v, fmt.Sprintf(format, args...)) }

func (v *violations) required(field string, present bool) {
	if !present {
		v.add("Value null at '%s' failed to satisfy constraint: Member must not be null", field)
	}
}

func (v *violations) str(field string, s *string, min, max int, re *regexp.Regexp) {
	if s == nil {
		return
	}
	if n := len(*s); n < min || n > max {
		v.add("Value '%s' at '%s' failed to satisfy constraint: Member must have length between %d and %d", *s, field, min, max)
	} else if re != nil && !re.MatchString(*s) {
		v.add("Value '%s' at '%s' failed to satisfy constraint: Member must satisfy regular expression pattern: %s", *s, field, strings.Trim(re.String(), "^$"))
	}
}

func (v violations) err() *apiError {
	if len(v) == 0 {
		return nil
	}
	noun := "error"
	if len(v) > 1 {
		noun = "errors"
	}
	return validationErr(fmt.Sprintf("%d validation %s detected: %s", len(v), noun, strings.Join(v, "; ")))
}

var nonBlankRe = regexp.MustCompile(`\S`)

// startJobRunRequest is the StartJobRun body; unknown members are ignored, as AWS does.
type startJobRunRequest struct {
	Name                     *string           `json:"name"`
	ClientToken              *string           `json:"clientToken"`
	ExecutionRoleArn         *string           `json:"executionRoleArn"`
	ReleaseLabel             *string           `json:"releaseLabel"`
	JobDriver                rawJSON           `json:"jobDriver"`
	ConfigurationOverrides   rawJSON           `json:"configurationOverrides"`
	Tags                     map[string]string `json:"tags"`
	JobTemplateID            *string           `json:"jobTemplateId"`
	JobTemplateParameters    map[string]string `json:"jobTemplateParameters"`
	RetryPolicyConfiguration rawJSON           `json:"retryPolicyConfiguration"`
}

type jobDriverIn struct {
	SparkSubmitJobDriver *struct {
		EntryPoint            *string  `json:"entryPoint"`
		EntryPointArguments   []string `json:"entryPointArguments"`
		SparkSubmitParameters *string  `json:"sparkSubmitParameters"`
	} `json:"sparkSubmitJobDriver"`
	SparkSQLJobDriver *struct {
		EntryPoint         *string `json:"entryPoint"`
		SparkSQLParameters *string `json:"sparkSqlParameters"`
	} `json:"sparkSqlJobDriver"`
}

type configurationIn struct {
	Classification *string           `json:"classification"`
	Properties     map[string]string `json:"properties"`
	Configurations []configurationIn `json:"configurations"`
}

type overridesIn struct {
	ApplicationConfiguration []configurationIn `json:"applicationConfiguration"`
}

func (r *startJobRunRequest) validate(vcID string) *apiError {
	var v violations
	v.str("virtualClusterId", &vcID, 1, 64, resourceIDRe)
	v.required("clientToken", r.ClientToken != nil)
	v.str("clientToken", r.ClientToken, 1, 64, nonBlankRe)
	v.str("name", r.Name, 1, 64, resourceNameRe)
	v.str("executionRoleArn", r.ExecutionRoleArn, 20, 2048, roleArnRe)
	v.str("releaseLabel", r.ReleaseLabel, 1, 64, releaseLabelRe)
	v.str("jobTemplateId", r.JobTemplateID, 1, 64, resourceIDRe)
	validateTags(&v, "tags", r.Tags)
	if r.JobTemplateID == nil {
		v.required("executionRoleArn", r.ExecutionRoleArn != nil)
		v.required("releaseLabel", r.ReleaseLabel != nil)
		v.required("jobDriver", len(r.JobDriver) > 0)
	}
	validateJobDriver(&v, r.JobDriver)
	validateOverrides(&v, r.ConfigurationOverrides)
	if e := v.err(); e != nil {
		return e
	}
	if r.ReleaseLabel != nil && !releaseFormRe.MatchString(*r.ReleaseLabel) {
		return validationErr(fmt.Sprintf("Release label %s is not valid. Specify a release label of the form emr-x.y.z-latest, for example emr-7.9.0-latest.", *r.ReleaseLabel))
	}
	return nil
}

func validateTags(v *violations, field string, tags map[string]string) {
	if len(tags) > 50 {
		v.add("Value at '%s' failed to satisfy constraint: Member must have at most 50 entries (got %d)", field, len(tags))
	}
	for k, val := range tags {
		if len(k) < 1 || len(k) > 128 || len(val) > 256 {
			v.add("Value '%s' at '%s.%s' failed to satisfy constraint: keys must have length between 1 and 128, values at most 256", val, field, k)
		}
	}
}

func validateJobDriver(v *violations, raw rawJSON) {
	if len(raw) == 0 {
		return
	}
	var d jobDriverIn
	if err := json.Unmarshal(raw, &d); err != nil {
		v.add("Value at 'jobDriver' failed to satisfy constraint: %v", err)
		return
	}
	switch {
	case d.SparkSubmitJobDriver != nil && d.SparkSQLJobDriver != nil:
		v.add("Value at 'jobDriver' failed to satisfy constraint: only one of sparkSubmitJobDriver and sparkSqlJobDriver may be set")
	case d.SparkSubmitJobDriver != nil:
		v.required("jobDriver.sparkSubmitJobDriver.entryPoint", d.SparkSubmitJobDriver.EntryPoint != nil)
		v.str("jobDriver.sparkSubmitJobDriver.entryPoint", d.SparkSubmitJobDriver.EntryPoint, 1, 256, nonBlankRe)
		v.str("jobDriver.sparkSubmitJobDriver.sparkSubmitParameters", d.SparkSubmitJobDriver.SparkSubmitParameters, 1, 102400, nonBlankRe)
	case d.SparkSQLJobDriver != nil:
		v.str("jobDriver.sparkSqlJobDriver.entryPoint", d.SparkSQLJobDriver.EntryPoint, 1, 256, nonBlankRe)
	default:
		v.add("Value at 'jobDriver' failed to satisfy constraint: one of sparkSubmitJobDriver or sparkSqlJobDriver must be set")
	}
}

func validateOverrides(v *violations, raw rawJSON) {
	if len(raw) == 0 {
		return
	}
	var o overridesIn
	if err := json.Unmarshal(raw, &o); err != nil {
		v.add("Value at 'configurationOverrides' failed to satisfy constraint: %v", err)
		return
	}
	validateConfigurations(v, "configurationOverrides.applicationConfiguration", o.ApplicationConfiguration)
}

func validateConfigurations(v *violations, field string, list []configurationIn) {
	if len(list) > 100 {
		v.add("Value at '%s' failed to satisfy constraint: Member must have length less than or equal to 100", field)
	}
	for i, c := range list {
		at := fmt.Sprintf("%s.%d", field, i+1)
		v.required(at+".classification", c.Classification != nil)
		v.str(at+".classification", c.Classification, 1, 1024, nonBlankRe)
		if len(c.Properties) > 100 {
			v.add("Value at '%s.properties' failed to satisfy constraint: Member must have at most 100 entries", at)
		}
		for k, val := range c.Properties {
			if len(k) < 1 || len(k) > 1024 || len(val) < 1 || len(val) > 1024 {
				v.add("Value at '%s.properties.%s' failed to satisfy constraint: keys and values must have length between 1 and 1024", at, k)
			}
		}
		validateConfigurations(v, at+".configurations", c.Configurations)
	}
}
