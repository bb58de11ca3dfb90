package middleware

import (
	"context"
	"crypto/rsa"
	"net/http"
	"strings"
	"time"

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
	Issuer    string
	Audience  string
	PublicKey *rsa.PublicKey
}

// Require extracts the caller identity from the bearer token issued by the
// identity provider and stores it in the request context.
func (a *Authenticator) Require(next http.Handler) http.Handler {
	parser := jwt.NewParser(
		jwt.WithValidMethods([]string{jwt.SigningMethodRS256.Alg()}),
		jwt.WithIssuer(a.Issuer),
		jwt.WithAudience(a.Audience),
		jwt.WithExpirationRequired(),
		jwt.WithLeeway(30*time.Second),
	)
	keyFunc := func(*jwt.Token) (any, error) { return a.PublicKey, nil }

	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || raw == "" {
			http.Error(w, "missing bearer token", http.StatusUnauthorized)
			return
		}

		claims := &UserClaims{}
		token, err := parser.ParseWithClaims(raw, claims, keyFunc)
		if err != nil || !token.Valid {
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
