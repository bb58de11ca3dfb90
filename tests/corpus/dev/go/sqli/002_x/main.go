package main

import (
	"database/sql"
	"encoding/json"
	"log"
	"net/http"
	"os"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
)

type app struct {
	tickets *TicketStore
}

func (a *app) listTickets(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	opts := ListOptions{
		Queue:     r.PathValue("queue"),
		SortField: q.Get("sort"),
		SortDir:   strings.ToUpper(q.Get("dir")),
	}

	tickets, err := a.tickets.List(r.Context(), opts)
	if err != nil {
		log.Printf("list tickets: %v", err)
		http.Error(w, "could not list tickets", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(tickets)
}

func main() {
	db, err := sql.Open("pgx", os.Getenv("DATABASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	a := &app{tickets: &TicketStore{db: db}}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /queues/{queue}/tickets", a.listTickets)

	srv := &http.Server{Addr: ":8081", Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	log.Fatal(srv.ListenAndServe())
}
