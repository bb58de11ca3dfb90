package attachments

import (
	"errors"
	"log/slog"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
)

type Handler struct {
	Store  *Store
	Claims ClaimOwnership
	Log    *slog.Logger
}

type ClaimOwnership interface {
	Owns(userID, claimID int64) bool
}

// maxAttachmentBytes is the largest attachment accepted (8 MiB).
const maxAttachmentBytes = 8 << 20

var permittedTypes = map[string]string{
	".png":  "image/png",
	".jpg":  "image/jpeg",
	".jpeg": "image/jpeg",
	".pdf":  "application/pdf",
}

func (h *Handler) Register(api *gin.RouterGroup) {
	api.POST("/claims/:claimID/attachments", h.upload)
}

func (h *Handler) upload(c *gin.Context) {
	claimID, err := strconv.ParseInt(c.Param("claimID"), 10, 64)
	if err != nil {
		c.AbortWithStatusJSON(http.StatusBadRequest, gin.H{"error": "invalid claim id"})
		return
	}
	userID := c.GetInt64("userID")
	if !h.Claims.Owns(userID, claimID) {
		c.AbortWithStatusJSON(http.StatusNotFound, gin.H{"error": "claim not found"})
		return
	}

	// Leave some room for the multipart envelope around the file itself.
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxAttachmentBytes+64<<10)
	fh, err := c.FormFile("document")
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			c.AbortWithStatusJSON(http.StatusRequestEntityTooLarge, gin.H{"error": "file is larger than 8 MiB"})
			return
		}
		c.AbortWithStatusJSON(http.StatusBadRequest, gin.H{"error": "document is required"})
		return
	}
	if fh.Size > maxAttachmentBytes {
		c.AbortWithStatusJSON(http.StatusRequestEntityTooLarge, gin.H{"error": "file is larger than 8 MiB"})
		return
	}
	ext := strings.ToLower(filepath.Ext(fh.Filename))
	wantType, ok := permittedTypes[ext]
	if !ok {
		c.AbortWithStatusJSON(http.StatusUnsupportedMediaType, gin.H{"error": "only PNG, JPEG or PDF files"})
		return
	}

	saved, err := h.Store.Save(claimID, fh, ext, wantType, maxAttachmentBytes)
	if err != nil {
		if errors.Is(err, ErrTooLarge) {
			c.AbortWithStatusJSON(http.StatusRequestEntityTooLarge, gin.H{"error": "file is larger than 8 MiB"})
			return
		}
		if errors.Is(err, ErrContentMismatch) {
			c.AbortWithStatusJSON(http.StatusUnsupportedMediaType, gin.H{"error": "file content does not match its type"})
			return
		}
		h.Log.Error("save attachment", "claim", claimID, "err", err)
		c.AbortWithStatusJSON(http.StatusInternalServerError, gin.H{"error": "could not store file"})
		return
	}
	c.JSON(http.StatusCreated, saved)
}
