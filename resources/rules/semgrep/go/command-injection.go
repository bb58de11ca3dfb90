package handlers

import (
	"context"
	"net/http"
	"os/exec"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
)

var allowedTools = map[string]string{
	"uptime": "/usr/bin/uptime",
	"df":     "/bin/df",
}

func PingHandler(w http.ResponseWriter, r *http.Request) {
	host := r.URL.Query().Get("host")
	// ruleid: go-command-injection
	out, err := exec.Command("sh", "-c", "ping -c 1 "+host).CombinedOutput()
	if err != nil {
		http.Error(w, "ping failed", http.StatusInternalServerError)
		return
	}
	w.Write(out)

	// ok: go-command-injection
	out2, _ := exec.Command("ping", "-c", "1", "--", host).CombinedOutput()
	w.Write(out2)

	// ok: go-command-injection
	exec.Command("sh", "-c", "ping -c 1 localhost").Run()
}

func ToolHandler(c *gin.Context) {
	tool := c.Query("tool")
	// ruleid: go-command-injection
	exec.CommandContext(c.Request.Context(), tool, "-h").Run()

	bin, ok := allowedTools[tool]
	if !ok {
		c.String(http.StatusBadRequest, "unknown tool")
		return
	}
	// ok: go-command-injection
	out, _ := exec.CommandContext(c.Request.Context(), bin, "-h").Output()
	c.String(http.StatusOK, string(out))
}

type archiveReq struct {
	Name string `json:"name"`
}

func ArchiveHandler(c echo.Context) error {
	var req archiveReq
	if err := c.Bind(&req); err != nil {
		return echo.NewHTTPError(http.StatusBadRequest)
	}
	ctx := context.Background()
	// ruleid: go-command-injection
	cmd := exec.CommandContext(ctx, "/bin/bash", "-c", "tar czf /tmp/out.tgz /data/"+req.Name)
	cmd.Run()

	// ok: go-command-injection
	exec.CommandContext(ctx, "tar", "czf", "/tmp/out.tgz", "--", "/data/"+req.Name).Run()
	return nil
}

func WinHandler(w http.ResponseWriter, r *http.Request) {
	dir := r.FormValue("dir")
	// ruleid: go-command-injection
	exec.Command("cmd", "/C", "dir "+dir).Run()
}
