package stacks

import (
	"reflect"
	"strings"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/validate"
)

// keyedErrors turns a component's Validate errors (*validate.FieldError,
// each naming its field by json path, e.g. "resources.cpuLimit") into
// errors naming the stack key bound to that field. keys comes from the
// component Config's `key` struct tags (fieldKeys), so the components keep
// their own rules and the user still reads the key to fix; no message is
// parsed. A field no key binds is reported under fallback, with its path.
func keyedErrors(err error, keys map[string]string, fallback string) []error {
	var out []error
	for _, fe := range validate.Fields(err) {
		path := fe.Field
		if i := strings.IndexByte(path, '['); i >= 0 {
			path = path[:i]
		}
		if key, ok := keys[path]; ok {
			out = append(out, keyErr(key, "%s", fe.Msg))
			continue
		}
		out = append(out, keyErr(fallback, "%s", fe.Error()))
	}
	return out
}

// fieldKeys maps the json path of every field of the struct v carrying a
// `key` tag to that stack key, descending into nested structs.
func fieldKeys(v any) map[string]string {
	out := map[string]string{}
	collectKeys(reflect.TypeOf(v), "", out)
	return out
}

func collectKeys(t reflect.Type, prefix string, out map[string]string) {
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		path := prefix + name
		if key := f.Tag.Get("key"); key != "" {
			out[path] = key
		}
		if f.Type.Kind() == reflect.Struct {
			collectKeys(f.Type, path+".", out)
		}
	}
}

// keyed turns one shared check's *validate.FieldError (whose field is the
// key itself) into the stack's "namespace:key: message" form.
func keyed(err error) error {
	if err == nil {
		return nil
	}
	var out []error
	for _, fe := range validate.Fields(err) {
		out = append(out, keyErr(fe.Field, "%s", fe.Msg))
	}
	return validate.Join(out...)
}
