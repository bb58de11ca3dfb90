package tokens

import (
	"bytes"
	"crypto/cipher"
	"crypto/des"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"time"
)

// DownloadTicket is handed to the browser and later redeemed for a file.
type DownloadTicket struct {
	FileID  string    `json:"f"`
	UserID  int64     `json:"u"`
	Expires time.Time `json:"e"`
}

type TicketSealer struct {
	block cipher.Block
}

func NewTicketSealer() (*TicketSealer, error) {
	key, err := base64.StdEncoding.DecodeString(os.Getenv("TICKET_KEY"))
	if err != nil || len(key) != des.BlockSize {
		return nil, errors.New("TICKET_KEY must be 8 bytes, base64 encoded")
	}
	block, err := des.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return &TicketSealer{block: block}, nil
}

func (s *TicketSealer) Seal(t DownloadTicket) (string, error) {
	plain, err := json.Marshal(t)
	if err != nil {
		return "", err
	}
	pad := des.BlockSize - len(plain)%des.BlockSize
	plain = append(plain, bytes.Repeat([]byte{byte(pad)}, pad)...)

	out := make([]byte, des.BlockSize+len(plain))
	iv := out[:des.BlockSize]
	if _, err := rand.Read(iv); err != nil {
		return "", err
	}
	cipher.NewCBCEncrypter(s.block, iv).CryptBlocks(out[des.BlockSize:], plain)
	return base64.RawURLEncoding.EncodeToString(out), nil
}

func (s *TicketSealer) Open(token string) (*DownloadTicket, error) {
	data, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(data) < 2*des.BlockSize || len(data)%des.BlockSize != 0 {
		return nil, errors.New("malformed ticket")
	}
	iv, body := data[:des.BlockSize], data[des.BlockSize:]
	plain := make([]byte, len(body))
	cipher.NewCBCDecrypter(s.block, iv).CryptBlocks(plain, body)

	pad := int(plain[len(plain)-1])
	if pad == 0 || pad > des.BlockSize {
		return nil, errors.New("malformed ticket")
	}
	var t DownloadTicket
	if err := json.Unmarshal(plain[:len(plain)-pad], &t); err != nil {
		return nil, errors.New("malformed ticket")
	}
	if time.Now().After(t.Expires) {
		return nil, errors.New("ticket expired")
	}
	return &t, nil
}
