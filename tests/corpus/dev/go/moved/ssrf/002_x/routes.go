package billing

import (
	"encoding/json"
	"net/http"

	"github.com/gorilla/mux"
)

type InvoiceAPI struct {
	Notifier *Notifier
	Invoices InvoiceStore
}

func (a *InvoiceAPI) Routes(r *mux.Router) {
	r.HandleFunc("/invoices/{id}/send", a.sendInvoice).Methods(http.MethodPost)
}

type sendRequest struct {
	Channel string `json:"channel"`
	Note    string `json:"note"`
}

func (a *InvoiceAPI) sendInvoice(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["id"]

	var body sendRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10)).Decode(&body); err != nil {
		http.Error(w, "malformed json", http.StatusBadRequest)
		return
	}

	inv, err := a.Invoices.Get(r.Context(), id)
	if err != nil {
		http.Error(w, "invoice not found", http.StatusNotFound)
		return
	}

	event := DeliveryEvent{
		InvoiceID: inv.ID,
		Amount:    inv.AmountCents,
		Note:      body.Note,
		Channel:   body.Channel,
	}
	if err := a.Notifier.Deliver(r.Context(), event); err != nil {
		http.Error(w, "delivery failed", http.StatusBadGateway)
		return
	}
	w.WriteHeader(http.StatusAccepted)
}
