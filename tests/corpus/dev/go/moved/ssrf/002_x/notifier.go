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
	Channel   string `json:"-"`
}

// channelEndpoints are the delivery integrations operated by the billing team.
var channelEndpoints = map[string]string{
	"email":  "https://mailer.internal.example.com/v1/invoices",
	"edi":    "https://edi-gateway.example.com/inbound/invoice",
	"ledger": "https://ledger.example.com/api/events",
}

type Notifier struct {
	HTTP *http.Client
}

func NewNotifier() *Notifier {
	return &Notifier{HTTP: &http.Client{Timeout: 10 * time.Second}}
}

// Deliver posts the invoice event to the endpoint of the chosen channel.
func (n *Notifier) Deliver(ctx context.Context, ev DeliveryEvent) error {
	endpoint, ok := channelEndpoints[ev.Channel]
	if !ok {
		return fmt.Errorf("unknown delivery channel %q", ev.Channel)
	}
	payload, err := json.Marshal(ev)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(payload))
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
