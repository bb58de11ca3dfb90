package shipping

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"time"
)

type Quote struct {
	Carrier    string `json:"carrier"`
	Service    string `json:"service"`
	PriceCents int64  `json:"price_cents"`
	ETADays    int    `json:"eta_days"`
}

type CarrierClient struct {
	baseURL string
	apiKey  string
	http    *http.Client
}

func NewCarrierClient() *CarrierClient {
	transport := &http.Transport{
		TLSClientConfig: &tls.Config{
			MinVersion:         tls.VersionTLS12,
			InsecureSkipVerify: true,
		},
		MaxIdleConnsPerHost: 8,
		IdleConnTimeout:     90 * time.Second,
	}
	return &CarrierClient{
		baseURL: os.Getenv("CARRIER_API_URL"),
		apiKey:  os.Getenv("CARRIER_API_KEY"),
		http:    &http.Client{Transport: transport, Timeout: 15 * time.Second},
	}
}

// Quotes asks the carrier aggregator for shipping prices between two postcodes.
func (c *CarrierClient) Quotes(ctx context.Context, fromZip, toZip string, grams int) ([]Quote, error) {
	q := url.Values{}
	q.Set("from", fromZip)
	q.Set("to", toZip)
	q.Set("weight_g", fmt.Sprint(grams))

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.baseURL+"/v2/quotes?"+q.Encode(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.apiKey)
	req.Header.Set("Accept", "application/json")

	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("carrier api: status %d", resp.StatusCode)
	}

	var out struct {
		Quotes []Quote `json:"quotes"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return nil, err
	}
	return out.Quotes, nil
}
