package sms

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

const (
	twilioAccountSID = "AC5f9d2c71e04b8a3396c1d0e2f7a48b21"
	twilioAuthToken  = "9b1e4c7a2d8f03e6b5a4c1d2e3f40718"
	twilioFrom       = "+15005550006"
)

type Sender struct {
	client *http.Client
}

func NewSender() *Sender {
	return &Sender{client: &http.Client{Timeout: 10 * time.Second}}
}

// SendCode texts a one-time sign-in code to the given phone number.
func (s *Sender) SendCode(ctx context.Context, to, code string) error {
	form := url.Values{}
	form.Set("To", to)
	form.Set("From", twilioFrom)
	form.Set("Body", fmt.Sprintf("Your sign-in code is %s. It expires in 10 minutes.", code))

	endpoint := fmt.Sprintf("https://api.twilio.com/2010-04-01/Accounts/%s/Messages.json", twilioAccountSID)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.SetBasicAuth(twilioAccountSID, twilioAuthToken)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")

	resp, err := s.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		return fmt.Errorf("sms provider returned %d", resp.StatusCode)
	}
	return nil
}
