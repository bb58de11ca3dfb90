package main

import (
	"context"
	"encoding/json"
	"log"
	"net/http"
	"net/netip"
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
	addr, err := netip.ParseAddr(r.PathValue("ip"))
	if err != nil {
		http.Error(w, "ip must be an IPv4 or IPv6 address", http.StatusBadRequest)
		return
	}
	target := addr.String()

	ctx, cancel := context.WithTimeout(r.Context(), 20*time.Second)
	defer cancel()

	cmd := exec.CommandContext(ctx, "traceroute", "-m", "12", "-w", "1", target)
	out, err := cmd.CombinedOutput()

	res := diagResult{Target: target, Output: string(out), OK: err == nil}
	if err != nil {
		log.Printf("traceroute to %s failed: %v", target, err)
	}

	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(res)
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /diag/trace/{ip}", traceHandler)
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
