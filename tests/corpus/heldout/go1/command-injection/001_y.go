package main

import (
	"context"
	"encoding/json"
	"log"
	"net/http"
	"os/exec"
	"time"
)

type diagResult struct {
	Target string `json:"target"`
	Output string `json:"output"`
	OK     bool   `json:"ok"`
}

// traceHandler runs a short traceroute from this node so that support staff
// can see the network path towards a customer endpoint.
func traceHandler(w http.ResponseWriter, r *http.Request) {
	target := r.PathValue("host")
	if target == "" {
		http.Error(w, "missing host", http.StatusBadRequest)
		return
	}

	ctx, cancel := context.WithTimeout(r.Context(), 20*time.Second)
	defer cancel()

	cmd := exec.CommandContext(ctx, "/bin/sh", "-c", "traceroute -m 12 -w 1 "+target+" 2>&1")
	out, err := cmd.Output()

	res := diagResult{Target: target, Output: string(out), OK: err == nil}
	if err != nil {
		log.Printf("traceroute to %q failed: %v", target, err)
	}

	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(res)
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /diag/trace/{host}", traceHandler)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})

	srv := &http.Server{
		Addr:              ":8080",
		Handler:           mux,
		ReadHeaderTimeout: 5 * time.Second,
	}
	log.Fatal(srv.ListenAndServe())
}
