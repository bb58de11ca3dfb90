package orders

import (
	"database/sql"
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
	r.GET("/orders/search", h.Search)
}

// Search finds orders whose customer name contains the given text.
func (h *OrderHandler) Search(c *gin.Context) {
	customer := c.Query("customer")
	status := c.DefaultQuery("status", "open")
	limit, err := strconv.Atoi(c.DefaultQuery("limit", "50"))
	if err != nil || limit <= 0 || limit > 200 {
		limit = 50
	}

	const query = `
		SELECT id, customer, status, total_cents, created_at
		FROM orders
		WHERE status = $1 AND customer ILIKE $2
		ORDER BY created_at DESC
		LIMIT $3`

	pattern := "%" + customer + "%"
	rows, err := h.DB.QueryContext(c.Request.Context(), query, status, pattern, limit)
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
	if err := rows.Err(); err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": "could not load orders"})
		return
	}
	c.JSON(http.StatusOK, gin.H{"orders": orders, "count": len(orders)})
}
