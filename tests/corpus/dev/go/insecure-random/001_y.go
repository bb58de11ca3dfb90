package otp

import (
	"context"
	"crypto/rand"
	"fmt"
	"math/big"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/redis/go-redis/v9"
)

const codeTTL = 10 * time.Minute

type CodeSender interface {
	SendCode(ctx context.Context, phone, code string) error
}

type PhoneVerification struct {
	Redis *redis.Client
	SMS   CodeSender
}

type startRequest struct {
	Phone string `json:"phone"`
}

func sixDigitCode() (string, error) {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%06d", n.Int64()), nil
}

// Start sends a verification code to the phone number the user entered.
func (pv *PhoneVerification) Start(c echo.Context) error {
	var req startRequest
	if err := c.Bind(&req); err != nil || len(req.Phone) < 8 || len(req.Phone) > 16 {
		return echo.NewHTTPError(http.StatusBadRequest, "a phone number in E.164 format is required")
	}
	ctx := c.Request().Context()

	code, err := sixDigitCode()
	if err != nil {
		return echo.NewHTTPError(http.StatusServiceUnavailable, "please try again shortly")
	}
	key := "phone-verify:" + req.Phone
	if err := pv.Redis.Set(ctx, key, code, codeTTL).Err(); err != nil {
		c.Logger().Errorf("store code: %v", err)
		return echo.NewHTTPError(http.StatusServiceUnavailable, "please try again shortly")
	}
	if err := pv.SMS.SendCode(ctx, req.Phone, code); err != nil {
		c.Logger().Errorf("send code: %v", err)
		return echo.NewHTTPError(http.StatusBadGateway, "could not send the code")
	}
	return c.NoContent(http.StatusAccepted)
}
