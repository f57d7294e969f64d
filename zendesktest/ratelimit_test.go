package zendesktest

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestRateLimit_DefaultHeadersOnEveryAnswer: a server built with no options announces the
// recorded accounts' 700 a minute on every answer (errors included), counts it down, and never
// refuses.
func TestRateLimit_DefaultHeadersOnEveryAnswer(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	a := send(t, s, "GET", "/api/v2/tickets/404.json", nil).want(t, http.StatusNotFound)
	if a.header.Get("X-Rate-Limit") != "700" || a.header.Get("X-Rate-Limit-Remaining") != "699" {
		t.Errorf("a 404: X-Rate-Limit %q, X-Rate-Limit-Remaining %q, want 700 and 699",
			a.header.Get("X-Rate-Limit"), a.header.Get("X-Rate-Limit-Remaining"))
	}
	for _, h := range []string{"Ratelimit-Reset", "Rate-Limit", "Retry-After"} {
		if v := a.header.Get(h); v != "" {
			t.Errorf("%s: %q on a default server", h, v)
		}
	}
	for i := 2; i <= DefaultRateLimit+1; i++ {
		a = send(t, s, "GET", "/api/v2/tickets/count.json", nil)
		if a.status != http.StatusOK {
			t.Fatalf("request %d: status %d: the default budget refused", i, a.status)
		}
	}
	if got := a.header.Get("X-Rate-Limit-Remaining"); got != "0" {
		t.Errorf("past the default budget: remaining %q, want 0", got)
	}
}

// TestRateLimit_EndpointBudget: the ticket lists have a budget of their own, announced in
// Zendesk-RateLimit-tickets-index and shared by every list; past it a list gets 429 with
// Retry-After while other routes go on, and a refused request costs no budget.
func TestRateLimit_EndpointBudget(t *testing.T) {
	t.Parallel()
	// The window is the real clock's (over real HTTP): the five requests below must fit in
	// it, so it is 900 ms, the longest still announced as resets=1, room for a loaded machine.
	s := newServer(t, WithEndpointRateLimit("tickets-index", 2), WithRateWindow(900*time.Millisecond))
	org := s.AddOrganization("Acme")
	for i, want := range []string{"total=2; remaining=1; resets=1", "total=2; remaining=0; resets=1"} {
		a := send(t, s, "GET", "/api/v2/tickets.json", nil).want(t, http.StatusOK)
		if got := a.header.Get("Zendesk-RateLimit-tickets-index"); got != want {
			t.Errorf("list %d: Zendesk-RateLimit-tickets-index %q, want %q", i, got, want)
		}
		if got := a.header.Get("X-Rate-Limit-Remaining"); got != fmt.Sprint(699-i) {
			t.Errorf("list %d: account remaining %q", i, got)
		}
	}
	for _, p := range []string{"/api/v2/tickets.json", fmt.Sprintf("/api/v2/organizations/%d/tickets.json", org)} {
		a := send(t, s, "GET", p, nil)
		wantError(t, a, http.StatusTooManyRequests, "TooManyRequests")
		if a.header.Get("Retry-After") != "1" || a.header.Get("Zendesk-RateLimit-tickets-index") != "total=2; remaining=0; resets=1" {
			t.Errorf("%s past the budget: Retry-After %q, %q", p, a.header.Get("Retry-After"), a.header.Get("Zendesk-RateLimit-tickets-index"))
		}
		if got := a.header.Get("X-Rate-Limit-Remaining"); got != "698" {
			t.Errorf("a refused list cost the account's budget: remaining %q, want 698", got)
		}
	}
	a := send(t, s, "GET", "/api/v2/tickets/count.json", nil).want(t, http.StatusOK)
	if got := a.header.Get("Zendesk-RateLimit-tickets-index"); got != "" {
		t.Errorf("another route carries the lists' budget: %q", got)
	}
	time.Sleep(950 * time.Millisecond) // past the window's end
	a = send(t, s, "GET", "/api/v2/tickets.json", nil).want(t, http.StatusOK)
	if got := a.header.Get("Zendesk-RateLimit-tickets-index"); got != "total=2; remaining=1; resets=1" {
		t.Errorf("a new window: %q", got)
	}
}

// TestRateLimit_EndpointHeaderSpelling: the per-endpoint header goes on the wire as Zendesk
// spells it, Zendesk-RateLimit-<name>.
func TestRateLimit_EndpointHeaderSpelling(t *testing.T) {
	t.Parallel()
	s := newServer(t, WithEndpointRateLimit("tickets-index", 5), WithoutAuth())
	conn, err := net.Dial("tcp", strings.TrimPrefix(s.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET /api/v2/tickets.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	r := bufio.NewReader(conn)
	var found bool
	for {
		line, err := r.ReadString('\n')
		if err != nil || line == "\r\n" {
			break
		}
		found = found || strings.HasPrefix(line, "Zendesk-RateLimit-tickets-index: total=5; remaining=4; resets=")
	}
	if !found {
		t.Error("no `Zendesk-RateLimit-tickets-index: total=5; remaining=4; …` line in the answer")
	}
}

// TestRateLimit_EndpointBudgetsByName: the export budgets apply to their routes by name, served
// or not yet (404 today), and custom budgets take their routes as patterns.
func TestRateLimit_EndpointBudgetsByName(t *testing.T) {
	t.Parallel()
	s := newServer(t,
		WithEndpointRateLimit("incremental-exports", 1),
		WithEndpointRateLimit("search-export", 1),
		WithEndpointRateLimit("ticket-audits", 1, "GET tickets/*/audits"),
	)
	tk, _ := create(t, s, obj{})
	for _, tt := range []struct{ path, header string }{
		{"/api/v2/incremental/tickets/cursor.json?start_time=0", "Zendesk-RateLimit-incremental-exports"},
		{"/api/v2/search/export.json?query=x&filter[type]=ticket", "Zendesk-RateLimit-search-export"},
		{tpath(tk.ID, "/audits.json"), "Zendesk-RateLimit-ticket-audits"},
	} {
		a := send(t, s, "GET", tt.path, nil)
		if a.status == http.StatusTooManyRequests || !strings.HasPrefix(a.header.Get(tt.header), "total=1; remaining=0; resets=") {
			t.Errorf("%s: status %d, %s %q", tt.path, a.status, tt.header, a.header.Get(tt.header))
		}
		a = send(t, s, "GET", tt.path, nil)
		wantError(t, a, http.StatusTooManyRequests, "TooManyRequests")
		if a.header.Get("Retry-After") == "" {
			t.Errorf("%s: 429 without Retry-After", tt.path)
		}
	}
	// One budget for every incremental export.
	wantError(t, send(t, s, "GET", "/api/v2/incremental/users.json?start_time=0", nil), http.StatusTooManyRequests, "TooManyRequests")
	// A ticket is still there to read.
	send(t, s, "GET", tpath(tk.ID, ".json"), nil).want(t, http.StatusOK)

	// A second option with the same name replaces the first; 0 removes it.
	r := newServer(t, WithEndpointRateLimit("tickets-index", 1), WithEndpointRateLimit("tickets-index", 3),
		WithEndpointRateLimit("search-export", 1), WithEndpointRateLimit("search-export", 0))
	if got := send(t, r, "GET", "/api/v2/tickets.json", nil).header.Get("Zendesk-RateLimit-tickets-index"); got != "total=3; remaining=2; resets=60" {
		t.Errorf("replaced budget: %q", got)
	}
	if got := send(t, r, "GET", "/api/v2/search/export.json", nil).header.Get("Zendesk-RateLimit-search-export"); got != "" {
		t.Errorf("removed budget: %q", got)
	}

	defer func() {
		if recover() == nil {
			t.Error("an unknown budget without routes was accepted")
		}
	}()
	WithEndpointRateLimit("no-such-budget", 1)
}

// TestRateLimit_Headers2023: the 2023 spelling replaces the others, with and without an
// enforced limit.
func TestRateLimit_Headers2023(t *testing.T) {
	t.Parallel()
	s := newServer(t, WithRateLimit(3), WithRateLimitHeaders2023())
	a := send(t, s, "GET", "/api/v2/tickets.json", nil).want(t, http.StatusOK)
	if a.header.Get("Rate-Limit") != "3" || a.header.Get("Rate-Limit-Remaining") != "2" || a.header.Get("Rate-Limit-Reset") == "" {
		t.Errorf("rate-limit %q, rate-limit-remaining %q, rate-limit-reset %q", a.header.Get("Rate-Limit"),
			a.header.Get("Rate-Limit-Remaining"), a.header.Get("Rate-Limit-Reset"))
	}
	for _, h := range []string{"X-Rate-Limit", "X-Rate-Limit-Remaining", "Ratelimit-Limit", "Ratelimit-Remaining", "Ratelimit-Reset"} {
		if v := a.header.Get(h); v != "" {
			t.Errorf("%s: %q next to the 2023 spelling", h, v)
		}
	}
	d := newServer(t, WithRateLimitHeaders2023())
	a = send(t, d, "GET", "/api/v2/tickets.json", nil).want(t, http.StatusOK)
	if a.header.Get("Rate-Limit") != "700" || a.header.Get("Rate-Limit-Remaining") != "699" || a.header.Get("X-Rate-Limit") != "" {
		t.Errorf("default budget in the 2023 spelling: %v", a.header)
	}
}
