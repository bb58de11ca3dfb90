package reports

import (
	"net/http"
	"os"
	"path/filepath"

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
	return &ReportsController{ExportDir: dir}
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

	fullPath := filepath.Join(rc.ExportDir, name)
	info, err := os.Stat(fullPath)
	if err != nil || info.IsDir() {
		c.JSON(http.StatusNotFound, gin.H{"error": "report not found"})
		return
	}

	c.Header("Content-Type", "text/csv")
	c.FileAttachment(fullPath, filepath.Base(fullPath))
}
