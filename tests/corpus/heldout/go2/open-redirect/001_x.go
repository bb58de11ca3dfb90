package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"
)

type Authenticator interface {
	Verify(username, password string) (userID string, ok bool)
}

type SessionManager interface {
	Start(c *gin.Context, userID string) error
	Destroy(c *gin.Context)
}

type LoginController struct {
	Auth     Authenticator
	Sessions SessionManager
}

const homePage = "/app/home"

func (lc *LoginController) Register(r *gin.Engine) {
	r.GET("/login", lc.showLogin)
	r.POST("/login", lc.submitLogin)
	r.POST("/logout", lc.logout)
}

// localRedirectTarget returns where to send the user after signing in,
// falling back to the home page when no usable target was supplied.
func localRedirectTarget(next string) string {
	next = strings.TrimSpace(next)
	if next == "" {
		return homePage
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return homePage
	}
	// Browsers treat "//host" and "/\host" as links to another site.
	if !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") || strings.ContainsAny(next, "\\\r\n\t") {
		return homePage
	}
	return (&url.URL{Path: u.Path, RawQuery: u.RawQuery}).String()
}

func (lc *LoginController) showLogin(c *gin.Context) {
	c.HTML(http.StatusOK, "login.tmpl", gin.H{
		"next": c.Query("next"),
	})
}

func (lc *LoginController) submitLogin(c *gin.Context) {
	username := c.PostForm("username")
	password := c.PostForm("password")
	target := localRedirectTarget(c.PostForm("next"))

	userID, ok := lc.Auth.Verify(username, password)
	if !ok {
		c.HTML(http.StatusUnauthorized, "login.tmpl", gin.H{
			"next":  c.PostForm("next"),
			"error": "Wrong username or password.",
		})
		return
	}
	if err := lc.Sessions.Start(c, userID); err != nil {
		c.HTML(http.StatusInternalServerError, "login.tmpl", gin.H{"error": "Please try again."})
		return
	}
	c.Redirect(http.StatusSeeOther, target)
}

func (lc *LoginController) logout(c *gin.Context) {
	lc.Sessions.Destroy(c)
	c.Redirect(http.StatusSeeOther, "/login")
}
