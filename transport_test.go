package zendesk

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestRedirectToAnotherHostIsNotFollowed(t *testing.T) {
	var reached atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached.Add(1)
		w.Write([]byte(`{}`))
	}))
	defer other.Close()
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, strings.Replace(other.URL, "127.0.0.1", "localhost", 1)+r.URL.Path, http.StatusFound)
	}))
	defer api.Close()
	c, err := NewClient("", WithBaseURL(api.URL), WithAPIToken("a@b.c", "s3cr3t"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.get(context.Background(), "tickets/1.json", nil, nil)
	var e *APIError
	if !errors.As(err, &e) || e.StatusCode != http.StatusFound {
		t.Fatalf("err = %v, want the 302 as an *APIError", err)
	}
	if reached.Load() != 0 {
		t.Error("the redirect was followed to another host")
	}
}

func TestRedirectWithCallersClientDropsCredentials(t *testing.T) {
	var gotAuth atomic.Value
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotAuth.Store(r.Header.Get("Authorization"))
		w.Write([]byte(`{}`))
	}))
	defer other.Close()
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, strings.Replace(other.URL, "127.0.0.1", "localhost", 1)+r.URL.Path, http.StatusFound)
	}))
	defer api.Close()
	// The caller's own redirect policy is kept; Go drops credentials on a cross-host hop.
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return nil }}
	c, err := NewClient("", WithBaseURL(api.URL), WithAPIToken("a@b.c", "s3cr3t"), WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.get(context.Background(), "tickets/1.json", nil, nil); err != nil {
		t.Fatal(err)
	}
	if v, _ := gotAuth.Load().(string); v != "" {
		t.Errorf("credentials followed the redirect: %q", v)
	}
}

func TestRateLimitFiguresAreExposed(t *testing.T) {
	c, mock := setup(t)
	if rl := c.RateLimit(); !rl.Observed.IsZero() {
		t.Errorf("figures before any answer: %+v", rl)
	}
	on(t, mock, "GET", "/api/v2/tickets/1.json", respond(200, `{}`, "X-Rate-Limit", "700", "X-Rate-Limit-Remaining", "699", "ratelimit-reset", "42"))
	if _, err := c.get(context.Background(), "tickets/1.json", nil, nil); err != nil {
		t.Fatal(err)
	}
	rl := c.RateLimit()
	if rl.Limit != 700 || rl.Remaining != 699 || rl.Observed.IsZero() || time.Until(rl.Reset) < 40*time.Second {
		t.Errorf("RateLimit() = %+v", rl)
	}
}

func TestSpentBudgetWaitsForReset(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", "/api/v2/tickets/1.json", respond(200, `{}`, "X-Rate-Limit", "700", "X-Rate-Limit-Remaining", "0", "ratelimit-reset", "30"))
	if _, err := c.get(context.Background(), "tickets/1.json", nil, nil); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := c.get(ctx, "tickets/1.json", nil, nil); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want to wait for the reset past the deadline", err)
	}
	if rec.count() != 1 {
		t.Errorf("%d requests: one was sent with no budget left", rec.count())
	}
}

func TestWithRateLimitPaces(t *testing.T) {
	c, mock := setup(t, WithRateLimit(60)) // one a second, burst 1
	rec := on(t, mock, "GET", "/api/v2/tickets/1.json", respond(200, `{}`))
	if _, err := c.get(context.Background(), "tickets/1.json", nil, nil); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err := c.get(ctx, "tickets/1.json", nil, nil)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the pace to outlive the deadline", err)
	}
	if rec.count() != 1 {
		t.Errorf("%d requests, want 1", rec.count())
	}
	if _, err := NewClient("acme", WithAPIToken("a", "b"), WithRateLimit(-1)); err == nil {
		t.Error("negative rate accepted")
	}
}
