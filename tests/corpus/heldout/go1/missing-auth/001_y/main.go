package main

import (
	"log"
	"net/http"
	"os"
	"time"

	"github.com/gin-gonic/gin"
)

func main() {
	verifier, err := NewTokenVerifier(os.Getenv("TOKEN_SIGNING_KEY"))
	if err != nil {
		log.Fatal(err)
	}
	store, err := OpenProjectStore(os.Getenv("DATABASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	h := &ProjectHandlers{Store: store}
	acct := &AccountHandlers{Verifier: verifier}

	r := gin.New()
	r.Use(gin.Logger(), gin.Recovery())

	r.GET("/health", func(c *gin.Context) { c.Status(http.StatusNoContent) })
	r.POST("/login", acct.Login)
	r.POST("/signup", acct.Signup)

	api := r.Group("/api/v1", RequireToken(verifier))
	{
		api.GET("/projects", h.List)
		api.POST("/projects", h.Create)
		api.GET("/projects/:id", h.Get)
		api.PATCH("/projects/:id", h.Update)
		api.DELETE("/projects/:id", h.Delete)
	}

	srv := &http.Server{
		Addr:              ":8080",
		Handler:           r,
		ReadHeaderTimeout: 5 * time.Second,
	}
	log.Fatal(srv.ListenAndServe())
}
