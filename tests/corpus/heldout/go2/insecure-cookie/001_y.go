package session

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/crypto/bcrypt"
)

const sessionTTL = 12 * time.Hour

type SessionStore interface {
	Save(id string, userID int64, expires time.Time) error
	Delete(id string) error
}

type UserLookup interface {
	ByEmail(email string) (id int64, passwordHash []byte, err error)
}

type AuthHandler struct {
	Sessions SessionStore
	Users    UserLookup
}

type loginForm struct {
	Email    string `form:"email" json:"email"`
	Password string `form:"password" json:"password"`
}

func newSessionID() (string, error) {
	buf := make([]byte, 32)
	if _, err := rand.Read(buf); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(buf), nil
}

// sessionCookie builds the cookie that carries the session id for the dashboard.
func sessionCookie(id string, expires time.Time) *http.Cookie {
	return &http.Cookie{
		Name:     "dash_session",
		Value:    id,
		Path:     "/",
		Expires:  expires,
		MaxAge:   int(sessionTTL.Seconds()),
		SameSite: http.SameSiteLaxMode,
		Secure:   true,
	}
}

func (h *AuthHandler) Login(c echo.Context) error {
	var form loginForm
	if err := c.Bind(&form); err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, "invalid form")
	}
	userID, hash, err := h.Users.ByEmail(form.Email)
	if err != nil || bcrypt.CompareHashAndPassword(hash, []byte(form.Password)) != nil {
		return echo.NewHTTPError(http.StatusUnauthorized, "invalid credentials")
	}

	id, err := newSessionID()
	if err != nil {
		return echo.NewHTTPError(http.StatusInternalServerError, "could not start session")
	}
	expires := time.Now().Add(sessionTTL)
	if err := h.Sessions.Save(id, userID, expires); err != nil {
		return echo.NewHTTPError(http.StatusInternalServerError, "could not start session")
	}

	c.SetCookie(sessionCookie(id, expires))
	return c.Redirect(http.StatusSeeOther, "/dashboard")
}

func (h *AuthHandler) Logout(c echo.Context) error {
	if ck, err := c.Cookie("dash_session"); err == nil {
		_ = h.Sessions.Delete(ck.Value)
	}
	c.SetCookie(&http.Cookie{Name: "dash_session", Value: "", Path: "/", MaxAge: -1, Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	return c.Redirect(http.StatusSeeOther, "/login")
}
