package integrations

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
)

// Slack and Teams incoming-webhook hosts that workspaces may connect.
var webhookHosts = []string{"hooks.slack.com", "outlook.office.com"}

type ConnectRequest struct {
	Name        string `json:"name"`
	WebhookURL  string `json:"webhook_url"`
	TestMessage string `json:"test_message"`
}

type ChatIntegrations struct {
	HTTP  *http.Client
	Saver func(ctx context.Context, name, webhook string) error
}

func hostAllowed(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "https" {
		return false
	}
	host := strings.ToLower(u.Hostname())
	for _, h := range webhookHosts {
		if host == h {
			return true
		}
	}
	return false
}

// Connect stores a chat webhook and sends a test message so the admin can see
// that it works.
func (ci *ChatIntegrations) Connect(c echo.Context) error {
	var req ConnectRequest
	if err := c.Bind(&req); err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, "invalid request")
	}
	if !hostAllowed(req.WebhookURL) {
		return echo.NewHTTPError(http.StatusBadRequest, "unsupported webhook host")
	}

	target := req.WebhookURL

	msg, _ := json.Marshal(map[string]string{"text": req.TestMessage})
	ctx, cancel := context.WithTimeout(c.Request().Context(), 5*time.Second)
	defer cancel()

	httpReq, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(msg))
	if err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, "invalid webhook url")
	}
	httpReq.Header.Set("Content-Type", "application/json")
	resp, err := ci.HTTP.Do(httpReq)
	if err != nil {
		return echo.NewHTTPError(http.StatusBadGateway, "test message could not be delivered")
	}
	resp.Body.Close()

	if err := ci.Saver(c.Request().Context(), req.Name, req.WebhookURL); err != nil {
		return echo.NewHTTPError(http.StatusInternalServerError, "could not save integration")
	}
	return c.JSON(http.StatusCreated, map[string]any{"name": req.Name, "test_status": resp.StatusCode})
}
