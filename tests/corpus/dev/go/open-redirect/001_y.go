package web

import (
	"net/http"
	"net/url"
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

// returnPath only sends people back to pages on this site.
func returnPath(raw string) string {
	const home = "/home"
	if !strings.HasPrefix(raw, "/") || strings.HasPrefix(raw, "//") || strings.HasPrefix(raw, "/\\") {
		return home
	}
	u, err := url.Parse(raw)
	if err != nil || u.IsAbs() || u.Host != "" {
		return home
	}
	return u.RequestURI()
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

	c.Redirect(http.StatusFound, returnPath(form.ReturnTo))
}
