package orders

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
)

type Order struct {
	ID         int64     `db:"id" json:"id"`
	Reference  string    `db:"reference" json:"reference"`
	Status     string    `db:"status" json:"status"`
	TotalCents int64     `db:"total_cents" json:"total_cents"`
	CreatedAt  time.Time `db:"created_at" json:"created_at"`
}

type ListFilter struct {
	CustomerID int64
	Status     string
	SortBy     string
	Descending bool
	Limit      int
}

type Repository struct {
	DB *sqlx.DB
}

// sortColumns maps the public sort keys to real column names.
var sortColumns = map[string]string{
	"created":   "created_at",
	"total":     "total_cents",
	"status":    "status",
	"reference": "reference",
}

// orderClause turns the filter's sort settings into an ORDER BY fragment.
func orderClause(f ListFilter) string {
	col, ok := sortColumns[strings.TrimSpace(f.SortBy)]
	if !ok {
		col = "created_at"
	}
	dir := "ASC"
	if f.Descending {
		dir = "DESC"
	}
	return fmt.Sprintf("ORDER BY %s %s, id %s", col, dir, dir)
}

func (r *Repository) List(ctx context.Context, f ListFilter) ([]Order, error) {
	where := []string{"customer_id = ?"}
	args := []any{f.CustomerID}
	if f.Status != "" {
		where = append(where, "status = ?")
		args = append(args, f.Status)
	}
	args = append(args, f.Limit)

	query := "SELECT id, reference, status, total_cents, created_at FROM orders WHERE " +
		strings.Join(where, " AND ") + " " + orderClause(f) + " LIMIT ?"

	var out []Order
	if err := r.DB.SelectContext(ctx, &out, r.DB.Rebind(query), args...); err != nil {
		return nil, err
	}
	return out, nil
}
