package handlers

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
)

func LoginDone(w http.ResponseWriter, r *http.Request) {
	next := r.URL.Query().Get("next")
	// ruleid: go-open-redirect
	http.Redirect(w, r, next, http.StatusFound)
}

func LoginDoneSafe(w http.ResponseWriter, r *http.Request) {
	next := r.URL.Query().Get("next")
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		next = "/"
	}
	// ok: go-open-redirect
	http.Redirect(w, r, next, http.StatusFound)
}

func LogoutDone(w http.ResponseWriter, r *http.Request) {
	ret := r.FormValue("return_to")
	u, err := url.Parse(ret)
	if err != nil || u.IsAbs() || u.Host != "" {
		http.Redirect(w, r, "/", http.StatusFound)
		return
	}
	// ok: go-open-redirect
	http.Redirect(w, r, u.String(), http.StatusFound)
}

func GinGo(c *gin.Context) {
	dest := c.Query("to")
	// ruleid: go-open-redirect
	c.Redirect(http.StatusFound, dest)
}

func GinProfile(c *gin.Context) {
	tab := c.Query("tab")
	// ok: go-open-redirect
	c.Redirect(http.StatusFound, "/profile?tab="+url.QueryEscape(tab))
}

func EchoBack(c echo.Context) error {
	target := c.FormValue("redirect")
	// ruleid: go-open-redirect
	return c.Redirect(http.StatusSeeOther, target)
}

var destinations = map[string]string{
	"docs":    "https://docs.example.com/",
	"billing": "/account/billing",
}

func EchoJump(c echo.Context) error {
	dest, ok := destinations[c.QueryParam("dest")]
	if !ok {
		dest = "/"
	}
	// ok: go-open-redirect
	return c.Redirect(http.StatusSeeOther, dest)
}

func HeaderRedirect(w http.ResponseWriter, r *http.Request) {
	loc := r.Header.Get("X-Return-To")
	// ruleid: go-open-redirect
	w.Header().Set("Location", loc)
	w.WriteHeader(http.StatusFound)
}

func AfterLogin(w http.ResponseWriter, r *http.Request) {
	// ok: go-open-redirect
	http.Redirect(w, r, localTarget(r.FormValue("next")), http.StatusSeeOther)
}

func AfterLogout(w http.ResponseWriter, r *http.Request) {
	// ruleid: go-open-redirect
	http.Redirect(w, r, trimTarget(r.FormValue("next")), http.StatusSeeOther)
}

// localTarget keeps only same-site paths.
func localTarget(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.IsAbs() || u.Host != "" || strings.HasPrefix(raw, "//") {
		return "/"
	}
	return u.RequestURI()
}

// trimTarget only tidies the value; it does not check where it points.
func trimTarget(raw string) string {
	return strings.TrimSpace(raw)
}
