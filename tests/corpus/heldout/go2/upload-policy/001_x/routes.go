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

	fh, err := c.FormFile("document")
	if err != nil {
		c.AbortWithStatusJSON(http.StatusBadRequest, gin.H{"error": "document is required"})
		return
	}
	ext := strings.ToLower(filepath.Ext(fh.Filename))
	wantType, ok := permittedTypes[ext]
	if !ok {
		c.AbortWithStatusJSON(http.StatusUnsupportedMediaType, gin.H{"error": "only PNG, JPEG or PDF files"})
		return
	}

	saved, err := h.Store.Save(claimID, fh, ext, wantType)
	if err != nil {
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
