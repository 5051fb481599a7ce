package template

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
)

type kind uint8

const (
	kNull kind = iota
	kObject
	kArray
	kString
	kNumber
	kBool
)

func (k kind) String() string {
	return [...]string{"null", "an object", "an array", "a string", "a number", "a boolean"}[k]
}

// node is a parsed JSON value with the line it starts on. Strings holding variables keep
// them as segments, so rendering is concatenation and can never produce JSON syntax.
type node struct {
	kind kind
	line int
	str  string // string value; for strings with variables, the source text
	segs []seg  // non-nil when the string contains variables
	num  json.Number
	b    bool
	keys []string // object members in source order
	vals []*node
}

// seg is a literal (v < 0) or the variable with index v in varNames.
type seg struct {
	lit string
	v   int
}

func (n *node) member(key string) *node {
	for i, k := range n.keys {
		if k == key {
			return n.vals[i]
		}
	}
	return nil
}

// varNames are the template variables; the index is the one used in seg.v.
var varNames = []string{
	"session_id", "job_name", "job_index", "namespace", "virtual_cluster_id", "az",
	"execution_role_arn", "bucket", "release_label", "region", "account_id",
}

type parser struct {
	name  string
	data  []byte
	dec   *json.Decoder
	lines []int // offsets of '\n'
	errs  []error
	used  map[string]bool
}

func (p *parser) lineAt(off int64) int {
	return sort.Search(len(p.lines), func(i int) bool { return int64(p.lines[i]) >= off }) + 1
}

func (p *parser) errorf(line int, path, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if path != "" {
		msg = path + ": " + msg
	}
	p.errs = append(p.errs, fmt.Errorf("%s:%d: %s", p.name, line, msg))
}

func parse(name string, data []byte) (*Template, error) {
	p := &parser{name: name, data: data, used: map[string]bool{}}
	for i, c := range data {
		if c == '\n' {
			p.lines = append(p.lines, i)
		}
	}
	p.dec = json.NewDecoder(bytes.NewReader(data))
	p.dec.UseNumber()
	root, err := p.value("")
	if err == nil {
		if _, extra := p.dec.Token(); extra != io.EOF {
			p.errorf(p.lineAt(p.dec.InputOffset()), "", "unexpected data after the top-level object")
		}
	}
	if err != nil {
		return nil, p.syntaxError(err)
	}
	validateRoot(p, root)
	if len(p.errs) > 0 {
		return nil, fmt.Errorf("invalid job template %s:\n%w", name, errors.Join(p.errs...))
	}
	return newTemplate(name, root, p.used), nil
}

func (p *parser) syntaxError(err error) error {
	off := p.dec.InputOffset()
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off = se.Offset
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		err = errors.New("unexpected end of file: the JSON document is incomplete")
	}
	return fmt.Errorf("invalid job template %s:\n%s:%d: malformed JSON: %w", p.name, p.name, p.lineAt(off), err)
}

func (p *parser) value(path string) (*node, error) {
	tok, err := p.dec.Token()
	if err != nil {
		return nil, err
	}
	line := p.lineAt(p.dec.InputOffset())
	switch t := tok.(type) {
	case json.Delim:
		if t == '{' {
			return p.object(path, line)
		}
		return p.array(path, line)
	case string:
		return p.stringNode(path, line, t), nil
	case json.Number:
		return &node{kind: kNumber, line: line, num: t}, nil
	case bool:
		return &node{kind: kBool, line: line, b: t}, nil
	}
	return &node{kind: kNull, line: line}, nil
}

func (p *parser) object(path string, line int) (*node, error) {
	n := &node{kind: kObject, line: line}
	for p.dec.More() {
		tok, err := p.dec.Token()
		if err != nil {
			return nil, err
		}
		key := tok.(string)
		keyLine := p.lineAt(p.dec.InputOffset())
		if n.member(key) != nil {
			p.errorf(keyLine, join(path, key), "duplicate field")
		}
		v, err := p.value(join(path, key))
		if err != nil {
			return nil, err
		}
		v.line = keyLine
		n.keys, n.vals = append(n.keys, key), append(n.vals, v)
	}
	_, err := p.dec.Token() // '}'
	return n, err
}

func (p *parser) array(path string, line int) (*node, error) {
	n := &node{kind: kArray, line: line}
	for p.dec.More() {
		v, err := p.value(fmt.Sprintf("%s[%d]", path, len(n.vals)))
		if err != nil {
			return nil, err
		}
		n.vals = append(n.vals, v)
	}
	_, err := p.dec.Token() // ']'
	return n, err
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// stringNode splits s into literals and ${variables}; "$${" is a literal "${".
func (p *parser) stringNode(path string, line int, s string) *node {
	n := &node{kind: kString, line: line, str: s}
	if !strings.Contains(s, "${") {
		return n
	}
	var segs []seg
	var lit strings.Builder
	hasVar := false
	for rest := s; rest != ""; {
		i := strings.Index(rest, "${")
		if i < 0 {
			lit.WriteString(rest)
			break
		}
		if i > 0 && rest[i-1] == '$' { // escaped: $${ -> ${
			lit.WriteString(rest[:i-1] + "${")
			rest = rest[i+2:]
			continue
		}
		lit.WriteString(rest[:i])
		end := strings.IndexByte(rest[i:], '}')
		if end < 0 {
			p.errorf(line, path, "unterminated variable in %q: close it with } (write $${ for a literal ${)", s)
			return n
		}
		name := rest[i+2 : i+end]
		idx := varIndex(name)
		if idx < 0 {
			p.errorf(line, path, "unknown variable ${%s}; known: ${%s}", name, strings.Join(varNames, "} ${"))
		} else {
			p.used[name] = true
		}
		if lit.Len() > 0 {
			segs = append(segs, seg{lit: lit.String(), v: -1})
			lit.Reset()
		}
		segs = append(segs, seg{v: idx})
		hasVar = true
		rest = rest[i+end+1:]
	}
	if lit.Len() > 0 {
		segs = append(segs, seg{lit: lit.String(), v: -1})
	}
	if !hasVar {
		n.str = lit.String()
		return n
	}
	n.segs = segs
	return n
}

func varIndex(name string) int {
	for i, v := range varNames {
		if v == name {
			return i
		}
	}
	return -1
}
