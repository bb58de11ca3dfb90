package main

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

type Ticket struct {
	ID        int64     `json:"id"`
	Subject   string    `json:"subject"`
	Priority  int       `json:"priority"`
	Status    string    `json:"status"`
	UpdatedAt time.Time `json:"updated_at"`
}

type ListOptions struct {
	Queue     string
	SortField string
	SortDir   string
}

type TicketStore struct {
	db *sql.DB
}

var sortableFields = map[string]bool{"priority": true, "updated_at": true, "subject": true}

func (o *ListOptions) normalise() {
	if o.SortDir != "ASC" && o.SortDir != "DESC" {
		o.SortDir = "DESC"
	}
	if !sortableFields[o.SortField] {
		o.SortField = "updated_at"
	}
}

func (s *TicketStore) List(ctx context.Context, opts ListOptions) ([]Ticket, error) {
	opts.normalise()

	query := fmt.Sprintf(`SELECT id, subject, priority, status, updated_at
		FROM tickets
		WHERE queue = $1 AND status <> 'closed'
		ORDER BY %s %s
		LIMIT 200`, opts.SortField, opts.SortDir)

	rows, err := s.db.QueryContext(ctx, query, opts.Queue)
	if err != nil {
		return nil, err
	}
	defer rows.Close()

	var out []Ticket
	for rows.Next() {
		var t Ticket
		if err := rows.Scan(&t.ID, &t.Subject, &t.Priority, &t.Status, &t.UpdatedAt); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}
