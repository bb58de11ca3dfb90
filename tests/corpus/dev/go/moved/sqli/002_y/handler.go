package inventory

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"
)

type Handler struct {
	Products *ProductRepo
	Log      *slog.Logger
}

func (h *Handler) Routes() chi.Router {
	r := chi.NewRouter()
	r.Get("/warehouses/{warehouseID}/products", h.listProducts)
	return r
}

func (h *Handler) listProducts(w http.ResponseWriter, r *http.Request) {
	warehouseID, err := strconv.ParseInt(chi.URLParam(r, "warehouseID"), 10, 64)
	if err != nil {
		http.Error(w, "invalid warehouse id", http.StatusBadRequest)
		return
	}

	q := r.URL.Query()
	filter := ProductFilter{
		WarehouseID: warehouseID,
		Category:    q.Get("category"),
		SortBy:      q.Get("sort"),
		Descending:  q.Get("order") == "desc",
	}

	products, err := h.Products.List(r.Context(), filter)
	if err != nil {
		h.Log.Error("list products", "warehouse", warehouseID, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}

	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(products)
}
