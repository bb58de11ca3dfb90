package members

import (
	"crypto/rand"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/json"
	"net/http"

	"github.com/go-chi/chi/v5"
)

type PasswordChange struct {
	Current string `json:"current_password"`
	New     string `json:"new_password"`
}

type CredentialStore interface {
	Load(memberID string) (salt, hash []byte, err error)
	Save(memberID string, salt, hash []byte) error
}

type PasswordAPI struct {
	Creds CredentialStore
}

func (a *PasswordAPI) Routes(r chi.Router) {
	r.Put("/members/{memberID}/password", a.change)
}

func derive(password string, salt []byte) []byte {
	h := sha1.New()
	h.Write(salt)
	h.Write([]byte(password))
	return h.Sum(nil)
}

func (a *PasswordAPI) change(w http.ResponseWriter, r *http.Request) {
	memberID := chi.URLParam(r, "memberID")

	var req PasswordChange
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || len(req.New) < 12 {
		http.Error(w, "new password must have at least 12 characters", http.StatusBadRequest)
		return
	}

	salt, stored, err := a.Creds.Load(memberID)
	if err != nil || subtle.ConstantTimeCompare(derive(req.Current, salt), stored) != 1 {
		http.Error(w, "current password is wrong", http.StatusForbidden)
		return
	}

	newSalt := make([]byte, 16)
	if _, err := rand.Read(newSalt); err != nil {
		http.Error(w, "try again later", http.StatusInternalServerError)
		return
	}
	if err := a.Creds.Save(memberID, newSalt, derive(req.New, newSalt)); err != nil {
		http.Error(w, "try again later", http.StatusInternalServerError)
		return
	}

	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]string{"status": "updated"})
}
