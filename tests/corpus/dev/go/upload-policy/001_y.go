package tickets

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
)

var attachmentExts = []string{".png", ".jpg", ".jpeg", ".txt", ".log"}

// sniffedTypes is what http.DetectContentType must report for each extension.
var sniffedTypes = map[string]string{
	".png":  "image/png",
	".jpg":  "image/jpeg",
	".jpeg": "image/jpeg",
	".txt":  "text/plain; charset=utf-8",
	".log":  "text/plain; charset=utf-8",
}

const maxAttachmentBytes = 5 << 20 // 5 MiB

type AttachmentMeta struct {
	ID       string `json:"id"`
	TicketID string `json:"ticket_id"`
	Name     string `json:"name"`
	Size     int64  `json:"size"`
}

type AttachmentIndex interface {
	Add(ticketID, customerID string, meta AttachmentMeta) error
}

type AttachmentHandler struct {
	StorageDir string
	Index      AttachmentIndex
}

func (h *AttachmentHandler) Register(g *echo.Group) {
	g.POST("/tickets/:ticket/attachments", h.Upload)
}

// Upload stores a file attached by the customer to one of their tickets.
func (h *AttachmentHandler) Upload(c echo.Context) error {
	req := c.Request()
	req.Body = http.MaxBytesReader(c.Response(), req.Body, maxAttachmentBytes+64<<10)

	fh, err := c.FormFile("file")
	if err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, "file is required (max 5 MB)")
	}
	if fh.Size > maxAttachmentBytes {
		return echo.NewHTTPError(http.StatusRequestEntityTooLarge, "attachments can be at most 5 MB")
	}

	ext := strings.ToLower(filepath.Ext(fh.Filename))
	if !slices.Contains(attachmentExts, ext) {
		return echo.NewHTTPError(http.StatusUnsupportedMediaType, "only screenshots and log files can be attached")
	}

	src, err := fh.Open()
	if err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, "could not read the file")
	}
	defer src.Close()

	head := make([]byte, 512)
	n, _ := io.ReadFull(src, head)
	if http.DetectContentType(head[:n]) != sniffedTypes[ext] {
		return echo.NewHTTPError(http.StatusUnsupportedMediaType, "file content does not match its extension")
	}
	if _, err := src.Seek(0, io.SeekStart); err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, "could not read the file")
	}

	id := uuid.NewString()
	dst, err := os.Create(filepath.Join(h.StorageDir, id+ext))
	if err != nil {
		return echo.NewHTTPError(http.StatusInternalServerError, "could not store the file")
	}
	defer dst.Close()

	size, err := io.Copy(dst, io.LimitReader(src, maxAttachmentBytes))
	if err != nil {
		_ = os.Remove(dst.Name())
		return echo.NewHTTPError(http.StatusInternalServerError, "could not store the file")
	}

	meta := AttachmentMeta{ID: id, TicketID: c.Param("ticket"), Name: filepath.Base(fh.Filename), Size: size}
	if err := h.Index.Add(meta.TicketID, c.Get("customerID").(string), meta); err != nil {
		_ = os.Remove(dst.Name())
		return echo.NewHTTPError(http.StatusInternalServerError, "could not store the file")
	}
	return c.JSON(http.StatusCreated, meta)
}
