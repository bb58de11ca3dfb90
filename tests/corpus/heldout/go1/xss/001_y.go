package web

import (
	"net/http"
	"strings"
	"text/template"

	"github.com/go-chi/chi/v5"
)

var searchPage = template.Must(template.New("search").Parse(`<!doctype html>
<html>
<head><title>Help centre search</title></head>
<body>
  <form action="/help/search" method="get">
    <input name="q" value="{{.Query}}">
    <button>Search</button>
  </form>
  {{if .Results}}
  <ul>
    {{range .Results}}<li><a href="/help/articles/{{.Slug}}">{{.Title}}</a></li>{{end}}
  </ul>
  {{else}}
  <p>No articles matched <strong>{{.Query}}</strong>.</p>
  {{end}}
</body>
</html>`))

type Article struct {
	Slug  string
	Title string
}

type ArticleIndex interface {
	Search(q string, limit int) []Article
}

type HelpCentre struct {
	Index ArticleIndex
}

func (h *HelpCentre) Routes(r chi.Router) {
	r.Get("/help/search", h.search)
}

func (h *HelpCentre) search(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))

	data := struct {
		Query   string
		Results []Article
	}{Query: q}
	if q != "" {
		data.Results = h.Index.Search(q, 20)
	}

	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := searchPage.Execute(w, data); err != nil {
		http.Error(w, "render error", http.StatusInternalServerError)
	}
}
