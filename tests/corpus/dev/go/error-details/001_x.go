package httpx

import (
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"

	"github.com/gin-gonic/gin"
)

// Recover turns a panic in a handler into a 500 response so the process keeps
// serving. It replaces gin.Recovery so the output matches our JSON errors.
func Recover(logger *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			rec := recover()
			if rec == nil {
				return
			}
			stack := string(debug.Stack())
			logger.Error("panic in handler", "path", c.FullPath(), "panic", rec)

			c.AbortWithStatusJSON(http.StatusInternalServerError, gin.H{
				"error":   "internal server error",
				"panic":   fmt.Sprint(rec),
				"stack":   stack,
				"path":    c.Request.URL.Path,
				"request": c.GetString("requestID"),
			})
		}()
		c.Next()
	}
}

// NewEngine builds the router used by the public API.
func NewEngine(logger *slog.Logger, register func(*gin.Engine)) *gin.Engine {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.Use(RequestID(), Recover(logger))
	register(r)
	return r
}

func RequestID() gin.HandlerFunc {
	return func(c *gin.Context) {
		id := c.GetHeader("X-Request-ID")
		if id == "" || len(id) > 64 {
			id = newID()
		}
		c.Set("requestID", id)
		c.Header("X-Request-ID", id)
		c.Next()
	}
}
