package login

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

const rememberFor = 30 * 24 * time.Hour

type TokenIssuer interface {
	IssueRefresh(userID int64, ttl time.Duration) (string, error)
}

type UserAuth interface {
	Authenticate(email, password string) (int64, error)
}

type Controller struct {
	Users  UserAuth
	Tokens TokenIssuer
	Domain string
}

type loginBody struct {
	Email      string `json:"email" binding:"required"`
	Password   string `json:"password" binding:"required"`
	RememberMe bool   `json:"remember_me"`
}

// Login checks the credentials and sets the refresh-token cookie that the web
// app uses to obtain short-lived access tokens.
func (ctl *Controller) Login(c *gin.Context) {
	var body loginBody
	if err := c.ShouldBindJSON(&body); err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": "email and password are required"})
		return
	}

	userID, err := ctl.Users.Authenticate(body.Email, body.Password)
	if err != nil {
		c.JSON(http.StatusUnauthorized, gin.H{"error": "wrong email or password"})
		return
	}

	ttl := 12 * time.Hour
	if body.RememberMe {
		ttl = rememberFor
	}
	refresh, err := ctl.Tokens.IssueRefresh(userID, ttl)
	if err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": "please try again"})
		return
	}

	c.SetCookie("refresh_token", refresh, int(ttl.Seconds()), "/auth", ctl.Domain, false, false)
	c.JSON(http.StatusOK, gin.H{"user_id": userID})
}
