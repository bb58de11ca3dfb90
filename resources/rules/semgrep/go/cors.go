package server

import (
	"net/http"
	"slices"
	"time"

	gincors "github.com/gin-contrib/cors"
	"github.com/gin-gonic/gin"
	"github.com/rs/cors"
)

var trustedOrigins = []string{"https://app.example.com", "https://admin.example.com"}

func NewRSCors(h http.Handler) http.Handler {
	// ruleid: go-cors-wildcard-credentials
	c := cors.New(cors.Options{
		AllowedOrigins:   []string{"*"},
		AllowedMethods:   []string{"GET", "POST"},
		AllowCredentials: true,
	})
	return c.Handler(h)
}

func NewRSCorsStrict(h http.Handler) http.Handler {
	// ok: go-cors-wildcard-credentials
	c := cors.New(cors.Options{
		AllowedOrigins:   trustedOrigins,
		AllowCredentials: true,
	})
	return c.Handler(h)
}

func NewPublicCors(h http.Handler) http.Handler {
	// ok: go-cors-wildcard-credentials
	c := cors.New(cors.Options{
		AllowedOrigins: []string{"*"},
		AllowedMethods: []string{"GET"},
	})
	return c.Handler(h)
}

func SetupGin(r *gin.Engine) {
	// ruleid: go-cors-wildcard-credentials
	r.Use(gincors.New(gincors.Config{
		AllowOriginFunc:  func(origin string) bool { return true },
		AllowMethods:     []string{"GET", "POST"},
		AllowCredentials: true,
		MaxAge:           12 * time.Hour,
	}))
}

func NewRSCorsAnyOrigin(h http.Handler) http.Handler {
	// ruleid: go-cors-wildcard-credentials
	c := cors.New(cors.Options{
		AllowOriginFunc: func(o string) bool {
			return len(o) > 0
		},
		AllowedMethods:   []string{"GET", "PUT"},
		AllowCredentials: true,
	})
	return c.Handler(h)
}

func NewRSCorsListedOrigin(h http.Handler) http.Handler {
	// ok: go-cors-wildcard-credentials
	c := cors.New(cors.Options{
		AllowOriginFunc: func(o string) bool {
			return slices.Contains(trustedOrigins, o)
		},
		AllowCredentials: true,
	})
	return c.Handler(h)
}

func SetupGinAnyOrigin(r *gin.Engine) {
	// ruleid: go-cors-wildcard-credentials
	r.Use(gincors.New(gincors.Config{
		AllowCredentials: true,
		AllowOriginFunc:  func(origin string) bool { return origin != "" },
	}))
}

func SetupGinStrict(r *gin.Engine) {
	// ok: go-cors-wildcard-credentials
	r.Use(gincors.New(gincors.Config{
		AllowOrigins:     []string{"https://app.example.com"},
		AllowCredentials: true,
	}))
}

func CorsMiddleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		// ruleid: go-cors-reflected-origin-credentials
		w.Header().Set("Access-Control-Allow-Origin", origin)
		w.Header().Set("Access-Control-Allow-Credentials", "true")
		next.ServeHTTP(w, r)
	})
}

func CorsMiddlewareChecked(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		if slices.Contains(trustedOrigins, origin) {
			// ok: go-cors-reflected-origin-credentials
			w.Header().Set("Access-Control-Allow-Origin", origin)
			w.Header().Set("Access-Control-Allow-Credentials", "true")
			w.Header().Add("Vary", "Origin")
		}
		next.ServeHTTP(w, r)
	})
}

func GinCors() gin.HandlerFunc {
	return func(c *gin.Context) {
		// ruleid: go-cors-reflected-origin-credentials
		c.Header("Access-Control-Allow-Origin", c.GetHeader("Origin"))
		c.Header("Access-Control-Allow-Credentials", "true")
		c.Next()
	}
}

func GinCorsPublic() gin.HandlerFunc {
	return func(c *gin.Context) {
		// ok: go-cors-reflected-origin-credentials
		c.Header("Access-Control-Allow-Origin", "*")
		c.Header("Access-Control-Allow-Methods", "GET")
		c.Next()
	}
}
