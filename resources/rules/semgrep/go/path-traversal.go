package handlers

import (
	"archive/tar"
	"archive/zip"
	"context"
	"log"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
)

const uploadDir = "/srv/app/uploads"

func Download(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("file")
	// ruleid: go-path-traversal
	f, err := os.Open(filepath.Join(uploadDir, name))
	if err != nil {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	defer f.Close()
	io.Copy(w, f)

	// ok: go-path-traversal
	g, err := os.Open(filepath.Join(uploadDir, filepath.Base(name)))
	if err == nil {
		defer g.Close()
		io.Copy(w, g)
	}
}

func ServeDoc(w http.ResponseWriter, r *http.Request) {
	doc := r.PathValue("doc")
	// ruleid: go-path-traversal
	http.ServeFile(w, r, "/srv/docs/"+doc)

	p := filepath.Join("/srv/docs", doc)
	abs, err := filepath.Abs(p)
	if err != nil || !strings.HasPrefix(abs, "/srv/docs/") {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	// ok: go-path-traversal
	http.ServeFile(w, r, abs)
}

func ReadNote(w http.ResponseWriter, r *http.Request) {
	name := r.FormValue("note")
	// ruleid: go-path-traversal
	data, _ := os.ReadFile("notes/" + name)
	w.Write(data)

	if !filepath.IsLocal(name) {
		http.Error(w, "bad name", http.StatusBadRequest)
		return
	}
	// ok: go-path-traversal
	data2, _ := os.ReadFile(filepath.Join("notes", name))
	w.Write(data2)
}

func GinAvatar(c *gin.Context) {
	user := c.Param("user")
	// ruleid: go-path-traversal
	c.File("/var/avatars/" + user + ".png")

	// ok: go-path-traversal
	c.File("/var/avatars/default.png")
}

func GinUpload(c *gin.Context) {
	file, err := c.FormFile("file")
	if err != nil {
		c.String(http.StatusBadRequest, "no file")
		return
	}
	// ok: go-path-traversal
	c.SaveUploadedFile(file, filepath.Join(uploadDir, file.Filename))

	dir := c.PostForm("dir")
	// ruleid: go-path-traversal
	c.SaveUploadedFile(file, filepath.Join(uploadDir, dir, "upload.bin"))
}

func EchoExport(c echo.Context) error {
	name := c.QueryParam("name")
	// ruleid: go-path-traversal
	return c.Attachment(filepath.Join("/srv/exports", name), "export.csv")
}

func EchoExportSafe(c echo.Context) error {
	name := c.QueryParam("name")
	clean := filepath.Join("/srv/exports", filepath.Clean("/"+name))
	// ok: go-path-traversal
	return c.Attachment(clean, "export.csv")
}

func DeleteTemp(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	if strings.Contains(name, "..") {
		http.Error(w, "bad name", http.StatusBadRequest)
		return
	}
	// ok: go-path-traversal
	os.Remove(filepath.Join(os.TempDir(), name))
}

type reportStore interface {
	ReportPath(ctx context.Context, id string) (string, error)
}

type Reports struct {
	store reportStore
	log   *log.Logger
}

func (rp *Reports) Export(w http.ResponseWriter, r *http.Request) {
	// the stored path comes from the database, looked up by the request's id
	p, err := rp.store.ReportPath(r.Context(), r.PathValue("id"))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	// ok: go-path-traversal
	data, _ := os.ReadFile(p)
	w.Write(data)
}

func (rp *Reports) Template(w http.ResponseWriter, r *http.Request) {
	tpl := r.URL.Query().Get("tpl")
	if strings.Contains(tpl, "..") {
		// only logged, the request goes on
		rp.log.Printf("odd template name %q", tpl)
	}
	// ruleid: go-path-traversal
	data, _ := os.ReadFile(filepath.Join("/srv/templates", tpl))
	w.Write(data)
}

func validFileName(s string) bool {
	return s != "" && !strings.ContainsAny(s, `/\`) && !strings.Contains(s, "..")
}

func (rp *Reports) Logo(w http.ResponseWriter, r *http.Request) {
	logo := r.FormValue("logo")
	if !validFileName(logo) {
		http.Error(w, "bad logo", http.StatusBadRequest)
		return
	}
	// A guard in a helper: the rules do not read helper bodies, and names are not trusted.
	// todook: go-path-traversal
	http.ServeFile(w, r, filepath.Join("/srv/logos", logo))
}

func (rp *Reports) Sheet(w http.ResponseWriter, r *http.Request) {
	sheet := r.FormValue("sheet")
	if !filepath.IsLocal(sheet) {
		rp.log.Printf("non-local sheet %q", sheet)
	}
	// ruleid: go-path-traversal
	http.ServeFile(w, r, filepath.Join("/srv/sheets", sheet))
}

func unpackPlugin(root string, zf *zip.File) error {
	dst := filepath.Join(root, zf.Name)
	rc, err := zf.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	// ruleid: go-path-traversal-archive-entry
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	defer out.Close()
	_, err = io.Copy(out, rc)
	return err
}

func unpackPluginChecked(root string, zf *zip.File) error {
	dst := filepath.Join(root, zf.Name)
	if !strings.HasPrefix(dst, filepath.Clean(root)+string(os.PathSeparator)) {
		return os.ErrPermission
	}
	// ok: go-path-traversal-archive-entry
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	return out.Close()
}

func unpackAllRelChecked(archive, root string) error {
	zr, err := zip.OpenReader(archive)
	if err != nil {
		return err
	}
	defer zr.Close()
	for _, e := range zr.File {
		dst := filepath.Join(root, e.Name)
		rel, err := filepath.Rel(root, dst)
		if err != nil || strings.HasPrefix(rel, ".."+string(os.PathSeparator)) || rel == ".." {
			return os.ErrPermission
		}
		// ok: go-path-traversal-archive-entry
		if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
			return err
		}
	}
	return nil
}

func unpackAllUnchecked(archive, root string) error {
	zr, err := zip.OpenReader(archive)
	if err != nil {
		return err
	}
	defer zr.Close()
	for _, e := range zr.File {
		dst := filepath.Join(root, e.Name)
		// ruleid: go-path-traversal-archive-entry
		if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
			return err
		}
	}
	return nil
}

func untar(r io.Reader, root string) error {
	tr := tar.NewReader(r)
	for {
		hdr, err := tr.Next()
		if err != nil {
			return err
		}
		// ruleid: go-path-traversal-archive-entry
		f, err := os.OpenFile(filepath.Join(root, hdr.Name), os.O_CREATE|os.O_WRONLY, 0o640)
		if err != nil {
			return err
		}
		f.Close()
	}
}

func untarBaseOnly(r io.Reader, root string) error {
	tr := tar.NewReader(r)
	for {
		hdr, err := tr.Next()
		if err != nil {
			return err
		}
		// ok: go-path-traversal-archive-entry
		f, err := os.OpenFile(filepath.Join(root, filepath.Base(hdr.Name)), os.O_CREATE|os.O_WRONLY, 0o640)
		if err != nil {
			return err
		}
		f.Close()
	}
}
