package catalog

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
	"gorm.io/gorm"
)

type Book struct {
	ID        uint    `json:"id" gorm:"primaryKey"`
	Title     string  `json:"title"`
	Author    string  `json:"author"`
	Publisher string  `json:"publisher"`
	Price     float64 `json:"price"`
}

type BookController struct {
	db *gorm.DB
}

func NewBookController(db *gorm.DB) *BookController {
	return &BookController{db: db}
}

func (bc *BookController) Register(r *gin.RouterGroup) {
	r.GET("/books", bc.Search)
}

// Search lists books by author, optionally restricted to one publisher.
func (bc *BookController) Search(c *gin.Context) {
	author := strings.TrimSpace(c.Query("author"))
	publisher := strings.TrimSpace(c.Query("publisher"))

	tx := bc.db.WithContext(c.Request.Context()).Model(&Book{})
	if author != "" {
		tx = tx.Where(fmt.Sprintf("author LIKE '%%%s%%'", author))
	}
	if publisher != "" {
		tx = tx.Where("publisher = ?", publisher)
	}

	var books []Book
	if err := tx.Order("title").Limit(100).Find(&books).Error; err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": "search failed"})
		return
	}
	c.JSON(http.StatusOK, books)
}
