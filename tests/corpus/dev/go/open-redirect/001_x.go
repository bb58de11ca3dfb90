package web

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

type LoginForm struct {
	Username string `form:"username" binding:"required"`
	Password string `form:"password" binding:"required"`
	ReturnTo string `form:"return_to"`
}

type Authenticator interface {
	Check(username, password string) (userID int64, ok bool)
}

type SessionStarter interface {
	Start(c *gin.Context, userID int64) error
}

type LoginPage struct {
	Auth     Authenticator
	Sessions SessionStarter
}

func (p *LoginPage) Submit(c *gin.Context) {
	var form LoginForm
	if err := c.ShouldBind(&form); err != nil {
		c.HTML(http.StatusBadRequest, "login.html", gin.H{"error": "Please enter your username and password."})
		return
	}

	userID, ok := p.Auth.Check(form.Username, form.Password)
	if !ok {
		c.HTML(http.StatusUnauthorized, "login.html", gin.H{"error": "Wrong username or password."})
		return
	}
	if err := p.Sessions.Start(c, userID); err != nil {
		c.HTML(http.StatusInternalServerError, "login.html", gin.H{"error": "Please try again."})
		return
	}

	// Only send people back to pages on this site.
	next := "/home"
	if strings.HasPrefix(form.ReturnTo, "/") {
		next = form.ReturnTo
	}
	c.Redirect(http.StatusFound, next)
}
