package handlers

import (
	"net/http"
	"strings"

	"github.com/antchfx/xmlquery"
	"github.com/labstack/echo/v4"
)

var catalog *xmlquery.Node

func FindBook(w http.ResponseWriter, r *http.Request) {
	title := r.URL.Query().Get("title")
	// ruleid: go-xpath-injection
	nodes := xmlquery.Find(catalog, "//book[title='"+title+"']")
	for _, n := range nodes {
		w.Write([]byte(n.SelectAttr("id")))
	}

	// ok: go-xpath-injection
	all := xmlquery.Find(catalog, "//book")
	for _, n := range all {
		if n.SelectElement("title").InnerText() == title {
			w.Write([]byte(n.SelectAttr("id")))
		}
	}
}

func Login(c echo.Context) error {
	user := c.FormValue("user")
	pass := c.FormValue("pass")
	// ruleid: go-xpath-injection
	n := xmlquery.FindOne(catalog, "//user[name='"+user+"' and password='"+pass+"']")
	if n == nil {
		return c.NoContent(http.StatusUnauthorized)
	}
	// ok: go-xpath-injection
	n2 := xmlquery.FindOne(catalog, "//user[@role='"+strings.ToLower("ADMIN")+"']")
	_ = n2
	return c.NoContent(http.StatusOK)
}
