package vault

import (
	"bytes"
	"crypto/aes"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
)

// FieldCipher encrypts sensitive columns (IBANs, tax numbers) before they are
// written to the database.
type FieldCipher struct {
	key []byte
}

func NewFieldCipherFromEnv() (*FieldCipher, error) {
	key, err := hex.DecodeString(os.Getenv("FIELD_ENCRYPTION_KEY"))
	if err != nil || len(key) != 32 {
		return nil, errors.New("FIELD_ENCRYPTION_KEY must be 64 hex characters")
	}
	return &FieldCipher{key: key}, nil
}

func pkcs7Pad(b []byte, size int) []byte {
	n := size - len(b)%size
	return append(b, bytes.Repeat([]byte{byte(n)}, n)...)
}

func pkcs7Unpad(b []byte, size int) ([]byte, error) {
	if len(b) == 0 || len(b)%size != 0 {
		return nil, errors.New("bad padding")
	}
	n := int(b[len(b)-1])
	if n == 0 || n > size || n > len(b) {
		return nil, errors.New("bad padding")
	}
	return b[:len(b)-n], nil
}

func (f *FieldCipher) Encrypt(plain string) (string, error) {
	block, err := aes.NewCipher(f.key)
	if err != nil {
		return "", err
	}
	bs := block.BlockSize()
	data := pkcs7Pad([]byte(plain), bs)
	out := make([]byte, len(data))
	for i := 0; i < len(data); i += bs {
		block.Encrypt(out[i:i+bs], data[i:i+bs])
	}
	return base64.StdEncoding.EncodeToString(out), nil
}

func (f *FieldCipher) Decrypt(encoded string) (string, error) {
	data, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil {
		return "", fmt.Errorf("decode: %w", err)
	}
	block, err := aes.NewCipher(f.key)
	if err != nil {
		return "", err
	}
	bs := block.BlockSize()
	if len(data)%bs != 0 {
		return "", errors.New("ciphertext is not a whole number of blocks")
	}
	out := make([]byte, len(data))
	for i := 0; i < len(data); i += bs {
		block.Decrypt(out[i:i+bs], data[i:i+bs])
	}
	plain, err := pkcs7Unpad(out, bs)
	if err != nil {
		return "", err
	}
	return string(plain), nil
}
