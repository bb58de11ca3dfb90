package orders

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
)

type Handler struct {
	Repo *Repository
}

func (h *Handler) Mount(g *echo.Group) {
	g.GET("/orders", h.list)
}

func (h *Handler) list(c echo.Context) error {
	f := ListFilter{
		CustomerID: c.Get("customer_id").(int64),
		Status:     c.QueryParam("status"),
		SortBy:     c.QueryParam("sort"),
		Descending: c.QueryParam("order") == "desc",
		Limit:      25,
	}
	if v := c.QueryParam("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			return echo.NewHTTPError(http.StatusBadRequest, "limit must be between 1 and 100")
		}
		f.Limit = n
	}

	rows, err := h.Repo.List(c.Request().Context(), f)
	if err != nil {
		c.Logger().Errorf("list orders: %v", err)
		return echo.NewHTTPError(http.StatusInternalServerError, "could not load orders")
	}
	return c.JSON(http.StatusOK, rows)
}
