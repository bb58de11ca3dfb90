package crypto

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/des"
	"crypto/rand"
	"crypto/rc4"
	"io"
)

func EncryptLegacy(key, plaintext []byte) ([]byte, error) {
	// ruleid: go-broken-cipher
	block, err := des.NewCipher(key)
	if err != nil {
		return nil, err
	}
	out := make([]byte, len(plaintext))
	iv := make([]byte, des.BlockSize)
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(out, plaintext)
	return out, nil
}

func EncryptStream(key, data []byte) []byte {
	// ruleid: go-broken-cipher
	c, _ := rc4.NewCipher(key)
	out := make([]byte, len(data))
	c.XORKeyStream(out, data)
	return out
}

func Encrypt3DES(key []byte) (cipher.Block, error) {
	// ruleid: go-broken-cipher
	return des.NewTripleDESCipher(key)
}

func EncryptECB(key, plaintext []byte) ([]byte, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	bs := block.BlockSize()
	out := make([]byte, len(plaintext))
	for i := 0; i < len(plaintext); i += bs {
		// ruleid: go-broken-cipher-ecb
		block.Encrypt(out[i:i+bs], plaintext[i:i+bs])
	}
	return out, nil
}

func EncryptGCM(key, plaintext []byte) ([]byte, error) {
	// ok: go-broken-cipher
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, gcm.NonceSize())
	if _, err := io.ReadFull(rand.Reader, nonce); err != nil {
		return nil, err
	}
	// ok: go-broken-cipher-ecb
	return gcm.Seal(nonce, nonce, plaintext, nil), nil
}

func NewAEAD(key []byte) (cipher.AEAD, error) {
	// ok: go-broken-cipher
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

func KeyCheckValue(key []byte) []byte {
	block, _ := aes.NewCipher(key)
	out := make([]byte, aes.BlockSize)
	// ok: go-broken-cipher-ecb
	block.Encrypt(out, make([]byte, aes.BlockSize))
	return out[:3]
}
