package stackconfig

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

type bindMode string

type bindInner struct {
	Limit int `key:"innerLimit" help:"nested limit"`
}

type bindSample struct {
	Name     string            `key:"sName" help:"a string"`
	Mode     bindMode          `key:"sMode" help:"a named string"`
	Count    int               `key:"sCount" help:"an int"`
	On       bool              `key:"sOn" help:"a bool"`
	Ratio    float64           `key:"sRatio" help:"a float"`
	Wait     time.Duration     `key:"sWait" help:"a duration"`
	List     []string          `key:"sList" help:"a list"`
	Tags     map[string]string `key:"sTags" help:"a map"`
	Inner    bindInner
	Untagged string
}

// TestBindTaggedDecodesEveryKind decodes one raw value per supported kind
// through the binder bindTagged built, and reads it back as the key table
// shows it.
func TestBindTaggedDecodesEveryKind(t *testing.T) {
	t.Parallel()
	var s bindSample
	b := newBinder()
	bindTagged(b, &s)
	raw := map[string]string{
		"sName": "x", "sMode": "single", "sCount": "7", "sOn": "true", "sRatio": "0.5", "sWait": "1h30m",
		"sList": "a, b", "sTags": `{"k":"v"}`, "innerLimit": "3",
	}
	if got, want := fmt.Sprint(b.keys()), "[innerLimit sCount sList sMode sName sOn sRatio sTags sWait]"; got != want {
		t.Fatalf("keys = %s, want %s", got, want)
	}
	for k, v := range raw {
		if err := b.byKey[k].decode(v); err != nil {
			t.Fatalf("%s=%q: %v", k, v, err)
		}
	}
	want := bindSample{Name: "x", Mode: "single", Count: 7, On: true, Ratio: 0.5, Wait: 90 * time.Minute,
		List: []string{"a", "b"}, Tags: map[string]string{"k": "v"}, Inner: bindInner{Limit: 3}}
	if fmt.Sprint(s) != fmt.Sprint(want) {
		t.Fatalf("decoded %+v, want %+v", s, want)
	}
	shown := map[string]string{"sWait": "1h30m", "sRatio": "0.5", "sList": `["a","b"]`, "sTags": `{"k":"v"}`, "sMode": "single"}
	for k, v := range shown {
		if got := b.byKey[k].show(); got != v {
			t.Errorf("%s shows %q, want %q", k, got, v)
		}
	}
}

func TestBindTaggedRejectsBadValuesNamingTheKind(t *testing.T) {
	t.Parallel()
	var s bindSample
	b := newBinder()
	bindTagged(b, &s)
	for k, v := range map[string]string{"sCount": "x", "sOn": "yes", "sRatio": "half", "sWait": "10", "sList": "[1]", "sTags": "[]"} {
		if err := b.byKey[k].decode(v); err == nil || !strings.Contains(err.Error(), v) {
			t.Errorf("%s=%q: error %v, want one quoting the value", k, v, err)
		}
	}
}

// TestBindTaggedPanicsOnAWrongTag: a key on a type no key can hold, or a
// key without help, fails when the binder is built.
func TestBindTaggedPanicsOnAWrongTag(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		cfg  any
		want string
	}{
		{"int64", &struct {
			N int64 `key:"n" help:"h"`
		}{}, "type int64"},
		{"struct", &struct {
			In bindInner `key:"in" help:"h"`
		}{}, "bindInner, which"},
		{"int list", &struct {
			L []int `key:"l" help:"h"`
		}{}, "type []int"},
		{"no help", &struct {
			S string `key:"s"`
		}{}, "no help tag"},
		{"not a pointer", bindSample{}, "pointer to a struct"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			defer func() {
				r := recover()
				if r == nil || !strings.Contains(fmt.Sprint(r), c.want) {
					t.Fatalf("panic %v, want one containing %q", r, c.want)
				}
			}()
			bindTagged(newBinder(), c.cfg)
		})
	}
}
