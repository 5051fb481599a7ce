package template

import (
	"strings"
	"testing"
)

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		doc  string
		want []string // every fragment must appear in the error
	}{
		{"malformed JSON", "{\n\"name\": \"${job_name}\",\n\"releaseLabel\": ,\n}", []string{"t.json:3: malformed JSON"}},
		{"truncated", "{\n\"name\": \"x\"", []string{"unexpected end of file"}},
		{"not an object", `["x"]`, []string{"must be a JSON object"}},
		{"unknown top-level field", "{\n\"nmae\": \"x\"\n}", []string{"t.json:2: nmae: unknown field", "known fields here:"}},
		{"unknown nested field", "{\"executionRoleArn\":\"r\",\"releaseLabel\":\"l\",\n\"jobDriver\": {\"sparkSubmitJobDriver\": {\n\"entryPoint\": \"e\",\n\"entrypointArguments\": []}}}",
			[]string{"t.json:4: jobDriver.sparkSubmitJobDriver.entrypointArguments: unknown field"}},
		{"missing required fields", "{\n\"name\": \"${job_name}\"\n}", []string{"t.json:1: executionRoleArn: required field", "releaseLabel: required field", "jobDriver: required field"}},
		{"missing entryPoint", `{"executionRoleArn":"r","releaseLabel":"l","jobDriver":{"sparkSubmitJobDriver":{}}}`, []string{"jobDriver.sparkSubmitJobDriver.entryPoint: required field is missing"}},
		{"both drivers", `{"executionRoleArn":"r","releaseLabel":"l","jobDriver":{"sparkSubmitJobDriver":{"entryPoint":"e"},"sparkSqlJobDriver":{}}}`, []string{"set exactly one of sparkSubmitJobDriver and sparkSqlJobDriver"}},
		{"wrong type", "{\"executionRoleArn\":\"r\",\"releaseLabel\":\"l\",\"jobDriver\":{\"sparkSubmitJobDriver\":{\"entryPoint\":\"e\",\n\"entryPointArguments\":\"1000\"}}}", []string{"t.json:2: jobDriver.sparkSubmitJobDriver.entryPointArguments: must be an array, got a string"}},
		{"number where string", `{"executionRoleArn":"r","releaseLabel":7,"jobDriver":{"sparkSqlJobDriver":{}}}`, []string{"releaseLabel: must be a string, got a number"}},
		{"integer out of range", `{"executionRoleArn":"r","releaseLabel":"l","jobDriver":{"sparkSqlJobDriver":{}},"retryPolicyConfiguration":{"maxAttempts":1.5}}`, []string{"retryPolicyConfiguration.maxAttempts: 1.5 is not allowed"}},
		{"unknown variable", "{\"executionRoleArn\":\"${role}\",\"releaseLabel\":\"l\",\"jobDriver\":{\"sparkSqlJobDriver\":{}}}", []string{"executionRoleArn: unknown variable ${role}", "known: ${session_id}"}},
		{"unterminated variable", `{"executionRoleArn":"${bucket","releaseLabel":"l","jobDriver":{"sparkSqlJobDriver":{}}}`, []string{"unterminated variable"}},
		{"bad enum", `{"executionRoleArn":"r","releaseLabel":"l","jobDriver":{"sparkSqlJobDriver":{}},"configurationOverrides":{"monitoringConfiguration":{"persistentAppUI":"YES"}}}`, []string{`"YES" is not allowed: want one of ENABLED, DISABLED`}},
		{"duplicate field", "{\"releaseLabel\":\"l\",\n\"releaseLabel\":\"m\",\"executionRoleArn\":\"r\",\"jobDriver\":{\"sparkSqlJobDriver\":{}}}", []string{"t.json:2: releaseLabel: duplicate field"}},
		{"variable in a number", `{"executionRoleArn":"r","releaseLabel":"l","jobDriver":{"sparkSqlJobDriver":{}},"retryPolicyConfiguration":{"maxAttempts":"${job_index}"}}`, []string{"maxAttempts: must be a number, got a string"}},
		{"classification required", `{"executionRoleArn":"r","releaseLabel":"l","jobDriver":{"sparkSqlJobDriver":{}},"configurationOverrides":{"applicationConfiguration":[{"properties":{}}]}}`, []string{"configurationOverrides.applicationConfiguration[0].classification: required field is missing"}},
		{"trailing data", `{"executionRoleArn":"r","releaseLabel":"l","jobDriver":{"sparkSqlJobDriver":{}}} {}`, []string{"unexpected data after the top-level object"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse("t.json", []byte(tc.doc))
			if err == nil {
				t.Fatal("Parse accepted an invalid template")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
		})
	}
}

func TestParseReportsAllProblemsAtOnce(t *testing.T) {
	t.Parallel()
	_, err := Parse("t.json", []byte(`{"nmae":"x","releaseLabel":1,"executionRoleArn":"${nope}"}`))
	if err == nil {
		t.Fatal("accepted")
	}
	for _, w := range []string{"nmae: unknown field", "releaseLabel: must be a string", "unknown variable ${nope}", "jobDriver: required"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error lacks %q:\n%v", w, err)
		}
	}
}

func TestEscapedDollarIsLiteral(t *testing.T) {
	t.Parallel()
	tpl := mustParse(t, `{"executionRoleArn":"r","releaseLabel":"l","jobDriver":{"sparkSubmitJobDriver":{"entryPoint":"e","sparkSubmitParameters":"--conf a=$${env:HOME} --conf b=${job_index}"}}}`)
	in, err := tpl.Render(sampleVars(), Placement{})
	if err != nil {
		t.Fatal(err)
	}
	if got := *in.JobDriver.SparkSubmitJobDriver.SparkSubmitParameters; got != "--conf a=${env:HOME} --conf b=42" {
		t.Errorf("got %q", got)
	}
}

func TestJobTemplateIDMakesDriverOptional(t *testing.T) {
	t.Parallel()
	tpl := mustParse(t, `{"jobTemplateId":"abc123","jobTemplateParameters":{"Bucket":"${bucket}"}}`)
	in, err := tpl.Render(sampleVars(), Placement{})
	if err != nil {
		t.Fatal(err)
	}
	if *in.JobTemplateId != "abc123" || in.JobTemplateParameters["Bucket"] != "my-bucket" {
		t.Errorf("got %+v", in)
	}
}
