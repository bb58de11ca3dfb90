package main

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/golang-jwt/jwt/v5"
)

type TokenVerifier struct {
	key []byte
}

func NewTokenVerifier(key string) (*TokenVerifier, error) {
	if len(key) < 32 {
		return nil, errors.New("TOKEN_SIGNING_KEY must be at least 32 bytes")
	}
	return &TokenVerifier{key: []byte(key)}, nil
}

func (v *TokenVerifier) Verify(raw string) (string, error) {
	claims := &jwt.RegisteredClaims{}
	_, err := jwt.ParseWithClaims(raw, claims, func(*jwt.Token) (any, error) { return v.key, nil },
		jwt.WithValidMethods([]string{"HS256"}), jwt.WithExpirationRequired())
	if err != nil {
		return "", err
	}
	return claims.Subject, nil
}

// RequireToken rejects requests without a valid bearer token and stores the
// user id for the handlers.
func RequireToken(v *TokenVerifier) gin.HandlerFunc {
	return func(c *gin.Context) {
		raw, ok := strings.CutPrefix(c.GetHeader("Authorization"), "Bearer ")
		if !ok {
			c.AbortWithStatusJSON(http.StatusUnauthorized, gin.H{"error": "authentication required"})
			return
		}
		userID, err := v.Verify(raw)
		if err != nil {
			c.AbortWithStatusJSON(http.StatusUnauthorized, gin.H{"error": "authentication required"})
			return
		}
		c.Set("userID", userID)
		c.Next()
	}
}
