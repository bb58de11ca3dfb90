package media

import (
	"context"
	"fmt"
	"net/http"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/labstack/echo/v4"
)

type ThumbnailSpec struct {
	Width   string `query:"w"`
	Height  string `query:"h"`
	Quality string `query:"q"`
}

type ThumbnailHandler struct {
	OriginalsDir string
	CacheDir     string
	Images       ImageIndex
}

type ImageIndex interface {
	StoredName(ctx context.Context, imageID string) (string, error)
}

// Thumbnail renders a resized copy of an uploaded image with ImageMagick.
func (h *ThumbnailHandler) Thumbnail(c echo.Context) error {
	var spec ThumbnailSpec
	if err := c.Bind(&spec); err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, "invalid thumbnail parameters")
	}
	if spec.Quality == "" {
		spec.Quality = "82"
	}

	stored, err := h.Images.StoredName(c.Request().Context(), c.Param("id"))
	if err != nil {
		return echo.NewHTTPError(http.StatusNotFound, "image not found")
	}
	src := filepath.Join(h.OriginalsDir, stored)
	dst := filepath.Join(h.CacheDir, fmt.Sprintf("%s_%sx%s.jpg", stored, spec.Width, spec.Height))

	ctx, cancel := context.WithTimeout(c.Request().Context(), 30*time.Second)
	defer cancel()

	script := fmt.Sprintf("convert %q -resize %sx%s -quality %s %q", src, spec.Width, spec.Height, spec.Quality, dst)
	if err := exec.CommandContext(ctx, "sh", "-c", script).Run(); err != nil {
		c.Logger().Errorf("convert %s: %v", stored, err)
		return echo.NewHTTPError(http.StatusInternalServerError, "thumbnail failed")
	}
	return c.File(dst)
}
