package gateway

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

type Principal struct {
	Subject  string   `json:"sub"`
	TenantID string   `json:"tid"`
	Scopes   []string `json:"scp"`
	Expiry   int64    `json:"exp"`
}

type principalKey struct{}

// decodeAccessToken reads the claims from an access token issued by our
// authorization server.
func decodeAccessToken(raw string) (*Principal, bool) {
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		return nil, false
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return nil, false
	}
	var p Principal
	if err := json.Unmarshal(payload, &p); err != nil {
		return nil, false
	}
	if p.Subject == "" || time.Unix(p.Expiry, 0).Before(time.Now()) {
		return nil, false
	}
	return &p, true
}

// Authenticate is mounted in front of every tenant route by the chi router.
func Authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		header := r.Header.Get("Authorization")
		if !strings.HasPrefix(header, "Bearer ") {
			w.Header().Set("WWW-Authenticate", `Bearer realm="api"`)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		p, ok := decodeAccessToken(strings.TrimPrefix(header, "Bearer "))
		if !ok {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), principalKey{}, p)))
	})
}

func PrincipalFrom(ctx context.Context) *Principal {
	p, _ := ctx.Value(principalKey{}).(*Principal)
	return p
}
