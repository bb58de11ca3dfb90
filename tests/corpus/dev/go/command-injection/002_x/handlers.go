package admin

import (
	"encoding/json"
	"net/http"

	"github.com/gorilla/mux"
)

type SnapshotAPI struct {
	Snapshots *SnapshotService
}

func (a *SnapshotAPI) Register(r *mux.Router) {
	r.HandleFunc("/tenants/{tenant}/snapshots", a.create).Methods(http.MethodPost)
}

type snapshotRequest struct {
	Label       string `json:"label"`
	IncludeLogs bool   `json:"include_logs"`
}

func (a *SnapshotAPI) create(w http.ResponseWriter, r *http.Request) {
	tenant := mux.Vars(r)["tenant"]

	var req snapshotRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 16<<10)).Decode(&req); err != nil {
		http.Error(w, "malformed request", http.StatusBadRequest)
		return
	}

	snap, err := a.Snapshots.Create(r.Context(), tenant, req.Label, req.IncludeLogs)
	if err != nil {
		http.Error(w, "snapshot failed", http.StatusInternalServerError)
		return
	}

	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	_ = json.NewEncoder(w).Encode(snap)
}
