package sms

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

type Sender struct {
	accountSID string
	authToken  string
	from       string
	client     *http.Client
}

// NewSender reads the SMS provider credentials from the environment, where the
// deployment injects them from the secrets manager.
func NewSender() (*Sender, error) {
	s := &Sender{
		accountSID: os.Getenv("TWILIO_ACCOUNT_SID"),
		authToken:  os.Getenv("TWILIO_AUTH_TOKEN"),
		from:       os.Getenv("TWILIO_FROM_NUMBER"),
		client:     &http.Client{Timeout: 10 * time.Second},
	}
	if s.accountSID == "" || s.authToken == "" || s.from == "" {
		return nil, errors.New("TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM_NUMBER must be set")
	}
	return s, nil
}

// SendCode texts a one-time sign-in code to the given phone number.
func (s *Sender) SendCode(ctx context.Context, to, code string) error {
	form := url.Values{}
	form.Set("To", to)
	form.Set("From", s.from)
	form.Set("Body", fmt.Sprintf("Your sign-in code is %s. It expires in 10 minutes.", code))

	endpoint := fmt.Sprintf("https://api.twilio.com/2010-04-01/Accounts/%s/Messages.json", url.PathEscape(s.accountSID))
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.SetBasicAuth(s.accountSID, s.authToken)
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
