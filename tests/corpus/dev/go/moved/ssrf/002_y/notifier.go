package billing

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

type Invoice struct {
	ID          string
	AmountCents int64
}

type InvoiceStore interface {
	Get(ctx context.Context, id string) (*Invoice, error)
}

type DeliveryEvent struct {
	InvoiceID string `json:"invoice_id"`
	Amount    int64  `json:"amount_cents"`
	Note      string `json:"note,omitempty"`
	Target    string `json:"-"`
}

type Notifier struct {
	HTTP *http.Client
}

func NewNotifier() *Notifier {
	return &Notifier{HTTP: &http.Client{Timeout: 10 * time.Second}}
}

// Deliver posts the invoice event to the receiver's endpoint.
func (n *Notifier) Deliver(ctx context.Context, ev DeliveryEvent) error {
	payload, err := json.Marshal(ev)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, ev.Target, bytes.NewReader(payload))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")

	resp, err := n.HTTP.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		return fmt.Errorf("receiver answered %d", resp.StatusCode)
	}
	return nil
}
