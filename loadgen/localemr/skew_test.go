package localemr

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// serve-local --clock-skew runs the model's clock, and the HTTP Date header
// clients learn the offset from, away from the machine's (issue 13, item 5).
func TestClockSkewMovesTheModelClockAndTheDateHeader(t *testing.T) {
	t.Parallel()
	sf, err := parseServeFlags([]string{"--clock-skew", "-100s"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := New(sf.cfg)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	defer hs.Close()
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, hs.URL+"/virtualclusters", nil)
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/emr-containers/aws4_request")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	date, err := http.ParseTime(resp.Header.Get("Date"))
	if err != nil {
		t.Fatalf("Date header %q: %v", resp.Header.Get("Date"), err)
	}
	if off := date.Sub(time.Now()); off < -102*time.Second || off > -98*time.Second {
		t.Errorf("Date header is %s from now, want about -100s", off)
	}
}
