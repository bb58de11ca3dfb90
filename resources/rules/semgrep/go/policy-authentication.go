package routes

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/go-chi/chi/v5"
	"github.com/gorilla/mux"
	"github.com/labstack/echo/v4"
)

func Chi(h *Handlers, requireUser func(http.Handler) http.Handler) http.Handler {
	r := chi.NewRouter()
	// ruleid: go-missing-auth-route
	r.Get("/status", h.Status)
	r.Group(func(r chi.Router) {
		r.Use(requireUser)
		// ok: go-missing-auth-route
		r.Get("/invoices", h.Invoices)
		// ok: go-missing-auth-route
		r.Delete("/invoices/{id}", h.DeleteInvoice)
	})
	// ruleid: go-missing-auth-route
	r.Post("/invoices/{id}/refund", h.Refund)
	// ok: go-missing-auth-route
	r.With(requireUser).Post("/invoices/{id}/void", h.Void)
	return r
}

func Gin(h *Handlers, authRequired gin.HandlerFunc) *gin.Engine {
	g := gin.New()
	api := g.Group("/api", authRequired)
	// ok: go-missing-auth-route
	api.GET("/orders", h.GinOrders)
	admin := g.Group("/admin")
	// ruleid: go-missing-auth-route
	admin.POST("/users/:id/disable", h.GinDisable)
	// ok: go-missing-auth-route
	g.PUT("/profile", authRequired, h.GinProfile)
	return g
}

func Echo(h *Handlers, jwtMiddleware echo.MiddlewareFunc) *echo.Echo {
	e := echo.New()
	// ruleid: go-missing-auth-route
	e.DELETE("/projects/:id", h.EchoDeleteProject)
	// ok: go-missing-auth-route
	e.GET("/projects", h.EchoProjects, jwtMiddleware)
	return e
}

func Gorilla(h *Handlers) *mux.Router {
	r := mux.NewRouter()
	// ruleid: go-missing-auth-route
	r.HandleFunc("/reports/{id}", h.Report).Methods(http.MethodGet)
	s := r.PathPrefix("/billing").Subrouter()
	s.Use(h.RequireAPIKey)
	// ok: go-missing-auth-route
	s.HandleFunc("/plans", h.Plans)
	return r
}

func StdMux(h *Handlers) *http.ServeMux {
	m := http.NewServeMux()
	// ruleid: go-missing-auth-route
	m.HandleFunc("POST /exports", h.Export)
	// ok: go-missing-auth-route
	m.Handle("GET /exports/{id}", h.RequireSession(http.HandlerFunc(h.ExportStatus)))
	// ok: go-missing-auth-route
	req, _ := http.NewRequest(http.MethodGet, "/local", nil)
	_ = req
	return m
}

func Std(h *Handlers) {
	// ruleid: go-missing-auth-route
	http.HandleFunc("/admin/purge", h.Purge)
}

// the caller mounts this group behind its session middleware
func (h *Handlers) Mount(g *echo.Group) {
	// ok: go-missing-auth-route
	g.POST("/tickets/:id/close", h.EchoClose)
}

func (h *Handlers) Routes() *echo.Echo {
	e := echo.New()
	// ruleid: go-missing-auth-route
	e.POST("/tickets/:id/reopen", h.EchoReopen)
	return e
}
