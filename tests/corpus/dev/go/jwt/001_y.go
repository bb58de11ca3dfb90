package gateway

import (
	"context"
	"errors"
	"net/http"
	"os"
	"strings"

	"github.com/golang-jwt/jwt/v5"
)

type Principal struct {
	TenantID string   `json:"tid"`
	Scopes   []string `json:"scp"`
	jwt.RegisteredClaims
}

type principalKey struct{}

var signingKey = []byte(os.Getenv("ACCESS_TOKEN_HMAC_KEY"))

// decodeAccessToken verifies and reads an access token issued by our
// authorization server.
func decodeAccessToken(raw string) (*Principal, error) {
	if len(signingKey) < 32 {
		return nil, errors.New("signing key is not configured")
	}
	p := &Principal{}
	_, err := jwt.ParseWithClaims(raw, p,
		func(*jwt.Token) (any, error) { return signingKey, nil },
		jwt.WithValidMethods([]string{"HS256"}),
		jwt.WithExpirationRequired(),
		jwt.WithIssuer("https://auth.example.com"),
	)
	if err != nil {
		return nil, err
	}
	if p.Subject == "" {
		return nil, errors.New("token has no subject")
	}
	return p, nil
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
		p, err := decodeAccessToken(strings.TrimPrefix(header, "Bearer "))
		if err != nil {
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
