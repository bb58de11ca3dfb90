package orders

import (
	"database/sql"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
)

type Order struct {
	ID         int64     `json:"id"`
	Customer   string    `json:"customer"`
	Status     string    `json:"status"`
	TotalCents int64     `json:"total_cents"`
	CreatedAt  time.Time `json:"created_at"`
}

type OrderHandler struct {
	DB *sql.DB
}

func (h *OrderHandler) Register(r gin.IRoutes) {
	r.GET("/orders", h.List)
}

// List returns orders filtered by status, newest first.
func (h *OrderHandler) List(c *gin.Context) {
	status := c.DefaultQuery("status", "open")
	limit, err := strconv.Atoi(c.DefaultQuery("limit", "50"))
	if err != nil || limit <= 0 || limit > 200 {
		limit = 50
	}

	query := fmt.Sprintf(
		"SELECT id, customer, status, total_cents, created_at FROM orders WHERE status = '%s' ORDER BY created_at DESC LIMIT %d",
		status, limit,
	)

	rows, err := h.DB.QueryContext(c.Request.Context(), query)
	if err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": "could not load orders"})
		return
	}
	defer rows.Close()

	orders := make([]Order, 0, limit)
	for rows.Next() {
		var o Order
		if err := rows.Scan(&o.ID, &o.Customer, &o.Status, &o.TotalCents, &o.CreatedAt); err != nil {
			c.JSON(http.StatusInternalServerError, gin.H{"error": "could not load orders"})
			return
		}
		orders = append(orders, o)
	}
	c.JSON(http.StatusOK, gin.H{"orders": orders, "count": len(orders)})
}
