package handlers

import (
	"net/http"
	"os"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/gorilla/sessions"
)

func Login(w http.ResponseWriter, r *http.Request) {
	token := newSessionToken()
	// ruleid: go-insecure-cookie-secure, go-insecure-cookie-httponly
	http.SetCookie(w, &http.Cookie{
		Name:    "session_id",
		Value:   token,
		Path:    "/",
		Expires: time.Now().Add(24 * time.Hour),
	})

	// ok: go-insecure-cookie-secure, go-insecure-cookie-httponly, go-insecure-cookie-samesite-none
	http.SetCookie(w, &http.Cookie{
		Name:     "session_id",
		Value:    token,
		Path:     "/",
		Secure:   true,
		HttpOnly: true,
		SameSite: http.SameSiteLaxMode,
	})

	// ok: go-insecure-cookie-secure, go-insecure-cookie-httponly
	http.SetCookie(w, &http.Cookie{Name: "theme", Value: "dark", Path: "/"})
}

func Remember(w http.ResponseWriter, r *http.Request) {
	// ruleid: go-insecure-cookie-secure
	http.SetCookie(w, &http.Cookie{Name: "remember_token", Value: newSessionToken(), Secure: false, HttpOnly: true})

	// ruleid: go-insecure-cookie-httponly
	http.SetCookie(w, &http.Cookie{Name: "auth", Value: newSessionToken(), Secure: true, HttpOnly: false})

	// ok: go-insecure-cookie-secure
	ck := &http.Cookie{Name: "refresh_token", Value: newSessionToken(), HttpOnly: true}
	ck.Secure = os.Getenv("APP_ENV") != "dev"
	http.SetCookie(w, ck)
}

func Embed(w http.ResponseWriter, r *http.Request) {
	// ruleid: go-insecure-cookie-samesite-none
	http.SetCookie(w, &http.Cookie{Name: "sid", Value: newSessionToken(), Secure: true, HttpOnly: true, SameSite: http.SameSiteNoneMode})

	// ok: go-insecure-cookie-samesite-none
	http.SetCookie(w, &http.Cookie{Name: "widget_pref", Value: "1", Secure: true, SameSite: http.SameSiteNoneMode})
}

func GinLogin(c *gin.Context) {
	// ruleid: go-insecure-cookie-framework
	c.SetCookie("session", newSessionToken(), 3600, "/", "", false, true)

	// ok: go-insecure-cookie-framework
	c.SetCookie("session", newSessionToken(), 3600, "/", "", true, true)

	// ok: go-insecure-cookie-framework
	c.SetCookie("lang", "en", 3600, "/", "", false, false)
}

func NewStore(key []byte) *sessions.CookieStore {
	store := sessions.NewCookieStore(key)
	// ruleid: go-insecure-cookie-session-options
	store.Options = &sessions.Options{Path: "/", MaxAge: 86400}
	return store
}

func NewStrictStore(key []byte) *sessions.CookieStore {
	store := sessions.NewCookieStore(key)
	// ok: go-insecure-cookie-session-options
	store.Options = &sessions.Options{Path: "/", MaxAge: 86400, Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode}
	return store
}

func NewDevStore(key []byte, secure bool) *sessions.CookieStore {
	store := sessions.NewCookieStore(key)
	// ok: go-insecure-cookie-session-options
	store.Options = &sessions.Options{Path: "/", MaxAge: 3600, Secure: secure, HttpOnly: true}
	return store
}

func newSessionToken() string { return "" }

const (
	loginCookieKey = "app_refresh"
	prefCookieKey  = "ui_theme"
)

func setRefreshCookieViaConst(w http.ResponseWriter, v string) {
	// ruleid: go-insecure-cookie-secure, go-insecure-cookie-httponly
	http.SetCookie(w, &http.Cookie{Name: loginCookieKey, Value: v, Path: "/"})
}

func setRefreshCookieViaConstHardened(w http.ResponseWriter, v string) {
	// ok: go-insecure-cookie-secure, go-insecure-cookie-httponly
	http.SetCookie(w, &http.Cookie{Name: loginCookieKey, Value: v, Path: "/", Secure: true, HttpOnly: true})
}

func setPrefCookieViaConst(w http.ResponseWriter, v string) {
	// ok: go-insecure-cookie-secure, go-insecure-cookie-httponly
	http.SetCookie(w, &http.Cookie{Name: prefCookieKey, Value: v, Path: "/"})
}
