package validate

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestChecks(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		err  error
		want string // "" = no error; else a substring of the message
	}{
		{"dns label ok", DNSLabel("f", "emr-job", 63), ""},
		{"dns label upper", DNSLabel("f", "Emr", 63), "lowercase"},
		{"dns label trailing dash", DNSLabel("f", "emr-", 63), "start and end"},
		{"dns label too long", DNSLabel("f", strings.Repeat("a", 64), 100), "at most 63"},
		{"dns label custom max", DNSLabel("f", "abcdef", 5), "at most 5"},
		{"quantity milli", Quantity("f", "500m"), ""},
		{"quantity binary", Quantity("f", "1.5Gi"), ""},
		{"quantity exponent", Quantity("f", "1e3"), ""},
		{"quantity bad unit", Quantity("f", "2GB"), "not a Kubernetes quantity"},
		{"quantity empty", Quantity("f", ""), "not a Kubernetes quantity"},
		{"release latest", EMRReleaseLabel("f", "emr-7.9.0-latest", "x"), ""},
		{"release dated", EMRReleaseLabel("f", "emr-6.15.0-20231109", "x"), ""},
		{"release bare", EMRReleaseLabel("f", "emr-7.9.0", "x"), ""},
		{"release rapids", EMRReleaseLabel("f", "emr-6.9.0-spark-rapids-latest", "x"), ""},
		{"release short", EMRReleaseLabel("f", "emr-7.9", "x"), "not an EMR release label"},
		{"release beta", EMRReleaseLabel("f", "emr-7.9.0-beta", "x"), "not an EMR release label"},
		{"release upper", EMRReleaseLabel("f", "emr-7.9.0-Latest", "x"), "not an EMR release label"},
		{"release dangling dash", EMRReleaseLabel("f", "emr-7.9.0-", "x"), "not an EMR release label"},
		{"release too long", EMRReleaseLabel("f", "emr-7.9.0-"+strings.Repeat("a", 60), "x"), "not an EMR release label"},
		{"range ok", Range("f", 3, 1, 3), ""},
		{"range high", Range("f", 4, 1, 3), "allowed: 1..3"},
		{"one of", OneOf("f", "c", "a", "b"), "allowed: a, b"},
		{"unique", Unique("f", []string{"a", "a"}), "listed twice"},
		{"non empty", NonEmpty("f", nil), "must not be empty"},
		{"image empty", ImageRef("f", ""), ""},
		{"image tag", ImageRef("f", "123456789012.dkr.ecr.us-west-2.amazonaws.com/repo:1.0"), ""},
		{"image digest", ImageRef("f", "repo@sha256:"+strings.Repeat("a", 64)), ""},
		{"image untagged", ImageRef("f", "repo"), "not a pinned image reference"},
		{"duration ok", Duration("f", 10*time.Minute, time.Minute, 0), ""},
		{"duration low", Duration("f", 30*time.Second, time.Minute, 0), "30s is out of range (allowed: at least 1m)"},
		{"duration high", Duration("f", 2*time.Hour, 0, time.Hour), "allowed: 0s..1h"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			switch {
			case c.want == "" && c.err != nil:
				t.Fatalf("unexpected error: %v", c.err)
			case c.want != "" && (c.err == nil || !strings.Contains(c.err.Error(), c.want)):
				t.Fatalf("error %v, want one containing %q", c.err, c.want)
			case c.err != nil && !strings.HasPrefix(c.err.Error(), "f: "):
				t.Fatalf("error %q does not name its field", c.err)
			}
		})
	}
}

func TestCIDR(t *testing.T) {
	t.Parallel()
	for v, want := range map[string]string{
		"10.0.0.0/16": "", "10.0.0.1/16": "did you mean 10.0.0.0/16", "10.0.0.0/8": "out of range",
		"fd00::/16": "not an IPv4", "nonsense": "not an IPv4",
	} {
		_, err := CIDR("vpc", v, 16, 20)
		if (want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), want)) {
			t.Errorf("CIDR(%q) = %v, want %q", v, err, want)
		}
	}
}

func TestFieldsAndNest(t *testing.T) {
	t.Parallel()
	err := Join(Errorf("a", "one"), nil, Nest("res", Join(Errorf("cpu", "two"), errors.New("plain"))))
	got := []string{}
	for _, fe := range Fields(err) {
		got = append(got, fe.Field+"="+fe.Msg)
	}
	want := "[a=one res.cpu=two res=plain]"
	if fmt.Sprint(got) != want {
		t.Fatalf("Fields = %v, want %s", got, want)
	}
}

func TestFormatDuration(t *testing.T) {
	t.Parallel()
	for d, want := range map[time.Duration]string{
		10 * time.Minute: "10m", time.Hour: "1h", 90 * time.Minute: "1h30m", 45 * time.Second: "45s",
		90 * time.Second: "1m30s", 0: "0s", time.Hour + time.Second: "1h0m1s",
	} {
		if got := FormatDuration(d); got != want {
			t.Errorf("FormatDuration(%v) = %q, want %q", d, got, want)
		}
	}
}
