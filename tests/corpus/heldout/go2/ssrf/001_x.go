package preview

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
)

type Card struct {
	URL   string `json:"url"`
	Title string `json:"title"`
}

type Service struct {
	Client *http.Client
}

func NewService() *Service {
	return &Service{Client: &http.Client{
		Timeout: 5 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}}
}

// unfurlHosts lists the sites we render preview cards for.
var unfurlHosts = map[string]bool{
	"github.com":       true,
	"www.youtube.com":  true,
	"youtu.be":         true,
	"en.wikipedia.org": true,
	"docs.google.com":  true,
}

func (s *Service) Routes() chi.Router {
	r := chi.NewRouter()
	r.Post("/unfurl", s.unfurl)
	return r
}

var titleRe = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)

var errBadLink = errors.New("link not supported")

// normalizeLink makes sure the pasted text is a web link we can unfurl.
func normalizeLink(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, errBadLink
	}
	if u.Scheme != "https" || u.User != nil {
		return nil, errBadLink
	}
	if u.Port() != "" || !unfurlHosts[strings.ToLower(u.Hostname())] {
		return nil, errBadLink
	}
	u.Fragment = ""
	return u, nil
}

func (s *Service) unfurl(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Link string `json:"link"`
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, 8<<10)).Decode(&body); err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	u, err := normalizeLink(body.Link)
	if err != nil {
		http.Error(w, "link not supported", http.StatusUnprocessableEntity)
		return
	}

	title, err := s.fetchTitle(r.Context(), u)
	if err != nil {
		http.Error(w, "could not load preview", http.StatusBadGateway)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(Card{URL: u.String(), Title: title})
}

func (s *Service) fetchTitle(ctx context.Context, u *url.URL) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return "", err
	}
	req.Header.Set("User-Agent", "chat-unfurl/1.0")
	resp, err := s.Client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", errors.New("unexpected status")
	}
	page, err := io.ReadAll(io.LimitReader(resp.Body, 256<<10))
	if err != nil {
		return "", err
	}
	m := titleRe.FindSubmatch(page)
	if m == nil {
		return "", nil
	}
	return strings.TrimSpace(string(m[1])), nil
}
