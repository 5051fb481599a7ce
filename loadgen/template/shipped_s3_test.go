package template

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// s3URI matches an S3 URI in a template, up to a quote, space or line end.
var s3URI = regexp.MustCompile(`s3a?://[^"'\s,]+`)

// Every S3 location a shipped template reads or writes must be in the
// stack's own bucket (${bucket}): the execution role may use that bucket
// only, so a job reading another account's bucket fails at its first read.
func TestShippedTemplatesUseOnlyTheStackBucket(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("../templates/*")
	if err != nil || len(files) == 0 {
		t.Fatalf("no shipped templates: %v", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, uri := range s3URI.FindAllString(string(b), -1) {
			rest := uri[strings.Index(uri, "://")+3:]
			if !strings.HasPrefix(rest, "${bucket}/") {
				t.Errorf("%s: %s is outside the stack's bucket (want s3://${bucket}/...)", filepath.Base(f), uri)
			}
		}
	}
}
