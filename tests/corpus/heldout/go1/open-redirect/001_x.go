package auth

import (
	"log/slog"
	"net/http"
	"net/url"
	"strings"
)

type SSOCallback struct {
	Sessions SessionIssuer
	Provider TokenExchanger
	Log      *slog.Logger
}

type SessionIssuer interface {
	Start(w http.ResponseWriter, r *http.Request, subject string) error
}

type TokenExchanger interface {
	Exchange(r *http.Request, code string) (subject string, err error)
}

func (s *SSOCallback) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /sso/callback", s.handle)
}

// localPath returns dest if it is a path on this site, otherwise the default.
func localPath(dest string) string {
	const fallback = "/dashboard"
	if dest == "" || !strings.HasPrefix(dest, "/") || strings.HasPrefix(dest, "//") || strings.Contains(dest, `\`) {
		return fallback
	}
	u, err := url.Parse(dest)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return fallback
	}
	return u.RequestURI()
}

// handle finishes the single sign-on round trip and sends the user back to
// the page they were on before they were asked to sign in.
func (s *SSOCallback) handle(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()

	subject, err := s.Provider.Exchange(r, q.Get("code"))
	if err != nil {
		s.Log.Warn("sso exchange failed", "err", err)
		http.Error(w, "sign-in failed", http.StatusUnauthorized)
		return
	}
	if err := s.Sessions.Start(w, r, subject); err != nil {
		s.Log.Error("session start failed", "err", err)
		http.Error(w, "sign-in failed", http.StatusInternalServerError)
		return
	}

	http.Redirect(w, r, localPath(q.Get("continue")), http.StatusSeeOther)
}
