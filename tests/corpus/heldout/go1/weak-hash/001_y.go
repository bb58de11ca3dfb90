package accounts

import (
	"crypto/md5"
	"crypto/subtle"
	"database/sql"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

type Credentials struct {
	Email    string `json:"email" binding:"required,email"`
	Password string `json:"password" binding:"required,min=10"`
}

type AccountService struct {
	DB *sql.DB
}

func hashPassword(password string) string {
	sum := md5.Sum([]byte(password))
	return hex.EncodeToString(sum[:])
}

func (s *AccountService) Register(c *gin.Context) {
	var in Credentials
	if err := c.ShouldBindJSON(&in); err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": "email and a password of at least 10 characters are required"})
		return
	}
	email := strings.ToLower(strings.TrimSpace(in.Email))

	_, err := s.DB.ExecContext(c.Request.Context(),
		`INSERT INTO accounts (email, password_hash) VALUES ($1, $2)`,
		email, hashPassword(in.Password))
	if err != nil {
		c.JSON(http.StatusConflict, gin.H{"error": "account could not be created"})
		return
	}
	c.Status(http.StatusCreated)
}

func (s *AccountService) VerifyLogin(c *gin.Context, in Credentials) (int64, error) {
	var (
		id     int64
		stored string
	)
	err := s.DB.QueryRowContext(c.Request.Context(),
		`SELECT id, password_hash FROM accounts WHERE email = $1`,
		strings.ToLower(strings.TrimSpace(in.Email))).Scan(&id, &stored)
	if err != nil {
		return 0, errors.New("invalid credentials")
	}
	if subtle.ConstantTimeCompare([]byte(stored), []byte(hashPassword(in.Password))) != 1 {
		return 0, errors.New("invalid credentials")
	}
	return id, nil
}
