package docs

import (
	"log/slog"
	"mime"
	"net/http"
	"os"
	"path/filepath"
)

// Attachments serves files that were attached to knowledge-base articles.
type Attachments struct {
	Root string
	Log  *slog.Logger
}

func (a *Attachments) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /kb/attachments", a.serve)
}

func (a *Attachments) serve(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	if name == "" {
		http.Error(w, "name is required", http.StatusBadRequest)
		return
	}
	if !filepath.IsLocal(name) {
		a.Log.Warn("rejected attachment name", "name", name, "remote", r.RemoteAddr)
		http.Error(w, "invalid name", http.StatusBadRequest)
		return
	}

	path := filepath.Join(a.Root, name)
	f, err := os.Open(path)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()

	info, err := f.Stat()
	if err != nil || info.IsDir() {
		http.NotFound(w, r)
		return
	}

	if ct := mime.TypeByExtension(filepath.Ext(name)); ct != "" {
		w.Header().Set("Content-Type", ct)
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Disposition", `attachment; filename="`+filepath.Base(path)+`"`)
	http.ServeContent(w, r, info.Name(), info.ModTime(), f)
}
