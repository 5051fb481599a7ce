package stackconfig

import (
	"fmt"
	"reflect"
	"time"
)

// bindTagged binds every field of the struct cfg points to that carries a
// `key` struct tag (nested structs too) to that stack key, with its `help`
// tag as the key's documentation. A component's Config declares its own
// keys this way, so adding a key is adding one tagged field.
//
// A tagged field of a kind the binder cannot decode, or one without help,
// panics when the binder is built: every test that decodes a config (and
// the key table's) builds it, so a wrong tag fails a test, not a deploy.
// Supported: string, int, bool, float64, time.Duration, []string and
// map[string]string, and named types whose underlying type is one of those.
func bindTagged(b *binder, cfg any) {
	v := reflect.ValueOf(cfg)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		panic(fmt.Sprintf("stacks: bindTagged needs a pointer to a struct, got %T", cfg))
	}
	bindStruct(b, v.Elem())
}

func bindStruct(b *binder, v reflect.Value) {
	t := v.Type()
	for i := range t.NumField() {
		f, fv := t.Field(i), v.Field(i)
		key := f.Tag.Get("key")
		if key == "" {
			if f.IsExported() && f.Type.Kind() == reflect.Struct {
				bindStruct(b, fv)
			}
			continue
		}
		where := fmt.Sprintf("%s.%s (key %q)", t, f.Name, key)
		help := f.Tag.Get("help")
		if help == "" {
			panic(fmt.Sprintf("stacks: %s has no help tag (the key table shows it)", where))
		}
		bindValue(b, key, help, fv, where)
	}
}

// basicPtr is the pointer type the binder decodes for a field of type t,
// or nil: a duration, or by kind (so named types convert).
func basicPtr(t reflect.Type) reflect.Type {
	str := reflect.TypeFor[string]()
	switch {
	case t == reflect.TypeFor[time.Duration]():
		return reflect.TypeFor[*time.Duration]()
	case t.Kind() == reflect.String:
		return reflect.TypeFor[*string]()
	case t.Kind() == reflect.Int:
		return reflect.TypeFor[*int]()
	case t.Kind() == reflect.Bool:
		return reflect.TypeFor[*bool]()
	case t.Kind() == reflect.Float64:
		return reflect.TypeFor[*float64]()
	case t.Kind() == reflect.Slice && t.Elem() == str:
		return reflect.TypeFor[*[]string]()
	case t.Kind() == reflect.Map && t.Key() == str && t.Elem() == str:
		return reflect.TypeFor[*map[string]string]()
	}
	return nil
}

// bindValue binds one field by its type: the pointer to the field converts
// to a pointer of the basic type the binder decodes.
func bindValue(b *binder, key, help string, fv reflect.Value, where string) {
	want := basicPtr(fv.Type())
	if want == nil || !fv.Addr().Type().ConvertibleTo(want) {
		panic(fmt.Sprintf("stacks: %s has type %s, which no config key can hold "+
			"(string, int, bool, float64, time.Duration, []string, map[string]string)", where, fv.Type()))
	}
	switch q := fv.Addr().Convert(want).Interface().(type) {
	case *time.Duration:
		b.Duration(key, help, q)
	case *string:
		b.String(key, help, q)
	case *int:
		b.Int(key, help, q)
	case *bool:
		b.Bool(key, help, q)
	case *float64:
		b.Float(key, help, q)
	case *[]string:
		b.Strings(key, help, q)
	case *map[string]string:
		b.StringMap(key, help, q)
	}
}
