package middleware

import (
	"context"
	"net/http"
	"strings"

	"github.com/golang-jwt/jwt/v5"
)

type ctxKey string

const userCtxKey ctxKey = "user"

type UserClaims struct {
	Email string   `json:"email"`
	Roles []string `json:"roles"`
	jwt.RegisteredClaims
}

type Authenticator struct {
	Issuer string
}

// Require extracts the caller identity from the bearer token issued by the
// identity provider and stores it in the request context.
func (a *Authenticator) Require(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || raw == "" {
			http.Error(w, "missing bearer token", http.StatusUnauthorized)
			return
		}

		claims := &UserClaims{}
		parser := jwt.NewParser(jwt.WithIssuer(a.Issuer), jwt.WithExpirationRequired())
		if _, _, err := parser.ParseUnverified(raw, claims); err != nil {
			http.Error(w, "invalid token", http.StatusUnauthorized)
			return
		}
		if claims.Issuer != a.Issuer {
			http.Error(w, "invalid token", http.StatusUnauthorized)
			return
		}

		ctx := context.WithValue(r.Context(), userCtxKey, claims)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func UserFrom(ctx context.Context) (*UserClaims, bool) {
	c, ok := ctx.Value(userCtxKey).(*UserClaims)
	return c, ok
}
