package auth

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"os"

	"golang.org/x/crypto/bcrypt"
)

type UserStore struct{}

func (s *UserStore) Save(name, hash string) {}

func HashPassword(pw string) string {
	// ruleid: go-weak-hash-password
	sum := md5.Sum([]byte(pw))
	return hex.EncodeToString(sum[:])
}

func (s *UserStore) Register(w http.ResponseWriter, r *http.Request) {
	password := r.FormValue("password")
	h := sha1.New()
	// ruleid: go-weak-hash-password
	h.Write([]byte(password))
	s.Save(r.FormValue("user"), hex.EncodeToString(h.Sum(nil)))

	// ok: go-weak-hash-password
	hashed, _ := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	s.Save(r.FormValue("user"), string(hashed))
}

func TokenDigest(token string) string {
	// ok: go-weak-hash-password
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func FileChecksum(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := md5.New()
	// ok: go-weak-hash-password
	io.Copy(h, f)
	return hex.EncodeToString(h.Sum(nil)), nil
}

func ETagFor(body []byte) string {
	// ok: go-weak-hash-password
	sum := sha1.Sum(body)
	return `"` + hex.EncodeToString(sum[:]) + `"`
}
