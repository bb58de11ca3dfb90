package tokens

import (
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"time"

	"golang.org/x/crypto/chacha20poly1305"
)

// DownloadTicket is handed to the browser and later redeemed for a file.
type DownloadTicket struct {
	FileID  string    `json:"f"`
	UserID  int64     `json:"u"`
	Expires time.Time `json:"e"`
}

type TicketSealer struct {
	aead cipher.AEAD
}

func NewTicketSealer() (*TicketSealer, error) {
	key, err := base64.StdEncoding.DecodeString(os.Getenv("TICKET_KEY"))
	if err != nil || len(key) != chacha20poly1305.KeySize {
		return nil, errors.New("TICKET_KEY must be 32 bytes, base64 encoded")
	}
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, err
	}
	return &TicketSealer{aead: aead}, nil
}

func (s *TicketSealer) Seal(t DownloadTicket) (string, error) {
	plain, err := json.Marshal(t)
	if err != nil {
		return "", err
	}
	nonce := make([]byte, s.aead.NonceSize(), s.aead.NonceSize()+len(plain)+s.aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(s.aead.Seal(nonce, nonce, plain, nil)), nil
}

func (s *TicketSealer) Open(token string) (*DownloadTicket, error) {
	data, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(data) < s.aead.NonceSize()+s.aead.Overhead() {
		return nil, errors.New("malformed ticket")
	}
	nonce, body := data[:s.aead.NonceSize()], data[s.aead.NonceSize():]
	plain, err := s.aead.Open(nil, nonce, body, nil)
	if err != nil {
		return nil, errors.New("malformed ticket")
	}
	var t DownloadTicket
	if err := json.Unmarshal(plain, &t); err != nil {
		return nil, errors.New("malformed ticket")
	}
	if time.Now().After(t.Expires) {
		return nil, errors.New("ticket expired")
	}
	return &t, nil
}
