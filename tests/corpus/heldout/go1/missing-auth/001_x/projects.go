package main

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"
)

type Project struct {
	ID      string `json:"id"`
	OwnerID string `json:"owner_id"`
	Name    string `json:"name"`
}

type ProjectStore interface {
	List(ctx context.Context, owner string) ([]Project, error)
	Create(ctx context.Context, p Project) (Project, error)
	Get(ctx context.Context, id string) (Project, error)
	Rename(ctx context.Context, id, name string) error
	Delete(ctx context.Context, id string) error
}

type ProjectHandlers struct {
	Store ProjectStore
}

func (h *ProjectHandlers) List(c *gin.Context) {
	items, err := h.Store.List(c.Request.Context(), c.GetString("userID"))
	if err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": "internal error"})
		return
	}
	c.JSON(http.StatusOK, items)
}

func (h *ProjectHandlers) Create(c *gin.Context) {
	var in struct {
		Name string `json:"name" binding:"required,max=120"`
	}
	if err := c.ShouldBindJSON(&in); err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": "name is required"})
		return
	}
	p, err := h.Store.Create(c.Request.Context(), Project{OwnerID: c.GetString("userID"), Name: in.Name})
	if err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": "internal error"})
		return
	}
	c.JSON(http.StatusCreated, p)
}

func (h *ProjectHandlers) Get(c *gin.Context) {
	p, err := h.Store.Get(c.Request.Context(), c.Param("id"))
	if err != nil || p.OwnerID != c.GetString("userID") {
		c.JSON(http.StatusNotFound, gin.H{"error": "not found"})
		return
	}
	c.JSON(http.StatusOK, p)
}

func (h *ProjectHandlers) Update(c *gin.Context) {
	var in struct {
		Name string `json:"name" binding:"required,max=120"`
	}
	if err := c.ShouldBindJSON(&in); err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": "name is required"})
		return
	}
	p, err := h.Store.Get(c.Request.Context(), c.Param("id"))
	if err != nil || p.OwnerID != c.GetString("userID") {
		c.JSON(http.StatusNotFound, gin.H{"error": "not found"})
		return
	}
	if err := h.Store.Rename(c.Request.Context(), p.ID, in.Name); err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": "internal error"})
		return
	}
	c.Status(http.StatusNoContent)
}

func (h *ProjectHandlers) Delete(c *gin.Context) {
	if err := h.Store.Delete(c.Request.Context(), c.Param("id")); err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": "internal error"})
		return
	}
	c.Status(http.StatusNoContent)
}
