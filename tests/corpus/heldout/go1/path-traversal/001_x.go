package reports

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/gin-gonic/gin"
)

type ReportsController struct {
	ExportDir string
}

func NewReportsController() *ReportsController {
	dir := os.Getenv("REPORT_EXPORT_DIR")
	if dir == "" {
		dir = "/var/lib/finance/exports"
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		panic(err)
	}
	return &ReportsController{ExportDir: abs}
}

func (rc *ReportsController) Mount(g *gin.RouterGroup) {
	g.GET("/reports/download", rc.Download)
}

// Download streams a previously generated CSV export to the browser.
func (rc *ReportsController) Download(c *gin.Context) {
	name := c.Query("file")
	if name == "" {
		c.JSON(http.StatusBadRequest, gin.H{"error": "file is required"})
		return
	}

	fullPath := filepath.Clean(filepath.Join(rc.ExportDir, name))
	if !strings.HasPrefix(fullPath, rc.ExportDir+string(os.PathSeparator)) {
		c.JSON(http.StatusBadRequest, gin.H{"error": "invalid file name"})
		return
	}

	info, err := os.Stat(fullPath)
	if err != nil || info.IsDir() {
		c.JSON(http.StatusNotFound, gin.H{"error": "report not found"})
		return
	}

	c.Header("Content-Type", "text/csv")
	c.FileAttachment(fullPath, filepath.Base(fullPath))
}
