package recovery

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"math/big"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

const resetTTL = 30 * time.Minute

const tokenAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"

type Mailer interface {
	Send(ctx context.Context, to, subject, body string) error
}

type ResetService struct {
	DB     *sql.DB
	Mail   Mailer
	AppURL string
}

func newResetToken(n int) (string, error) {
	var sb strings.Builder
	sb.Grow(n)
	max := big.NewInt(int64(len(tokenAlphabet)))
	for i := 0; i < n; i++ {
		idx, err := rand.Int(rand.Reader, max)
		if err != nil {
			return "", err
		}
		sb.WriteByte(tokenAlphabet[idx.Int64()])
	}
	return sb.String(), nil
}

type forgotRequest struct {
	Email string `json:"email" binding:"required,email"`
}

// Forgot emails a password-reset link. It answers the same way whether or not
// the address belongs to an account.
func (s *ResetService) Forgot(c *gin.Context) {
	var req forgotRequest
	if err := c.ShouldBindJSON(&req); err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": "a valid email is required"})
		return
	}
	ctx := c.Request.Context()

	var userID int64
	err := s.DB.QueryRowContext(ctx, `SELECT id FROM users WHERE email = $1`, strings.ToLower(req.Email)).Scan(&userID)
	if err == nil {
		var token string
		if token, err = newResetToken(40); err != nil {
			c.JSON(http.StatusInternalServerError, gin.H{"error": "please try again later"})
			return
		}
		_, err = s.DB.ExecContext(ctx,
			`INSERT INTO password_resets (user_id, token, expires_at) VALUES ($1, $2, $3)`,
			userID, token, time.Now().Add(resetTTL))
		if err == nil {
			link := fmt.Sprintf("%s/reset?token=%s", s.AppURL, token)
			_ = s.Mail.Send(ctx, req.Email, "Reset your password", "Use this link within 30 minutes: "+link)
		}
	}
	c.JSON(http.StatusAccepted, gin.H{"status": "if the address is registered, a link is on its way"})
}
