package vault

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
)

// FieldCipher encrypts sensitive columns (IBANs, tax numbers) before they are
// written to the database.
type FieldCipher struct {
	aead cipher.AEAD
}

func NewFieldCipherFromEnv() (*FieldCipher, error) {
	key, err := hex.DecodeString(os.Getenv("FIELD_ENCRYPTION_KEY"))
	if err != nil || len(key) != 32 {
		return nil, errors.New("FIELD_ENCRYPTION_KEY must be 64 hex characters")
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &FieldCipher{aead: aead}, nil
}

// Encrypt seals plain and binds it to the column it is stored in, so a value
// copied into another column does not decrypt.
func (f *FieldCipher) Encrypt(column, plain string) (string, error) {
	nonce := make([]byte, f.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	sealed := f.aead.Seal(nonce, nonce, []byte(plain), []byte(column))
	return base64.StdEncoding.EncodeToString(sealed), nil
}

func (f *FieldCipher) Decrypt(column, encoded string) (string, error) {
	data, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil {
		return "", fmt.Errorf("decode: %w", err)
	}
	ns := f.aead.NonceSize()
	if len(data) < ns+f.aead.Overhead() {
		return "", errors.New("ciphertext too short")
	}
	plain, err := f.aead.Open(nil, data[:ns], data[ns:], []byte(column))
	if err != nil {
		return "", errors.New("ciphertext could not be authenticated")
	}
	return string(plain), nil
}
