package api

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
	"gorm.io/gorm"
)

type Subscription struct {
	ID        uint   `json:"id"`
	AccountID uint   `json:"account_id"`
	Plan      string `json:"plan"`
	Seats     int    `json:"seats"`
}

type SubscriptionHandler struct {
	DB *gorm.DB
}

type seatsChange struct {
	Seats int `json:"seats"`
}

// UpdateSeats changes the number of seats on a subscription.
func (h *SubscriptionHandler) UpdateSeats(c echo.Context) error {
	id, err := strconv.ParseUint(c.Param("id"), 10, 64)
	if err != nil {
		return c.JSON(http.StatusBadRequest, echo.Map{"error": "invalid subscription id"})
	}

	var body seatsChange
	if err := c.Bind(&body); err != nil || body.Seats < 1 {
		return c.JSON(http.StatusBadRequest, echo.Map{"error": "seats must be a positive number"})
	}

	var sub Subscription
	err = h.DB.WithContext(c.Request().Context()).First(&sub, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return c.JSON(http.StatusNotFound, echo.Map{"error": "subscription not found"})
	}
	if err != nil {
		return c.JSON(http.StatusInternalServerError, echo.Map{
			"error":  "database error",
			"detail": err.Error(),
		})
	}

	sub.Seats = body.Seats
	if err := h.DB.WithContext(c.Request().Context()).Save(&sub).Error; err != nil {
		return c.JSON(http.StatusInternalServerError, echo.Map{
			"error":  "could not update subscription",
			"detail": err.Error(),
		})
	}
	return c.JSON(http.StatusOK, sub)
}
