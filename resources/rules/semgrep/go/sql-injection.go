package handlers

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/gorilla/mux"
	"github.com/jmoiron/sqlx"
	"github.com/labstack/echo/v4"
	"gorm.io/gorm"
)

type Server struct {
	db   *sql.DB
	xdb  *sqlx.DB
	gdb  *gorm.DB
}

type User struct {
	ID   int
	Name string
}

var sortColumns = map[string]string{
	"name":    "name",
	"created": "created_at",
}

func (s *Server) SearchUsers(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	// ruleid: go-sql-injection
	rows, err := s.db.Query("SELECT id, name FROM users WHERE name = '" + name + "'")
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	defer rows.Close()

	// ok: go-sql-injection
	rows2, _ := s.db.Query("SELECT id, name FROM users WHERE name = $1", name)
	defer rows2.Close()
}

func (s *Server) DeleteUser(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	q := fmt.Sprintf("DELETE FROM users WHERE id = %s", id)
	// ruleid: go-sql-injection
	s.db.ExecContext(r.Context(), q)

	n, err := strconv.Atoi(id)
	if err != nil {
		http.Error(w, "bad id", http.StatusBadRequest)
		return
	}
	// ok: go-sql-injection
	s.db.ExecContext(r.Context(), fmt.Sprintf("DELETE FROM users WHERE id = %d", n))
}

func (s *Server) GetOrder(w http.ResponseWriter, r *http.Request) {
	vars := mux.Vars(r)
	var name string
	// ruleid: go-sql-injection
	s.db.QueryRow("SELECT name FROM orders WHERE ref = '" + vars["ref"] + "'").Scan(&name)

	// ok: go-sql-injection
	s.db.QueryRow("SELECT name FROM orders WHERE ref = ?", vars["ref"]).Scan(&name)
}

func (s *Server) ListSorted(w http.ResponseWriter, r *http.Request) {
	col, ok := sortColumns[r.URL.Query().Get("sort")]
	if !ok {
		col = "name"
	}
	// ok: go-sql-injection
	s.db.Query("SELECT id, name FROM users ORDER BY " + col)

	raw := r.URL.Query().Get("sort")
	// ruleid: go-sql-injection
	s.db.Query("SELECT id, name FROM users ORDER BY " + raw)
}

func (s *Server) CreateUser(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Name  string `json:"name"`
		Email string `json:"email"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	var sb strings.Builder
	sb.WriteString("INSERT INTO users (name, email) VALUES ('")
	sb.WriteString(in.Name)
	sb.WriteString("', '")
	sb.WriteString(in.Email)
	sb.WriteString("')")
	// ruleid: go-sql-injection
	s.db.Exec(sb.String())

	// ok: go-sql-injection
	s.db.Exec("INSERT INTO users (name, email) VALUES ($1, $2)", in.Name, in.Email)
}

func (s *Server) GinSearch(c *gin.Context) {
	term := c.Query("q")
	var users []User
	// ruleid: go-sql-injection
	s.xdb.Select(&users, "SELECT * FROM users WHERE name LIKE '%"+term+"%'")

	// ok: go-sql-injection
	s.xdb.Select(&users, "SELECT * FROM users WHERE name LIKE $1", "%"+term+"%")

	// ruleid: go-sql-injection
	s.gdb.Where(fmt.Sprintf("name = '%s'", term)).Find(&users)

	// ok: go-sql-injection
	s.gdb.Where("name = ?", term).Find(&users)

	// ok: go-sql-injection
	s.gdb.Where(&User{Name: term}).Find(&users)
}

type filter struct {
	Status string `json:"status"`
}

func (s *Server) GinFilter(c *gin.Context) {
	var f filter
	if err := c.ShouldBindJSON(&f); err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": "invalid body"})
		return
	}
	var users []User
	// ruleid: go-sql-injection
	s.gdb.Raw("SELECT * FROM users WHERE status = '" + f.Status + "'").Scan(&users)

	// ok: go-sql-injection
	s.gdb.Raw("SELECT * FROM users WHERE status = ?", f.Status).Scan(&users)
}

func (s *Server) EchoGet(c echo.Context) error {
	id := c.Param("id")
	var u User
	// ruleid: go-sql-injection
	err := s.xdb.GetContext(c.Request().Context(), &u, "SELECT * FROM users WHERE id = "+id)
	if err != nil {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	// ok: go-sql-injection
	err = s.xdb.GetContext(c.Request().Context(), &u, "SELECT * FROM users WHERE id = $1", id)

	table := "users"
	// ok: go-sql-injection
	s.db.Query("SELECT count(*) FROM " + table)
	return c.JSON(http.StatusOK, u)
}

func (s *Server) EchoBind(c echo.Context) error {
	var req struct {
		Dept string `query:"dept"`
	}
	if err := c.Bind(&req); err != nil {
		return err
	}
	// ruleid: go-sql-injection
	s.db.Query(fmt.Sprintf("SELECT * FROM staff WHERE dept = '%s'", req.Dept))
	switch req.Dept {
	case "sales", "support":
	default:
		return echo.NewHTTPError(http.StatusBadRequest)
	}
	// ok: go-sql-injection
	s.db.Query(fmt.Sprintf("SELECT * FROM staff_%s", req.Dept))
	return nil
}

type OrderQuery struct {
	Customer string
	Sort     string
	Limit    int
}

var orderSortColumns = map[string]string{"date": "created_at", "total": "total_cents"}

type OrderRepo struct{ db *sqlx.DB }

func (o *OrderRepo) Find(ctx context.Context, q OrderQuery) ([]int64, error) {
	var ids []int64
	// ruleid: go-sql-injection-caller-field
	err := o.db.SelectContext(ctx, &ids, "SELECT id FROM orders WHERE customer = ? ORDER BY "+q.Sort, q.Customer)
	return ids, err
}

func (o *OrderRepo) FindMapped(ctx context.Context, q *OrderQuery) ([]int64, error) {
	col, ok := orderSortColumns[q.Sort]
	if !ok {
		col = "created_at"
	}
	var ids []int64
	// ok: go-sql-injection-caller-field
	err := o.db.SelectContext(ctx, &ids, fmt.Sprintf("SELECT id FROM orders WHERE customer = ? ORDER BY %s LIMIT %d", col, q.Limit), q.Customer)
	return ids, err
}

func (o *OrderRepo) FindByCustomer(ctx context.Context, q OrderQuery) ([]int64, error) {
	var ids []int64
	// ok: go-sql-injection-caller-field
	err := o.db.SelectContext(ctx, &ids, "SELECT id FROM orders WHERE customer = ?", q.Customer)
	return ids, err
}

var orderSortable = map[string]bool{"created_at": true, "total_cents": true}

func (q *OrderQuery) tidy() {
	if !orderSortable[q.Sort] {
		q.Sort = "created_at"
	}
}

func (o *OrderRepo) FindTidied(ctx context.Context, q OrderQuery) ([]int64, error) {
	q.tidy()
	var ids []int64
	// tidy (defined in this file) resets Sort unless it is in the allow-list
	// ok: go-sql-injection-caller-field
	err := o.db.SelectContext(ctx, &ids, "SELECT id FROM orders ORDER BY "+q.Sort)
	return ids, err
}

func (q *OrderQuery) trim() {
	q.Sort = strings.TrimSpace(q.Sort)
}

func (o *OrderRepo) FindTrimmed(ctx context.Context, q OrderQuery) ([]int64, error) {
	q.trim()
	var ids []int64
	// ruleid: go-sql-injection-caller-field
	err := o.db.SelectContext(ctx, &ids, "SELECT id FROM orders ORDER BY "+q.Sort)
	return ids, err
}

type PageQuery struct {
	Dir  string
	Sort string
}

func (p *PageQuery) clamp() {
	if p.Dir != "ASC" && p.Dir != "DESC" {
		p.Dir = "ASC"
	}
}

func (o *OrderRepo) Page(ctx context.Context, p PageQuery) ([]int64, error) {
	p.clamp()
	var ids []int64
	// ok: go-sql-injection-caller-field
	err := o.db.SelectContext(ctx, &ids, "SELECT id FROM orders ORDER BY created_at "+p.Dir)
	if err != nil {
		return nil, err
	}
	// clamp only fixes Dir; Sort is still the caller's text
	// ruleid: go-sql-injection-caller-field
	err = o.db.SelectContext(ctx, &ids, "SELECT id FROM orders ORDER BY "+p.Sort+" "+p.Dir)
	return ids, err
}

func (o *OrderRepo) PageLater(ctx context.Context, p LaterQuery) ([]int64, error) {
	p.fix()
	var ids []int64
	// The fixing method is defined after its caller; only methods defined before the caller are read.
	// todook: go-sql-injection-caller-field
	err := o.db.SelectContext(ctx, &ids, "SELECT id FROM orders ORDER BY created_at "+p.Dir)
	return ids, err
}

type LaterQuery struct{ Dir string }

func (p *LaterQuery) fix() {
	if p.Dir != "ASC" && p.Dir != "DESC" {
		p.Dir = "DESC"
	}
}
