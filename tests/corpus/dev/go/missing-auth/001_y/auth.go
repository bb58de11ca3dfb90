package api

import (
	"context"
	"net/http"
	"strings"
)

type employerKey struct{}

type TokenValidator interface {
	Validate(ctx context.Context, token string) (employerID string, err error)
}

type Auth struct {
	Tokens TokenValidator
	SignIn http.HandlerFunc
}

// Middleware only lets requests with a valid bearer token through.
func (a *Auth) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || token == "" {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		employerID, err := a.Tokens.Validate(r.Context(), token)
		if err != nil {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		ctx := context.WithValue(r.Context(), employerKey{}, employerID)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func EmployerID(ctx context.Context) string {
	id, _ := ctx.Value(employerKey{}).(string)
	return id
}
