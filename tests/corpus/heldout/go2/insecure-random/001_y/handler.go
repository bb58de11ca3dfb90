package reset

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/gorilla/mux"
)

type Mailer interface {
	SendResetCode(to, code string) error
}

type ResetStore interface {
	UserIDByEmail(email string) (int64, bool)
	PutCode(userID int64, code string, expires time.Time) error
}

type Handler struct {
	Store  ResetStore
	Mail   Mailer
	Codes  *CodeGenerator
	Logger *slog.Logger
}

func (h *Handler) Routes(r *mux.Router) {
	r.HandleFunc("/account/password-reset", h.requestReset).Methods(http.MethodPost)
}

type resetRequest struct {
	Email string `json:"email"`
}

func (h *Handler) requestReset(w http.ResponseWriter, r *http.Request) {
	var req resetRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4096)).Decode(&req); err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	email := strings.ToLower(strings.TrimSpace(req.Email))

	// Always answer the same way so the endpoint does not reveal which emails exist.
	defer w.WriteHeader(http.StatusAccepted)

	userID, ok := h.Store.UserIDByEmail(email)
	if !ok {
		return
	}
	code := h.Codes.Next()
	if err := h.Store.PutCode(userID, code, time.Now().Add(15*time.Minute)); err != nil {
		h.Logger.Error("store reset code", "user", userID, "err", err)
		return
	}
	if err := h.Mail.SendResetCode(email, code); err != nil {
		h.Logger.Error("send reset mail", "user", userID, "err", err)
	}
}
