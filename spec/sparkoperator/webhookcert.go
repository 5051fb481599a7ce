package sparkoperator

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"time"
)

// Files of the webhook certificate Secret: the chart mounts the Secret
// <fullname>-webhook-certs at /etc/webhook-certs and the operator reads
// these names by default (-webhook-server-cert, -webhook-server-cert-key,
// -webhook-ca-cert); the chart's hook Job (gencerts.sh) would have made it.
const (
	CACertFile     = "ca-cert.pem"
	ServerCertFile = "server-cert.pem"
	ServerKeyFile  = "server-key.pem"
	certValidity   = 10 * 365 * 24 * time.Hour
)

// WebhookSecretName and WebhookServiceName are the chart's names for a release.
func WebhookSecretName(r Release) string  { return FullName(r) + "-webhook-certs" }
func WebhookServiceName(r Release) string { return FullName(r) + "-webhook" }

// WebhookDNSNames are the names the API server may dial the webhook Service by.
func WebhookDNSNames(r Release) []string {
	svc := WebhookServiceName(r) + "." + r.Namespace
	return []string{svc + ".svc", svc + ".svc.cluster.local", svc}
}

// WebhookCerts makes a CA and a server certificate for the webhook Service
// of r, PEM encoded under the Secret's file names. rand is crypto/rand's
// Reader in production.
func WebhookCerts(r Release, rand io.Reader, now time.Time) (map[string]string, error) {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand)
	if err != nil {
		return nil, err
	}
	ca := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: WebhookDNSNames(r)[0] + " CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(certValidity),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	caDER, err := x509.CreateCertificate(rand, ca, ca, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, fmt.Errorf("webhook CA: %w", err)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand)
	if err != nil {
		return nil, err
	}
	server := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: WebhookDNSNames(r)[0]}, DNSNames: WebhookDNSNames(r),
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(certValidity),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	serverDER, err := x509.CreateCertificate(rand, server, ca, &key.PublicKey, caKey)
	if err != nil {
		return nil, fmt.Errorf("webhook server certificate: %w", err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, err
	}
	return map[string]string{
		CACertFile:     string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER})),
		ServerCertFile: string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: serverDER})),
		ServerKeyFile:  string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})),
	}, nil
}
