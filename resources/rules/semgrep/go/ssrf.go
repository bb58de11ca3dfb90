package handlers

import (
	"context"
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
	// A guard in a same-file helper whose body parses the URL and checks the host against an allow-list.
	// ok: go-ssrf
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
	// A guard in a same-file helper whose body parses the URL and checks the host against an allow-list.
	// ok: go-ssrf
	resp, err := http.Get(target)
	if err != nil {
		return err
	}
	resp.Body.Close()
	return nil
}

var feedHosts = map[string]struct{}{"feeds.example.org": {}, "news.example.net": {}}

func fetchFeedNormalisedHost(c *gin.Context) {
	u, err := url.Parse(c.Query("feed"))
	if err != nil || u.Scheme != "https" {
		c.Status(http.StatusBadRequest)
		return
	}
	if _, ok := feedHosts[strings.ToLower(u.Hostname())]; !ok {
		c.Status(http.StatusForbidden)
		return
	}
	// ok: go-ssrf
	resp, err := http.Get(u.String())
	if err == nil {
		resp.Body.Close()
	}
}

func fetchFeedNoHostCheck(c *gin.Context) {
	u, err := url.Parse(strings.TrimSpace(c.Query("feed")))
	if err != nil || u.Scheme != "https" {
		c.Status(http.StatusBadRequest)
		return
	}
	// ruleid: go-ssrf
	resp, err := http.Get(u.String())
	if err == nil {
		resp.Body.Close()
	}
}

var relayHosts = []string{"relay.example.com", "backup-relay.example.com"}

func relayHostOK(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "https" {
		return false
	}
	h := strings.ToLower(u.Hostname())
	for _, allowed := range relayHosts {
		if h == allowed {
			return true
		}
	}
	return false
}

// looks like a guard, but only checks the scheme
func relayLooksSafe(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && u.Scheme == "https"
}

func Relay(c *gin.Context) {
	dst := c.PostForm("relay")
	if !relayHostOK(dst) {
		c.Status(http.StatusBadRequest)
		return
	}
	// ok: go-ssrf
	resp, err := http.Post(dst, "text/plain", nil)
	if err == nil {
		resp.Body.Close()
	}
}

func RelayUnchecked(c *gin.Context) {
	dst := c.PostForm("relay")
	if !relayLooksSafe(dst) {
		c.Status(http.StatusBadRequest)
		return
	}
	// ruleid: go-ssrf
	resp, err := http.Post(dst, "text/plain", nil)
	if err == nil {
		resp.Body.Close()
	}
}

type PingJob struct {
	ReplyTo string
	Topic   string
}

type ClientConfig struct {
	BaseURL string
}

var topicEndpoints = map[string]string{"orders": "https://orders.internal.example.com/ping"}

type Pinger struct{ hc *http.Client }

func (p *Pinger) Reply(ctx context.Context, job PingJob) error {
	// ruleid: go-ssrf-caller-field
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, job.ReplyTo, nil)
	if err != nil {
		return err
	}
	resp, err := p.hc.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

func (p *Pinger) Notify(ctx context.Context, job *PingJob) error {
	endpoint, ok := topicEndpoints[job.Topic]
	if !ok {
		return fmt.Errorf("unknown topic")
	}
	// ok: go-ssrf-caller-field
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, nil)
	if err != nil {
		return err
	}
	resp, err := p.hc.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

func (p *Pinger) Health(ctx context.Context, cfg ClientConfig) error {
	// ok: go-ssrf-caller-field
	resp, err := p.hc.Get(cfg.BaseURL + "/healthz")
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
