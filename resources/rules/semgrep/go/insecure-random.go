package auth

import (
	"fmt"
	"math/rand"
	"net/http"
	"time"
)

const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

func GenerateSessionToken(n int) string {
	b := make([]byte, n)
	for i := range b {
		// ruleid: go-insecure-random
		b[i] = letters[rand.Intn(len(letters))]
	}
	return string(b)
}

func SendResetEmail(w http.ResponseWriter, r *http.Request) {
	// ruleid: go-insecure-random
	resetCode := fmt.Sprintf("%06d", rand.Intn(1000000))
	_ = resetCode
	w.WriteHeader(http.StatusAccepted)
}

func RetryDelay(attempt int) time.Duration {
	// ok: go-insecure-random
	jitter := time.Duration(rand.Intn(100)) * time.Millisecond
	return time.Duration(attempt)*time.Second + jitter
}

func ShuffleQuestions(qs []string) {
	// ok: go-insecure-random
	rand.Shuffle(len(qs), func(i, j int) { qs[i], qs[j] = qs[j], qs[i] })
}

func PickBanner(banners []string) string {
	// ok: go-insecure-random
	return banners[rand.Intn(len(banners))]
}
