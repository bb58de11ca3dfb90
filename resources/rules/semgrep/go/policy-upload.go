package uploads

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
)

var imageExts = map[string]bool{".png": true, ".jpg": true, ".gif": true}

const maxAvatar = 2 << 20

func Avatar(w http.ResponseWriter, r *http.Request) {
	file, header, err := r.FormFile("avatar")
	if err != nil {
		http.Error(w, "no file", http.StatusBadRequest)
		return
	}
	defer file.Close()
	ext := strings.ToLower(filepath.Ext(header.Filename))
	if !imageExts[ext] {
		http.Error(w, "bad type", http.StatusUnsupportedMediaType)
		return
	}
	out, err := os.Create(filepath.Join("/var/avatars", uuid.NewString()+ext))
	if err != nil {
		return
	}
	defer out.Close()
	// ruleid: go-upload-no-size-limit
	io.Copy(out, file)
}

func AvatarLimited(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxAvatar)
	file, header, err := r.FormFile("avatar")
	if err != nil {
		http.Error(w, "no file or too large", http.StatusBadRequest)
		return
	}
	defer file.Close()
	ext := strings.ToLower(filepath.Ext(header.Filename))
	if !imageExts[ext] {
		http.Error(w, "bad type", http.StatusUnsupportedMediaType)
		return
	}
	out, err := os.Create(filepath.Join("/var/avatars", uuid.NewString()+ext))
	if err != nil {
		return
	}
	defer out.Close()
	// ok: go-upload-no-size-limit
	io.Copy(out, file)
}

func GinDocument(c *gin.Context) {
	fh, err := c.FormFile("doc")
	if err != nil {
		c.Status(http.StatusBadRequest)
		return
	}
	if fh.Size > maxAvatar {
		c.Status(http.StatusRequestEntityTooLarge)
		return
	}
	// ruleid: go-upload-no-type-check
	c.SaveUploadedFile(fh, filepath.Join("/srv/docs", uuid.NewString()))
}

func EchoScreenshot(c echo.Context) error {
	fh, err := c.FormFile("shot")
	if err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, "no file")
	}
	if fh.Size > maxAvatar {
		return echo.NewHTTPError(http.StatusRequestEntityTooLarge, "too large")
	}
	src, err := fh.Open()
	if err != nil {
		return err
	}
	defer src.Close()
	head := make([]byte, 512)
	n, _ := io.ReadFull(src, head)
	if http.DetectContentType(head[:n]) != "image/png" {
		return echo.NewHTTPError(http.StatusUnsupportedMediaType, "png only")
	}
	src.Seek(0, io.SeekStart)
	dst, err := os.Create(filepath.Join("/srv/shots", uuid.NewString()+".png"))
	if err != nil {
		return err
	}
	defer dst.Close()
	// ok: go-upload-no-type-check
	// ok: go-upload-no-size-limit
	_, err = io.Copy(dst, src)
	return err
}

// the extension is only carried over into the stored name, never checked
func GinAttachmentKeepsExt(c *gin.Context) {
	fh, err := c.FormFile("attachment")
	if err != nil || fh.Size > maxAvatar {
		c.Status(http.StatusBadRequest)
		return
	}
	name := uuid.NewString() + strings.ToLower(filepath.Ext(fh.Filename))
	// ruleid: go-upload-no-type-check
	c.SaveUploadedFile(fh, filepath.Join("/srv/attachments", name))
}

var attachmentExts = map[string]bool{".pdf": true, ".png": true}

// the extension is looked up in an allow-list and rejected when absent
func GinAttachmentAllowList(c *gin.Context) {
	fh, err := c.FormFile("attachment")
	if err != nil || fh.Size > maxAvatar {
		c.Status(http.StatusBadRequest)
		return
	}
	suffix := strings.ToLower(filepath.Ext(fh.Filename))
	if !attachmentExts[suffix] {
		c.Status(http.StatusUnsupportedMediaType)
		return
	}
	// ok: go-upload-no-type-check
	c.SaveUploadedFile(fh, filepath.Join("/srv/attachments", uuid.NewString()+suffix))
}

// the extension compared directly
func GinAttachmentOnlyPDF(c *gin.Context) {
	fh, err := c.FormFile("attachment")
	if err != nil || fh.Size > maxAvatar {
		c.Status(http.StatusBadRequest)
		return
	}
	if strings.ToLower(filepath.Ext(fh.Filename)) != ".pdf" {
		c.Status(http.StatusUnsupportedMediaType)
		return
	}
	// ok: go-upload-no-type-check
	c.SaveUploadedFile(fh, filepath.Join("/srv/attachments", uuid.NewString()+".pdf"))
}
