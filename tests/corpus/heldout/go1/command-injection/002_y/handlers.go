package repos

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

type ChangelogRequest struct {
	Repo string `json:"repo" binding:"required"`
	From string `json:"from" binding:"required"`
	To   string `json:"to"`
}

type Server struct {
	Git *GitRunner
}

func (s *Server) RegisterRoutes(r *gin.RouterGroup) {
	r.POST("/changelog", s.changelog)
}

func (s *Server) changelog(c *gin.Context) {
	var req ChangelogRequest
	if err := c.ShouldBindJSON(&req); err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": "invalid request body"})
		return
	}
	if req.To == "" {
		req.To = "HEAD"
	}

	from := checkRefName(req.From)
	to := checkRefName(req.To)

	lines, err := s.Git.Log(c.Request.Context(), req.Repo, from, to)
	if err != nil {
		c.JSON(http.StatusUnprocessableEntity, gin.H{"error": "could not build changelog"})
		return
	}
	c.JSON(http.StatusOK, gin.H{"entries": lines})
}
