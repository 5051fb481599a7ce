package cli

import (
	"encoding/hex"
	"strings"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/scaleout"
)

// JobUIDEnv names the variable the in-cluster Indexed Job sets, through the
// downward API, to its own uid: every worker of one Job run derives the same
// session id from it.
const JobUIDEnv = "LOADGEN_JOB_UID"

// SessionFromJobUID turns a Kubernetes uid into a session id: "lg-" and the
// first 12 hex digits, short enough to prefix job-run names (64 characters).
func SessionFromJobUID(uid string) (string, bool) {
	hexDigits := strings.ReplaceAll(strings.ToLower(uid), "-", "")
	if len(hexDigits) < 12 {
		return "", false
	}
	if _, err := hex.DecodeString(hexDigits[:12]); err != nil {
		return "", false
	}
	return "lg-" + hexDigits[:12], true
}

// resolveSession validates an explicit session id, or makes one: from the
// Job uid for workers of an Indexed Job, else from the clock. Scaled-out
// workers must share one session, so they need either.
func resolveSession(session string, explicit bool, w scaleout.Worker, getenv func(string) string) (string, error) {
	if explicit || session != "" {
		if !sessionRe.MatchString(session) {
			return "", usagef("--session %q: want 3-40 characters of a-z, 0-9 and -, starting with a letter or digit", session)
		}
		return session, nil
	}
	if uid := getenv(JobUIDEnv); uid != "" {
		s, ok := SessionFromJobUID(uid)
		if !ok {
			return "", usagef("%s %q: want a Kubernetes uid (hex digits and dashes)", JobUIDEnv, uid)
		}
		return s, nil
	}
	if w.Scaled() {
		return "", usagef("--workers %d: give every worker the same --session (or set %s)", w.Count, JobUIDEnv)
	}
	return NewSessionID(time.Now()), nil
}
