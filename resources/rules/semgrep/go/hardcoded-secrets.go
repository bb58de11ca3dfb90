package config

import (
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"net/http"
	"os"

	"github.com/golang-jwt/jwt/v5"
	"github.com/gorilla/sessions"
)

// ruleid: go-hardcoded-secret
const dbPassword = "Sup3rS3cret!"

// ruleid: go-hardcoded-secret
var jwtSecret = []byte("my-jwt-signing-secret")

// ok: go-hardcoded-secret
const passwordField = "password"

// ok: go-hardcoded-secret
const tokenType = "Bearer"

type Config struct {
	APIKey      string
	Password    string
	PasswordEnv string
}

func Load() Config {
	// ok: go-hardcoded-secret
	secret := os.Getenv("API_SECRET")
	_ = secret
	return Config{
		// ruleid: go-hardcoded-secret
		APIKey: "sk_live_51HxQ2eLkd8sX0a",
		// ok: go-hardcoded-secret
		PasswordEnv: "DB_PASSWORD",
		// ok: go-hardcoded-secret
		Password: "",
	}
}

func Open() (*sql.DB, error) {
	// ruleid: go-hardcoded-secret-dsn
	return sql.Open("postgres", "postgres://app:hunter22@db.internal:5432/app?sslmode=disable")
}

func OpenMySQL() (*sql.DB, error) {
	// ruleid: go-hardcoded-secret-dsn
	return sql.Open("mysql", "root:changeme@tcp(127.0.0.1:3306)/shop")
}

func OpenFromEnv() (*sql.DB, error) {
	// ok: go-hardcoded-secret-dsn
	return sql.Open("postgres", os.Getenv("DATABASE_URL"))
}

func OpenNoPassword() (*sql.DB, error) {
	// ok: go-hardcoded-secret-dsn
	return sql.Open("postgres", "postgres://localhost:5432/app?sslmode=disable")
}

func CallPartner(req *http.Request) {
	// ruleid: go-hardcoded-secret-call
	req.SetBasicAuth("partner", "p4ssw0rd-2024")
	// ok: go-hardcoded-secret-call
	req.SetBasicAuth("partner", os.Getenv("PARTNER_PASSWORD"))
}

func Sign(claims jwt.MapClaims) (string, error) {
	tok := jwt.NewWithClaims(jwt.SigningMethodHS256, claims)
	// ruleid: go-hardcoded-secret-call
	return tok.SignedString([]byte("dev-secret-key"))
}

func SignEnv(claims jwt.MapClaims) (string, error) {
	tok := jwt.NewWithClaims(jwt.SigningMethodHS256, claims)
	// ok: go-hardcoded-secret-call
	return tok.SignedString([]byte(os.Getenv("JWT_SECRET")))
}

func Store() *sessions.CookieStore {
	// ruleid: go-hardcoded-secret-call
	return sessions.NewCookieStore([]byte("session-auth-key-1234"))
}

func Mac(msg []byte) []byte {
	// ok: go-hardcoded-secret-call
	m := hmac.New(sha256.New, []byte(os.Getenv("HMAC_KEY")))
	m.Write(msg)
	return m.Sum(nil)
}
