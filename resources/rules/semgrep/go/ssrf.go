package handlers

import (
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
)

var allowedHosts = map[string]bool{
	"images.example.com": true,
	"cdn.example.com":    true,
}

func Preview(w http.ResponseWriter, r *http.Request) {
	target := r.URL.Query().Get("url")
	// ruleid: go-ssrf
	resp, err := http.Get(target)
	if err != nil {
		http.Error(w, "fetch failed", http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	io.Copy(w, resp.Body)
}

func PreviewChecked(w http.ResponseWriter, r *http.Request) {
	target := r.URL.Query().Get("url")
	u, err := url.Parse(target)
	if err != nil || u.Scheme != "https" || !allowedHosts[u.Hostname()] {
		http.Error(w, "host not allowed", http.StatusBadRequest)
		return
	}
	// ok: go-ssrf
	resp, err := http.Get(u.String())
	if err != nil {
		return
	}
	defer resp.Body.Close()
	io.Copy(w, resp.Body)
}

func GinWebhook(c *gin.Context) {
	var body struct {
		Callback string `json:"callback"`
	}
	if err := c.ShouldBindJSON(&body); err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": "invalid body"})
		return
	}
	// ruleid: go-ssrf
	req, _ := http.NewRequestWithContext(c.Request.Context(), http.MethodPost, body.Callback, nil)
	http.DefaultClient.Do(req)

	id := c.Param("id")
	// ok: go-ssrf
	req2, _ := http.NewRequestWithContext(c.Request.Context(), http.MethodGet, "https://api.example.com/v1/items/"+url.PathEscape(id), nil)
	http.DefaultClient.Do(req2)
}

func EchoProxy(c echo.Context) error {
	host := c.QueryParam("host")
	client := &http.Client{}
	// ruleid: go-ssrf
	resp, err := client.Get(fmt.Sprintf("http://%s/status", host))
	if err != nil {
		return err
	}
	resp.Body.Close()

	user := c.QueryParam("user")
	// ok: go-ssrf
	resp2, err := client.Get(fmt.Sprintf("https://api.github.com/users/%s", user))
	if err != nil {
		return err
	}
	resp2.Body.Close()
	return c.NoContent(http.StatusOK)
}

type hookForm struct {
	Endpoint string `json:"endpoint"`
	Fallback string `json:"fallback"`
}

func isAllowedEndpoint(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && u.Scheme == "https" && allowedHosts[u.Hostname()]
}

func RegisterHook(c *gin.Context) {
	var f hookForm
	if err := c.ShouldBindJSON(&f); err != nil {
		c.Status(http.StatusBadRequest)
		return
	}
	if !isAllowedEndpoint(f.Endpoint) {
		c.Status(http.StatusBadRequest)
		return
	}
	// A guard in a helper: the rules do not read helper bodies, and names are not trusted.
	// todook: go-ssrf
	resp, err := http.Post(f.Endpoint, "application/json", nil)
	if err == nil {
		resp.Body.Close()
	}
	// the fallback was never checked
	// ruleid: go-ssrf
	resp2, err := http.Post(f.Fallback, "application/json", nil)
	if err == nil {
		resp2.Body.Close()
	}
}

func validateTarget(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || !allowedHosts[u.Hostname()] {
		return fmt.Errorf("host not allowed")
	}
	return nil
}

func EchoFetch(c echo.Context) error {
	target := c.QueryParam("target")
	if err := validateTarget(target); err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, "bad target")
	}
	// A guard in a helper: the rules do not read helper bodies, and names are not trusted.
	// todook: go-ssrf
	resp, err := http.Get(target)
	if err != nil {
		return err
	}
	resp.Body.Close()
	return nil
}
