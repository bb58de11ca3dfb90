package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/golang-jwt/jwt/v5"
)

var signingKey = []byte(os.Getenv("JWT_SECRET"))

type Claims struct {
	Role string `json:"role"`
	jwt.RegisteredClaims
}

func bearer(r *http.Request) string {
	return strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
}

func RequireAuth(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// ruleid: go-jwt-keyfunc-no-alg-check
		tok, err := jwt.Parse(bearer(r), func(t *jwt.Token) (interface{}, error) {
			return signingKey, nil
		})
		if err != nil || !tok.Valid {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func RequireAuthChecked(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// ok: go-jwt-keyfunc-no-alg-check
		tok, err := jwt.Parse(bearer(r), func(t *jwt.Token) (interface{}, error) {
			if _, ok := t.Method.(*jwt.SigningMethodHMAC); !ok {
				return nil, fmt.Errorf("unexpected signing method: %v", t.Header["alg"])
			}
			return signingKey, nil
		})
		if err != nil || !tok.Valid {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func GinAuth(c *gin.Context) {
	claims := &Claims{}
	// ok: go-jwt-keyfunc-no-alg-check
	_, err := jwt.ParseWithClaims(c.GetHeader("X-Token"), claims, func(t *jwt.Token) (any, error) {
		return signingKey, nil
	}, jwt.WithValidMethods([]string{"HS256"}))
	if err != nil {
		c.AbortWithStatus(http.StatusUnauthorized)
		return
	}
	c.Set("role", claims.Role)
}

func GinAuthLoose(c *gin.Context) {
	claims := &Claims{}
	// ruleid: go-jwt-keyfunc-no-alg-check
	_, err := jwt.ParseWithClaims(c.GetHeader("X-Token"), claims, func(t *jwt.Token) (any, error) {
		return signingKey, nil
	})
	if err != nil {
		c.AbortWithStatus(http.StatusUnauthorized)
		return
	}
	c.Set("role", claims.Role)
}

func RoleFromToken(r *http.Request) (string, error) {
	claims := &Claims{}
	// ruleid: go-jwt-parse-unverified
	_, _, err := jwt.NewParser().ParseUnverified(bearer(r), claims)
	if err != nil {
		return "", err
	}
	return claims.Role, nil
}

func VerifyWithKid(r *http.Request, keys map[string][]byte) (*Claims, error) {
	raw := bearer(r)
	// ok: go-jwt-parse-unverified
	unverified, _, err := jwt.NewParser().ParseUnverified(raw, &Claims{})
	if err != nil {
		return nil, err
	}
	key, ok := keys[unverified.Header["kid"].(string)]
	if !ok {
		return nil, errors.New("unknown kid")
	}
	claims := &Claims{}
	_, err = jwt.ParseWithClaims(raw, claims, func(t *jwt.Token) (any, error) { return key, nil }, jwt.WithValidMethods([]string{"HS256"}))
	return claims, err
}

func VerifyStrict(raw string) (*Claims, error) {
	claims := &Claims{}
	// ok: go-jwt-parse-unverified
	_, err := jwt.ParseWithClaims(raw, claims, func(t *jwt.Token) (any, error) { return signingKey, nil }, jwt.WithValidMethods([]string{"HS256"}))
	return claims, err
}

type tokenClaims struct {
	Sub  string `json:"sub"`
	Role string `json:"role"`
}

func claimsFromBearer(r *http.Request) (*tokenClaims, error) {
	tok := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	segs := strings.Split(tok, ".")
	if len(segs) != 3 {
		return nil, errors.New("malformed token")
	}
	// ruleid: go-jwt-hand-decoded
	raw, err := base64.RawURLEncoding.DecodeString(segs[1])
	if err != nil {
		return nil, err
	}
	var c tokenClaims
	if err := json.Unmarshal(raw, &c); err != nil {
		return nil, err
	}
	return &c, nil
}

type hmacVerifier struct{ key []byte }

func (v *hmacVerifier) claims(tok string) (*tokenClaims, bool) {
	segs := strings.Split(tok, ".")
	if len(segs) != 3 {
		return nil, false
	}
	mac := hmac.New(sha256.New, v.key)
	mac.Write([]byte(segs[0] + "." + segs[1]))
	sig, err := base64.RawURLEncoding.DecodeString(segs[2])
	if err != nil || !hmac.Equal(sig, mac.Sum(nil)) {
		return nil, false
	}
	// ok: go-jwt-hand-decoded
	raw, err := base64.RawURLEncoding.DecodeString(segs[1])
	if err != nil {
		return nil, false
	}
	var c tokenClaims
	if json.Unmarshal(raw, &c) != nil {
		return nil, false
	}
	return &c, true
}
