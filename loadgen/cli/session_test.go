package cli

import (
	"errors"
	"strings"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/scaleout"
)

func TestResolveSession(t *testing.T) {
	t.Parallel()
	env := func(uid string) func(string) string {
		return func(k string) string {
			if k == JobUIDEnv {
				return uid
			}
			return ""
		}
	}
	two := scaleout.Worker{Index: 1, Count: 2}
	tests := []struct {
		name     string
		session  string
		explicit bool
		w        scaleout.Worker
		uid      string
		want     string // exact id, or prefix when wantPfx
		wantPfx  bool
		wantErr  string
	}{
		{name: "explicit wins over the job uid", session: "bench-1", explicit: true, w: two,
			uid: "0f8fad5b-d9cb-469f-a165-70867728950e", want: "bench-1"},
		{name: "workers of one Job share the uid's session", w: two,
			uid: "0F8FAD5B-D9CB-469F-A165-70867728950E", want: "lg-0f8fad5bd9cb"},
		{name: "single worker without anything gets a clock id", want: "lg-", wantPfx: true},
		{name: "scaled without session or uid is bad input", w: two, wantErr: "give every worker the same --session"},
		{name: "bad explicit session", session: "Bad_ID", explicit: true, wantErr: "--session"},
		{name: "uid that is not hex", uid: "not-a-uid-at-all-zz", wantErr: JobUIDEnv},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := resolveSession(tt.session, tt.explicit, tt.w, env(tt.uid))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.Is(err, ErrUsage) {
					t.Fatalf("err = %v, want usage error containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if (tt.wantPfx && !strings.HasPrefix(got, tt.want)) || (!tt.wantPfx && got != tt.want) {
				t.Errorf("session = %q, want %q (prefix %v)", got, tt.want, tt.wantPfx)
			}
			if !sessionRe.MatchString(got) {
				t.Errorf("session %q does not match the session pattern", got)
			}
		})
	}
}
