package handlers

import (
	"database/sql"
	"fmt"
	"log"
	"net/http"
	"runtime/debug"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
)

type API struct{ db *sql.DB }

func (a *API) GetAccount(w http.ResponseWriter, r *http.Request) {
	row := a.db.QueryRowContext(r.Context(), "SELECT balance FROM accounts WHERE id = $1", r.PathValue("id"))
	var balance int64
	if err := row.Scan(&balance); err != nil {
		// ruleid: go-error-details
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	fmt.Fprintf(w, "%d", balance)
}

func (a *API) GetAccountSafe(w http.ResponseWriter, r *http.Request) {
	row := a.db.QueryRowContext(r.Context(), "SELECT balance FROM accounts WHERE id = $1", r.PathValue("id"))
	var balance int64
	if err := row.Scan(&balance); err != nil {
		log.Printf("get account: %v", err)
		// ok: go-error-details
		http.Error(w, "internal server error", http.StatusInternalServerError)
		return
	}
	fmt.Fprintf(w, "%d", balance)
}

func (a *API) ParseLimit(w http.ResponseWriter, r *http.Request) {
	var n int
	if _, err := fmt.Sscanf(r.URL.Query().Get("limit"), "%d", &n); err != nil {
		// ok: go-error-details
		http.Error(w, "invalid limit: "+err.Error(), http.StatusBadRequest)
		return
	}
}

func (a *API) GinList(c *gin.Context) {
	rows, err := a.db.QueryContext(c, "SELECT id FROM items")
	if err != nil {
		// ruleid: go-error-details
		c.JSON(http.StatusInternalServerError, gin.H{"error": err.Error()})
		return
	}
	defer rows.Close()
	if err := rows.Err(); err != nil {
		log.Printf("list items: %v", err)
		// ok: go-error-details
		c.JSON(http.StatusInternalServerError, gin.H{"error": "internal error", "request_id": c.GetString("request_id")})
		return
	}
}

func (a *API) EchoDelete(c echo.Context) error {
	if _, err := a.db.Exec("DELETE FROM items WHERE id = $1", c.Param("id")); err != nil {
		// ruleid: go-error-details
		return echo.NewHTTPError(http.StatusInternalServerError, err.Error())
	}
	// ok: go-error-details
	return echo.NewHTTPError(http.StatusNotFound, "item not found")
}

func Recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if rec := recover(); rec != nil {
				w.WriteHeader(http.StatusInternalServerError)
				// ruleid: go-error-details-stack-trace
				fmt.Fprintf(w, "panic: %v\n%s", rec, debug.Stack())
			}
		}()
		next.ServeHTTP(w, r)
	})
}

func SafeRecoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if rec := recover(); rec != nil {
				log.Printf("panic: %v\n%s", rec, debug.Stack())
				// ok: go-error-details-stack-trace
				http.Error(w, "internal server error", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

func GinRecovery() gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if rec := recover(); rec != nil {
				// ruleid: go-error-details-stack-trace
				c.AbortWithStatusJSON(http.StatusInternalServerError, gin.H{"panic": fmt.Sprint(rec)})
			}
		}()
		// ok: go-error-details-stack-trace
		c.Next()
	}
}

func EchoPanics(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		defer func() {
			p := recover()
			if p == nil {
				return
			}
			trace := string(debug.Stack())
			// ruleid: go-error-details-stack-trace
			c.JSON(http.StatusInternalServerError, map[string]any{"message": "internal error", "trace": trace})
		}()
		return next(c)
	}
}

func GinPanicsLogged() gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			p := recover()
			if p == nil {
				return
			}
			trace := string(debug.Stack())
			log.Printf("panic %v\n%s", p, trace)
			// ok: go-error-details-stack-trace
			c.AbortWithStatusJSON(http.StatusInternalServerError, gin.H{"error": "internal error", "request": c.GetString("rid")})
		}()
		c.Next()
	}
}
