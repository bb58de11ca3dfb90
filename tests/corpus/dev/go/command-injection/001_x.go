package media

import (
	"context"
	"fmt"
	"net/http"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
)

type ThumbnailSpec struct {
	Width   int `query:"w"`
	Height  int `query:"h"`
	Quality int `query:"q"`
}

func (s *ThumbnailSpec) valid() bool {
	inRange := func(v, lo, hi int) bool { return v >= lo && v <= hi }
	return inRange(s.Width, 16, 2048) && inRange(s.Height, 16, 2048) && inRange(s.Quality, 30, 95)
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
	spec := ThumbnailSpec{Quality: 82}
	if err := c.Bind(&spec); err != nil || !spec.valid() {
		return echo.NewHTTPError(http.StatusBadRequest, "invalid thumbnail parameters")
	}

	stored, err := h.Images.StoredName(c.Request().Context(), c.Param("id"))
	if err != nil {
		return echo.NewHTTPError(http.StatusNotFound, "image not found")
	}
	src := filepath.Join(h.OriginalsDir, stored)
	dst := filepath.Join(h.CacheDir, fmt.Sprintf("%s_%dx%d.jpg", stored, spec.Width, spec.Height))

	ctx, cancel := context.WithTimeout(c.Request().Context(), 30*time.Second)
	defer cancel()

	geometry := strconv.Itoa(spec.Width) + "x" + strconv.Itoa(spec.Height)
	cmd := exec.CommandContext(ctx, "convert", src, "-resize", geometry, "-quality", strconv.Itoa(spec.Quality), dst)
	if err := cmd.Run(); err != nil {
		c.Logger().Errorf("convert %s: %v", stored, err)
		return echo.NewHTTPError(http.StatusInternalServerError, "thumbnail failed")
	}
	return c.File(dst)
}
