package client

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"os"
	"time"
)

func NewInsecureClient() *http.Client {
	tr := &http.Transport{
		// ruleid: go-tls-verification-disabled
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true},
	}
	return &http.Client{Transport: tr, Timeout: 10 * time.Second}
}

func Patch(tr *http.Transport) {
	tr.TLSClientConfig = &tls.Config{}
	// ruleid: go-tls-verification-disabled
	tr.TLSClientConfig.InsecureSkipVerify = true
}

func NewClient() (*http.Client, error) {
	caPEM, err := os.ReadFile("/etc/app/ca.pem")
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(caPEM)
	tr := &http.Transport{
		// ok: go-tls-verification-disabled
		TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12},
	}
	return &http.Client{Transport: tr}, nil
}

func NewStrictClient() *http.Client {
	// ok: go-tls-verification-disabled
	cfg := &tls.Config{InsecureSkipVerify: false, MinVersion: tls.VersionTLS12}
	return &http.Client{Transport: &http.Transport{TLSClientConfig: cfg}}
}

func NewAnyCertClient() *http.Client {
	// ruleid: go-tls-verification-disabled
	cfg := &tls.Config{InsecureSkipVerify: true, VerifyPeerCertificate: func(raw [][]byte, chains [][]*x509.Certificate) error { return nil }}
	return &http.Client{Transport: &http.Transport{TLSClientConfig: cfg}}
}

func NewConfiguredClient(insecure bool) *http.Client {
	// ok: go-tls-verification-disabled
	cfg := &tls.Config{InsecureSkipVerify: insecure && os.Getenv("APP_ENV") == "dev"}
	return &http.Client{Transport: &http.Transport{TLSClientConfig: cfg}}
}

func NewPinnedClient(check func([]byte) error) *http.Client {
	// ok: go-tls-verification-disabled
	cfg := &tls.Config{MinVersion: tls.VersionTLS12, VerifyPeerCertificate: func(raw [][]byte, chains [][]*x509.Certificate) error { return check(raw[0]) }}
	// ok: go-tls-verification-disabled
	cfg2 := &tls.Config{MinVersion: tls.VersionTLS13}
	_ = cfg2
	return &http.Client{Transport: &http.Transport{TLSClientConfig: cfg}}
}
