package accounts

import (
	"database/sql"
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
	"golang.org/x/crypto/bcrypt"
)

type Credentials struct {
	Email    string `json:"email" binding:"required,email"`
	Password string `json:"password" binding:"required,min=10,max=72"`
}

type AccountService struct {
	DB *sql.DB
}

const bcryptCost = 12

func (s *AccountService) Register(c *gin.Context) {
	var in Credentials
	if err := c.ShouldBindJSON(&in); err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": "email and a password of 10 to 72 characters are required"})
		return
	}
	email := strings.ToLower(strings.TrimSpace(in.Email))

	hash, err := bcrypt.GenerateFromPassword([]byte(in.Password), bcryptCost)
	if err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": "account could not be created"})
		return
	}

	_, err = s.DB.ExecContext(c.Request.Context(),
		`INSERT INTO accounts (email, password_hash) VALUES ($1, $2)`,
		email, string(hash))
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
	if err := bcrypt.CompareHashAndPassword([]byte(stored), []byte(in.Password)); err != nil {
		return 0, errors.New("invalid credentials")
	}
	return id, nil
}
