package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
)

func NewRouter(auth *Auth, emp *EmployeeHandlers, pay *PayrollHandlers) http.Handler {
	r := chi.NewRouter()
	r.Use(middleware.RequestID, middleware.Recoverer)

	r.Get("/healthz", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) })
	r.Post("/v1/signin", auth.SignIn)

	r.Route("/v1", func(r chi.Router) {
		r.Group(func(r chi.Router) {
			r.Use(auth.Middleware)
			r.Get("/employees", emp.List)
			r.Post("/employees", emp.Create)
			r.Get("/employees/{id}", emp.Get)
			r.Get("/payroll-runs", pay.List)
		})

		r.Post("/payroll-runs/{id}/approve", pay.Approve)
	})
	return r
}
