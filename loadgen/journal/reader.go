package journal

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// ErrCorrupt marks a journal line that is not a valid record (bad input, exit 2).
var ErrCorrupt = errors.New("corrupt journal")

// MaxLine is the longest journal line accepted.
const MaxLine = 1 << 20

// Torn describes an incomplete last line (the process died mid-write). It is
// tolerated: the line is skipped and reported.
type Torn struct {
	Line  int
	Bytes int
}

// Scan reads records in order and calls fn for each. A last line without a
// newline that does not parse is returned as Torn; any other bad line is an
// error wrapping ErrCorrupt that names the line number.
func Scan(r io.Reader, fn func(line int, rec Record) error) (*Torn, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	for line := 1; ; line++ {
		b, err := readLine(br)
		if len(b) == 0 && err == io.EOF {
			return nil, nil
		}
		if err != nil && err != io.EOF {
			return nil, fmt.Errorf("journal line %d: %w", line, err)
		}
		complete := err == nil
		rec, perr := parse(b)
		if perr != nil && !complete {
			return &Torn{Line: line, Bytes: len(b)}, nil
		}
		if perr != nil {
			return nil, fmt.Errorf("%w: line %d: %v", ErrCorrupt, line, perr)
		}
		if ferr := fn(line, rec); ferr != nil {
			return nil, fmt.Errorf("journal line %d: %w", line, ferr)
		}
		if !complete {
			return nil, nil
		}
	}
}

// readLine returns one line without its newline; io.EOF means no newline ended it.
func readLine(br *bufio.Reader) ([]byte, error) {
	var out []byte
	for {
		b, err := br.ReadSlice('\n')
		out = append(out, b...)
		if len(out) > MaxLine {
			return nil, fmt.Errorf("%w: longer than %d bytes", ErrCorrupt, MaxLine)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err == nil {
			return out[:len(out)-1], nil
		}
		return out, err
	}
}

func parse(b []byte) (Record, error) {
	var rec Record
	if len(bytes.TrimSpace(b)) == 0 {
		return rec, errors.New("empty line")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rec); err != nil {
		return rec, fmt.Errorf("not a journal record: %v", err)
	}
	if dec.More() {
		return rec, errors.New("more than one JSON value on the line")
	}
	return rec, rec.validate()
}
