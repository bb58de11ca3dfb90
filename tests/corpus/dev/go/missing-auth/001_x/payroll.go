package api

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/go-chi/chi/v5"
)

var ErrNotFound = errors.New("not found")

type PayrollRun struct {
	ID         string `json:"id"`
	EmployerID string `json:"employer_id"`
	Status     string `json:"status"`
	TotalCents int64  `json:"total_cents"`
}

type PayrollStore interface {
	ListForEmployer(ctx context.Context, employerID string) ([]PayrollRun, error)
	Approve(ctx context.Context, employerID, runID string) (*PayrollRun, error)
}

type PayrollHandlers struct {
	Store PayrollStore
}

func (h *PayrollHandlers) List(w http.ResponseWriter, r *http.Request) {
	runs, err := h.Store.ListForEmployer(r.Context(), EmployerID(r.Context()))
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	writeJSON(w, http.StatusOK, runs)
}

// Approve locks a payroll run and schedules the bank transfers.
func (h *PayrollHandlers) Approve(w http.ResponseWriter, r *http.Request) {
	run, err := h.Store.Approve(r.Context(), EmployerID(r.Context()), chi.URLParam(r, "id"))
	if errors.Is(err, ErrNotFound) {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	writeJSON(w, http.StatusOK, run)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
