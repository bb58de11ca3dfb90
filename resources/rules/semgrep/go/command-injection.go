package handlers

import (
	"fmt"
	"path/filepath"

	"github.com/google/uuid"
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

type Backup struct{ Root string }

// Dump is called by a handler in another file with a name taken from the request.
func (b *Backup) Dump(ctx context.Context, db, name string) error {
	script := fmt.Sprintf("pg_dump %s | gzip > %s/%s.sql.gz", db, b.Root, name)
	// ruleid: go-command-injection-shell-param
	return exec.CommandContext(ctx, "bash", "-c", script).Run()
}

func (b *Backup) DumpDirect(ctx context.Context, db string) error {
	out := filepath.Join(b.Root, uuid.NewString()+".sql")
	// ok: go-command-injection-shell-param
	return exec.CommandContext(ctx, "pg_dump", "-f", out, db).Run()
}

func (b *Backup) Rotate(ctx context.Context, keep int) error {
	// ok: go-command-injection-shell-param
	return exec.CommandContext(ctx, "sh", "-c", fmt.Sprintf("ls -1t %s | tail -n +%d | xargs rm -f", b.Root, keep)).Run()
}
