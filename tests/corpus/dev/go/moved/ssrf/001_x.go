package preview

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

var titleRe = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)

type LinkPreview struct {
	URL   string `json:"url"`
	Title string `json:"title"`
}

type PreviewService struct {
	client *http.Client
}

func NewPreviewService() *PreviewService {
	return &PreviewService{client: &http.Client{Timeout: 8 * time.Second}}
}

// Unfurl fetches a link pasted into a chat message and returns its page title.
func (s *PreviewService) Unfurl(c *gin.Context) {
	link := strings.TrimSpace(c.Query("url"))
	if link == "" {
		c.JSON(http.StatusBadRequest, gin.H{"error": "url is required"})
		return
	}

	ctx, cancel := context.WithTimeout(c.Request.Context(), 8*time.Second)
	defer cancel()

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, link, nil)
	if err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": "invalid url"})
		return
	}
	req.Header.Set("User-Agent", "chat-unfurler/1.4")

	resp, err := s.client.Do(req)
	if err != nil {
		c.JSON(http.StatusBadGateway, gin.H{"error": "could not fetch link"})
		return
	}
	defer resp.Body.Close()

	body, _ := io.ReadAll(io.LimitReader(resp.Body, 512<<10))
	preview := LinkPreview{URL: link}
	if m := titleRe.FindSubmatch(body); m != nil {
		preview.Title = strings.TrimSpace(string(m[1]))
	}
	c.JSON(http.StatusOK, preview)
}
