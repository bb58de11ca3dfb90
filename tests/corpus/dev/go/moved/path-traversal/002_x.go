package themes

import (
	"archive/zip"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
)

const maxThemeArchive = 20 << 20 // 20 MiB

type ThemeImporter struct {
	ThemesRoot string
}

// Import accepts a zipped theme (templates, css, images) and unpacks it into
// a fresh directory under the themes root.
func (t *ThemeImporter) Import(c echo.Context) error {
	c.Request().Body = http.MaxBytesReader(c.Response(), c.Request().Body, maxThemeArchive)

	fh, err := c.FormFile("theme")
	if err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, "theme archive is required")
	}
	if !strings.EqualFold(filepath.Ext(fh.Filename), ".zip") {
		return echo.NewHTTPError(http.StatusBadRequest, "theme must be a .zip file")
	}

	src, err := fh.Open()
	if err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, "could not read upload")
	}
	defer src.Close()

	zr, err := zip.NewReader(src, fh.Size)
	if err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, "not a valid zip archive")
	}

	themeID := uuid.NewString()
	dest := filepath.Join(t.ThemesRoot, themeID)
	if err := os.MkdirAll(dest, 0o750); err != nil {
		return err
	}

	for _, f := range zr.File {
		if err := extractEntry(dest, f); err != nil {
			_ = os.RemoveAll(dest)
			c.Logger().Errorf("theme import %s: %v", themeID, err)
			return echo.NewHTTPError(http.StatusUnprocessableEntity, "theme archive could not be unpacked")
		}
	}
	return c.JSON(http.StatusCreated, map[string]string{"id": themeID})
}

func extractEntry(dest string, f *zip.File) error {
	target := filepath.Join(dest, f.Name)

	if f.FileInfo().IsDir() {
		return os.MkdirAll(target, 0o750)
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o750); err != nil {
		return err
	}

	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()

	out, err := os.OpenFile(target, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o640)
	if err != nil {
		return err
	}
	defer out.Close()

	if _, err := io.Copy(out, io.LimitReader(rc, maxThemeArchive)); err != nil {
		return fmt.Errorf("write %s: %w", f.Name, err)
	}
	return nil
}
