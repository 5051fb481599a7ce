package report

import (
	"bufio"
	"io"
)

func newBuffered(w io.Writer) *bufio.Writer { return bufio.NewWriterSize(w, 256<<10) }
