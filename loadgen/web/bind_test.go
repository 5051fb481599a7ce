package web

import (
	"net"
	"testing"
)

// TestDefaultBindIsLoopback: the live page (run data, /metrics) is served on
// loopback unless --web-addr says otherwise; it used to bind every interface
// while the printed URL said localhost.
func TestDefaultBindIsLoopback(t *testing.T) {
	t.Parallel()
	for _, addr := range []string{"", FallbackAddr} {
		s, err := Start(NewLive(nil), Options{Addr: addr})
		if err != nil {
			t.Logf("%q: %v (busy: checked through the fallback)", addr, err)
			continue
		}
		ip := s.ln.Addr().(*net.TCPAddr).IP
		_ = s.Close()
		if !ip.IsLoopback() {
			t.Errorf("Addr %q listens on %v, want loopback", addr, ip)
		}
	}
}
