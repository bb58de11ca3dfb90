package handlers

import (
	"net/url"
	"strings"
	"fmt"
	"html"
	"html/template"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
)

var page = template.Must(template.New("p").Parse(`<p>{{.Msg}}</p>`))

func Greet(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	// ruleid: go-xss
	fmt.Fprintf(w, "<h1>Hello, %s</h1>", name)

	// ok: go-xss
	fmt.Fprintf(w, "<h1>Hello, %s</h1>", html.EscapeString(name))
}

func Echoed(w http.ResponseWriter, r *http.Request) {
	q := r.FormValue("q")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	// ruleid: go-xss
	w.Write([]byte("<div>Results for " + q + "</div>"))
}

func EchoedPlain(w http.ResponseWriter, r *http.Request) {
	q := r.FormValue("q")
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	// ok: go-xss
	w.Write([]byte("Results for " + q))
}

func Rendered(w http.ResponseWriter, r *http.Request) {
	msg := r.URL.Query().Get("msg")
	// ruleid: go-xss
	page.Execute(w, struct{ Msg template.HTML }{Msg: template.HTML(msg)})

	// ok: go-xss
	page.Execute(w, struct{ Msg string }{Msg: msg})
}

func GinBanner(c *gin.Context) {
	title := c.Query("title")
	// ruleid: go-xss
	c.Data(http.StatusOK, "text/html; charset=utf-8", []byte("<h2>"+title+"</h2>"))

	// ok: go-xss
	c.String(http.StatusOK, "title: %s", title)

	// ok: go-xss
	c.JSON(http.StatusOK, gin.H{"title": title})
}

func EchoComment(c echo.Context) error {
	body := c.FormValue("comment")
	// ruleid: go-xss
	return c.HTML(http.StatusOK, "<div class=\"comment\">"+body+"</div>")
}

func EchoCommentSafe(c echo.Context) error {
	body := c.FormValue("comment")
	// ok: go-xss
	return c.HTML(http.StatusOK, "<div class=\"comment\">"+html.EscapeString(body)+"</div>")
}

func EchoLinkCard(c echo.Context) error {
	home := c.FormValue("homepage")
	var b strings.Builder
	// ruleid: go-xss-url-attribute
	fmt.Fprintf(&b, `<a class="home" href="%s">%s</a>`, html.EscapeString(home), html.EscapeString(home))
	return c.HTML(http.StatusOK, b.String())
}

func EchoLinkCardChecked(c echo.Context) error {
	home := c.FormValue("homepage")
	u, err := url.Parse(home)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") {
		return echo.NewHTTPError(http.StatusBadRequest, "bad homepage")
	}
	var b strings.Builder
	// ok: go-xss-url-attribute
	fmt.Fprintf(&b, `<a class="home" href="%s">home</a>`, html.EscapeString(u.String()))
	return c.HTML(http.StatusOK, b.String())
}
