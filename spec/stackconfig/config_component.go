package stackconfig

import (
	"fmt"
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
			out = append(out, KeyError(key, "%s", fe.Msg))
			continue
		}
		out = append(out, KeyError(fallback, "%s", fe.Error()))
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
		out = append(out, KeyError(fe.Field, "%s", fe.Msg))
	}
	return validate.Join(out...)
}

// validator is a component's Config: Validate returns every problem as
// *validate.FieldError leaves naming fields by json path.
type validator interface{ Validate() error }

// componentSection makes a component's Config a section of the stack: the
// presets are values of that type, the keys are its `key`/`help` tagged
// fields (bindTagged) and its Validate's field errors are reported under
// those keys (keyedErrors); an error of a field no key binds is reported
// under fallback with its path.
type componentSection[T validator] struct {
	cfg      *T
	presets  map[Preset]T
	fallback string
}

func (c componentSection[T]) setPreset(p Preset) { *c.cfg = pick(c.presets, p) }

func (c componentSection[T]) bind(b *binder) { bindTagged(b, c.cfg) }

func (c componentSection[T]) Validate() error {
	return validate.Join(keyedErrors((*c.cfg).Validate(), fieldKeys(*c.cfg), c.fallback)...)
}

// components maps a component Config type (a field type of Config) to its
// section; registerComponent fills it from each config_<concern>.go.
var components = map[reflect.Type]func(cfg any) section{}

// registerComponent declares T, a component's Config, a section of the
// stack: a field of type T in Config is then preset, bound and validated
// through it. presets must hold every preset; fallback is the key named by
// errors of fields no key binds. It returns true, to be assigned to a
// package-level blank variable next to the presets.
func registerComponent[T validator](presets map[Preset]T, fallback string) bool {
	t := reflect.TypeFor[T]()
	if _, dup := components[t]; dup {
		panic(fmt.Sprintf("stacks: component config %s registered twice", t))
	}
	components[t] = func(cfg any) section {
		return componentSection[T]{cfg: cfg.(*T), presets: presets, fallback: fallback}
	}
	return true
}
