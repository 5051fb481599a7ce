package sparkoperator

import (
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"testing"
	"time"
)

// TestWebhookCertsServeTheService checks the Secret's files the way their
// consumers use them: the operator loads server-cert.pem/server-key.pem
// with tls.LoadX509KeyPair, and the API server verifies the webhook
// Service's name (<svc>.<ns>.svc) against ca-cert.pem, the caBundle the
// operator registers.
func TestWebhookCertsServeTheService(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	r := Releases(DefaultConfig(), jobNamespaces)[1]
	files, err := WebhookCerts(r, rand.Reader, now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tls.X509KeyPair([]byte(files[ServerCertFile]), []byte(files[ServerKeyFile])); err != nil {
		t.Fatalf("operator cannot load its key pair: %v", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM([]byte(files[CACertFile])) {
		t.Fatal("ca-cert.pem holds no certificate")
	}
	block, _ := pem.Decode([]byte(files[ServerCertFile]))
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	host := "spark-operator-1-webhook.emr-job-1.svc"
	for _, at := range []time.Time{now, now.Add(9 * 365 * 24 * time.Hour)} {
		if _, err := cert.Verify(x509.VerifyOptions{DNSName: host, Roots: pool, CurrentTime: at,
			KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}); err != nil {
			t.Errorf("API server would reject %s at %s: %v", host, at.Format(time.DateOnly), err)
		}
	}
	if _, err := cert.Verify(x509.VerifyOptions{DNSName: "spark-operator-0-webhook.emr-job-0.svc", Roots: pool, CurrentTime: now}); err == nil {
		t.Error("certificate of release 1 is valid for release 0's service")
	}
}
