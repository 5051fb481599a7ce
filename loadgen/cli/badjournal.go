package cli

import (
	"errors"
	"io/fs"
)

// badJournal: an error reading a run directory that is the input's fault (a
// missing directory, a journal that is not one run's: no or two session
// records, bad lines) rather than the machine's (an I/O error).
func badJournal(err error) bool {
	var pe *fs.PathError
	return err != nil && (!errors.As(err, &pe) || errors.Is(err, fs.ErrNotExist))
}
