package template

import (
	"sort"
	"strconv"
	"strings"
)

// shape describes one JSON value of the StartJobRun request (the --cli-input-json shape, from
// the emr-containers API model). Variables are allowed only where a string is expected.
type shape struct {
	kind     kind
	fields   map[string]*shape // kObject with fixed members
	required []string
	mapOf    *shape // kObject with free keys (a map), element shape
	elem     *shape // kArray element shape
	enum     []string
	intMin   int64 // kNumber: integer range
	intMax   int64
}

func str() *shape                   { return &shape{kind: kString} }
func enum(values ...string) *shape  { return &shape{kind: kString, enum: values} }
func integer(min, max int64) *shape { return &shape{kind: kNumber, intMin: min, intMax: max} }
func list(elem *shape) *shape       { return &shape{kind: kArray, elem: elem} }
func stringMap() *shape             { return &shape{kind: kObject, mapOf: str()} }
func object(fields map[string]*shape, required ...string) *shape {
	return &shape{kind: kObject, fields: fields, required: required}
}

var requestShape = buildRequestShape()

func buildRequestShape() *shape {
	configuration := object(map[string]*shape{"classification": str(), "properties": stringMap()}, "classification")
	configuration.fields["configurations"] = list(configuration)
	monitoring := object(map[string]*shape{
		"persistentAppUI": enum("ENABLED", "DISABLED"),
		"cloudWatchMonitoringConfiguration": object(map[string]*shape{
			"logGroupName": str(), "logStreamNamePrefix": str()}, "logGroupName"),
		"s3MonitoringConfiguration": object(map[string]*shape{"logUri": str()}, "logUri"),
		"containerLogRotationConfiguration": object(map[string]*shape{
			"rotationSize": str(), "maxFilesToKeep": integer(1, 50)}, "rotationSize", "maxFilesToKeep"),
		"managedLogs": object(map[string]*shape{
			"allowAWSToRetainLogs": enum("ENABLED", "DISABLED"), "encryptionKeyArn": str()}),
	})
	return object(map[string]*shape{
		"name": str(), "virtualClusterId": str(), "clientToken": str(),
		"executionRoleArn": str(), "releaseLabel": str(),
		"jobDriver": object(map[string]*shape{
			"sparkSubmitJobDriver": object(map[string]*shape{
				"entryPoint": str(), "entryPointArguments": list(str()), "sparkSubmitParameters": str()}, "entryPoint"),
			"sparkSqlJobDriver": object(map[string]*shape{"entryPoint": str(), "sparkSqlParameters": str()}),
		}),
		"configurationOverrides": object(map[string]*shape{
			"applicationConfiguration": list(configuration), "monitoringConfiguration": monitoring}),
		"tags":                     stringMap(),
		"jobTemplateId":            str(),
		"jobTemplateParameters":    stringMap(),
		"retryPolicyConfiguration": object(map[string]*shape{"maxAttempts": integer(1, 1<<31-1)}, "maxAttempts"),
	})
}

// check reports every mismatch between n and sh, naming the field path and line.
func (p *parser) check(n *node, sh *shape, path string) {
	if n.kind != sh.kind {
		p.errorf(n.line, path, "must be %s, got %s", sh.kind, n.kind)
		return
	}
	switch {
	case sh.kind == kString && sh.enum != nil:
		p.checkEnum(n, sh, path)
	case sh.kind == kNumber:
		p.checkInt(n, sh, path)
	case sh.kind == kArray:
		for i, v := range n.vals {
			p.check(v, sh.elem, path+"["+strconv.Itoa(i)+"]")
		}
	case sh.mapOf != nil:
		for i, k := range n.keys {
			p.check(n.vals[i], sh.mapOf, join(path, k))
		}
	case sh.kind == kObject:
		p.checkObject(n, sh, path)
	}
}

func (p *parser) checkObject(n *node, sh *shape, path string) {
	for i, k := range n.keys {
		f, ok := sh.fields[k]
		if !ok {
			p.errorf(n.vals[i].line, join(path, k), "unknown field; known fields here: %s", strings.Join(fieldNames(sh), ", "))
			continue
		}
		p.check(n.vals[i], f, join(path, k))
	}
	for _, r := range sh.required {
		if n.member(r) == nil {
			p.errorf(n.line, join(path, r), "required field is missing")
		}
	}
}

func (p *parser) checkEnum(n *node, sh *shape, path string) {
	if n.segs != nil {
		p.errorf(n.line, path, "variables are not allowed here: want one of %s", strings.Join(sh.enum, ", "))
		return
	}
	for _, e := range sh.enum {
		if n.str == e {
			return
		}
	}
	p.errorf(n.line, path, "%q is not allowed: want one of %s", n.str, strings.Join(sh.enum, ", "))
}

func (p *parser) checkInt(n *node, sh *shape, path string) {
	v, err := n.num.Int64()
	if err != nil || v < sh.intMin || v > sh.intMax {
		p.errorf(n.line, path, "%s is not allowed: want an integer from %d to %d", n.num, sh.intMin, sh.intMax)
	}
}

func fieldNames(sh *shape) []string {
	names := make([]string, 0, len(sh.fields))
	for k := range sh.fields {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// validateRoot checks the request shape plus the rules the model cannot express. The name
// and clientToken may be anything the API takes: loadgen owns them when rendering (own.go).
func validateRoot(p *parser, root *node) {
	if root.kind != kObject {
		p.errorf(root.line, "", "the template must be a JSON object (a StartJobRun request), got %s", root.kind)
		return
	}
	p.check(root, requestShape, "")
	if root.member("jobTemplateId") == nil {
		for _, f := range []string{"executionRoleArn", "releaseLabel", "jobDriver"} {
			if root.member(f) == nil {
				p.errorf(root.line, f, "required field is missing (required unless jobTemplateId is set)")
			}
		}
	}
	if d := root.member("jobDriver"); d != nil && d.kind == kObject {
		if (d.member("sparkSubmitJobDriver") == nil) == (d.member("sparkSqlJobDriver") == nil) {
			p.errorf(d.line, "jobDriver", "set exactly one of sparkSubmitJobDriver and sparkSqlJobDriver")
		}
	}
}

// perJob reports whether a string node depends on a per-job variable.
func perJob(n *node) bool {
	for _, s := range n.segs {
		if s.v >= 0 && (varNames[s.v] == "job_name" || varNames[s.v] == "job_index") {
			return true
		}
	}
	return false
}

// sessionPrefixed reports whether a string node starts with ${job_name} or ${session_id}.
func sessionPrefixed(n *node) bool {
	if len(n.segs) == 0 || n.segs[0].v < 0 {
		return false
	}
	v := varNames[n.segs[0].v]
	return v == "job_name" || v == "session_id"
}
