package pricing

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"os"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"

	pricingpb "example.com/shop/gen/pricing/v1"
)

// Client talks to the pricing service, which runs in another cluster and is
// reached over the public internet.
type Client struct {
	conn *grpc.ClientConn
	api  pricingpb.PricingServiceClient
}

func Dial() (*Client, error) {
	addr := os.Getenv("PRICING_ADDR")
	if addr == "" {
		return nil, fmt.Errorf("PRICING_ADDR is not set")
	}

	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("PRICING_ADDR: %w", err)
	}
	creds := credentials.NewTLS(&tls.Config{
		MinVersion: tls.VersionTLS12,
		ServerName: host,
	})
	conn, err := grpc.NewClient(addr,
		grpc.WithTransportCredentials(creds),
		grpc.WithPerRPCCredentials(bearer(os.Getenv("PRICING_TOKEN"))),
	)
	if err != nil {
		return nil, err
	}
	return &Client{conn: conn, api: pricingpb.NewPricingServiceClient(conn)}, nil
}

func (c *Client) Close() error { return c.conn.Close() }

func (c *Client) PriceFor(ctx context.Context, sku string, qty int32) (int64, error) {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	resp, err := c.api.GetPrice(ctx, &pricingpb.GetPriceRequest{Sku: sku, Quantity: qty})
	if err != nil {
		return 0, err
	}
	return resp.GetTotalCents(), nil
}

type bearer string

func (b bearer) GetRequestMetadata(context.Context, ...string) (map[string]string, error) {
	return map[string]string{"authorization": "Bearer " + string(b)}, nil
}

func (bearer) RequireTransportSecurity() bool { return true }
