package inventory

import (
	"context"
	"strings"

	"github.com/jmoiron/sqlx"
)

type Product struct {
	SKU      string `db:"sku" json:"sku"`
	Name     string `db:"name" json:"name"`
	Category string `db:"category" json:"category"`
	Quantity int    `db:"quantity" json:"quantity"`
}

type ProductFilter struct {
	WarehouseID int64
	Category    string
	SortBy      string
	Descending  bool
}

type ProductRepo struct {
	db *sqlx.DB
}

func NewProductRepo(db *sqlx.DB) *ProductRepo {
	return &ProductRepo{db: db}
}

func (p *ProductRepo) List(ctx context.Context, f ProductFilter) ([]Product, error) {
	var sb strings.Builder
	args := []any{f.WarehouseID}

	sb.WriteString("SELECT sku, name, category, quantity FROM products WHERE warehouse_id = ?")
	if f.Category != "" {
		sb.WriteString(" AND category = ?")
		args = append(args, f.Category)
	}

	sortColumn := f.SortBy
	if sortColumn == "" {
		sortColumn = "name"
	}
	sb.WriteString(" ORDER BY " + sortColumn)
	if f.Descending {
		sb.WriteString(" DESC")
	}
	sb.WriteString(" LIMIT 500")

	var out []Product
	query := p.db.Rebind(sb.String())
	if err := p.db.SelectContext(ctx, &out, query, args...); err != nil {
		return nil, err
	}
	return out, nil
}
