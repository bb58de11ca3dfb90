package receipts

import (
	"crypto/rand"
	"encoding/hex"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/gin-gonic/gin"
)

const maxReceiptBytes = 8 << 20

// allowedReceiptTypes maps each accepted extension to the content type the
// file's first bytes must sniff as.
var allowedReceiptTypes = map[string]string{
	".png":  "image/png",
	".jpg":  "image/jpeg",
	".jpeg": "image/jpeg",
	".pdf":  "application/pdf",
}

type ReceiptUploads struct {
	Dir   string
	Store ReceiptStore
}

type ReceiptStore interface {
	Attach(claimID, userID, storedName, originalName string, size int64) error
}

func randomName() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

// Upload attaches a receipt file to one of the caller's expense claims.
func (u *ReceiptUploads) Upload(c *gin.Context) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxReceiptBytes+1<<20)

	fh, err := c.FormFile("receipt")
	if err != nil || fh.Size > maxReceiptBytes {
		c.JSON(http.StatusBadRequest, gin.H{"error": "receipt file is required (max 8 MB)"})
		return
	}

	ext := strings.ToLower(filepath.Ext(fh.Filename))
	wantType, ok := allowedReceiptTypes[ext]
	if !ok {
		c.JSON(http.StatusUnsupportedMediaType, gin.H{"error": "receipts must be PNG, JPEG or PDF"})
		return
	}

	src, err := fh.Open()
	if err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": "could not read upload"})
		return
	}
	defer src.Close()

	head := make([]byte, 512)
	nh, _ := io.ReadFull(src, head)
	if http.DetectContentType(head[:nh]) != wantType {
		c.JSON(http.StatusUnsupportedMediaType, gin.H{"error": "file content does not match its type"})
		return
	}
	if _, err := src.Seek(0, io.SeekStart); err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": "could not read upload"})
		return
	}

	base, err := randomName()
	if err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": "upload failed"})
		return
	}
	stored := base + ext

	dst, err := os.OpenFile(filepath.Join(u.Dir, stored), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o640)
	if err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": "upload failed"})
		return
	}
	defer dst.Close()

	n, err := io.Copy(dst, io.LimitReader(src, maxReceiptBytes))
	if err != nil {
		_ = os.Remove(dst.Name())
		c.JSON(http.StatusInternalServerError, gin.H{"error": "upload failed"})
		return
	}

	if err := u.Store.Attach(c.Param("claimID"), c.GetString("userID"), stored, fh.Filename, n); err != nil {
		_ = os.Remove(dst.Name())
		c.JSON(http.StatusInternalServerError, gin.H{"error": "upload failed"})
		return
	}
	c.JSON(http.StatusCreated, gin.H{"file": stored, "size": n})
}
