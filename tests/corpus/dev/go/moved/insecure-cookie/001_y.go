package session

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"time"
)

const (
	cookieName = "__Host-sid"
	sessionTTL = 12 * time.Hour
)

type Store interface {
	Save(id string, userID int64, expires time.Time) error
	Delete(id string) error
}

type Manager struct {
	store Store
}

func NewManager(s Store) *Manager { return &Manager{store: s} }

func newSessionID() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// Begin creates a server-side session for the user and hands the browser its id.
func (m *Manager) Begin(w http.ResponseWriter, userID int64) error {
	id, err := newSessionID()
	if err != nil {
		return err
	}
	expires := time.Now().Add(sessionTTL)
	if err := m.store.Save(id, userID, expires); err != nil {
		return err
	}

	http.SetCookie(w, &http.Cookie{
		Name:     cookieName,
		Value:    id,
		Path:     "/",
		Expires:  expires,
		MaxAge:   int(sessionTTL.Seconds()),
		Secure:   true,
		HttpOnly: true,
		SameSite: http.SameSiteLaxMode,
	})
	return nil
}

// End removes the session and clears the cookie.
func (m *Manager) End(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(cookieName); err == nil {
		_ = m.store.Delete(c.Value)
	}
	http.SetCookie(w, &http.Cookie{
		Name:     cookieName,
		Value:    "",
		Path:     "/",
		MaxAge:   -1,
		Secure:   true,
		HttpOnly: true,
		SameSite: http.SameSiteLaxMode,
	})
}
