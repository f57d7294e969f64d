package zendesktest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"
)

func TestRateLimit_429WithRetryAfterAndHeaders(t *testing.T) {
	s := newServer(t, WithRateLimit(3))
	for i := range 3 {
		a := send(t, s, "GET", "/api/v2/tickets.json", nil).want(t, http.StatusOK)
		if a.header.Get("X-Rate-Limit") != "3" || a.header.Get("X-Rate-Limit-Remaining") != fmt.Sprint(2-i) {
			t.Errorf("request %d: limit %q remaining %q", i, a.header.Get("X-Rate-Limit"), a.header.Get("X-Rate-Limit-Remaining"))
		}
	}
	a := send(t, s, "GET", "/api/v2/tickets.json", nil)
	wantError(t, a, http.StatusTooManyRequests, "TooManyRequests")
	if ra := a.header.Get("Retry-After"); ra == "" || ra == "0" {
		t.Errorf("Retry-After %q", ra)
	}
	if a.header.Get("X-Rate-Limit-Remaining") != "0" {
		t.Errorf("remaining %q", a.header.Get("X-Rate-Limit-Remaining"))
	}
	// The token endpoint is not counted.
	tokenRequest(t, s, obj{"grant_type": "client_credentials", "client_id": DefaultClientID,
		"client_secret": DefaultClientSecret}).want(t, http.StatusOK)
}

func TestFailNext_NRequestsThenNormal(t *testing.T) {
	s := newServer(t, WithRetryAfter(2*time.Second))
	s.FailNext("POST", "tickets", 2, http.StatusServiceUnavailable)
	body := obj{"ticket": obj{"comment": obj{"body": "x"}}}
	for range 2 {
		a := send(t, s, "POST", "/api/v2/tickets.json", body).want(t, http.StatusServiceUnavailable)
		if a.header.Get("Retry-After") != "2" || a.header.Get("X-Request-Id") == "" {
			t.Errorf("headers %v", a.header)
		}
	}
	if s.TicketsCreated() != 0 {
		t.Error("a failed request created a ticket")
	}
	send(t, s, "POST", "/api/v2/tickets.json", body).want(t, http.StatusCreated)
	if n := s.RequestCount("POST", "/api/v2/tickets.json"); n != 3 {
		t.Errorf("RequestCount %d", n)
	}
}

func TestFailNext_PatternsAndMethods(t *testing.T) {
	s := newServer(t)
	tk, _ := create(t, s, obj{})
	s.FailNext("GET", "tickets/*", 1, http.StatusInternalServerError)
	send(t, s, "GET", "/api/v2/tickets.json", nil).want(t, http.StatusOK) // not tickets/*
	update(t, s, tk.ID, obj{"subject": "x"}).want(t, http.StatusOK)       // not GET
	wantError(t, send(t, s, "GET", tpath(tk.ID, ""), nil), http.StatusInternalServerError, "Internal Server Error")
	send(t, s, "GET", tpath(tk.ID, ".json"), nil).want(t, http.StatusOK)
	s.FailNext("", "oauth/tokens", 1, http.StatusTooManyRequests)
	a := tokenRequest(t, s, obj{"grant_type": "client_credentials", "client_id": DefaultClientID, "client_secret": DefaultClientSecret})
	wantError(t, a, http.StatusTooManyRequests, "TooManyRequests")
	if a.header.Get("Retry-After") != "1" {
		t.Errorf("Retry-After %q", a.header.Get("Retry-After"))
	}
}

func TestDropNext_ConnectionClosedAfterWork(t *testing.T) {
	s := newServer(t)
	tk, _ := create(t, s, obj{})
	s.DropNext("PUT", "tickets/*", 1)
	hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	req, _ := http.NewRequest("PUT", s.URL+tpath(tk.ID, ".json"), nil)
	req.SetBasicAuth(DefaultAgentEmail+"/token", DefaultAPIToken)
	if resp, err := hc.Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("answer %d, want a dropped connection", resp.StatusCode)
	}
	reqs := s.Requests()
	if last := reqs[len(reqs)-1]; last.Method != "PUT" || last.Status != 0 {
		t.Errorf("logged %+v", last)
	}
}

func TestLatency_DelaysAnswers(t *testing.T) {
	t.Parallel()
	s := newServer(t, WithLatency(30*time.Millisecond))
	start := time.Now()
	send(t, s, "GET", "/api/v2/tickets.json", nil).want(t, http.StatusOK)
	if d := time.Since(start); d < 30*time.Millisecond {
		t.Errorf("answered in %v", d)
	}
}

func TestRequests_Logged(t *testing.T) {
	s := newServer(t)
	send(t, s, "GET", "/api/v2/tickets.json?page[size]=5", nil, "User-Agent", "probe/1")
	r := s.Requests()[0]
	if r.Method != "GET" || r.Path != "/api/v2/tickets.json" || r.Query.Get("page[size]") != "5" ||
		r.Header.Get("User-Agent") != "probe/1" || r.Status != 200 {
		t.Errorf("request %+v", r)
	}
}

func TestConcurrent_CreatesAndUpdates(t *testing.T) {
	s := newServer(t)
	const workers, each = 8, 10
	var wg sync.WaitGroup
	errs := make(chan error, workers*each*3)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				var out struct {
					Ticket Ticket `json:"ticket"`
				}
				a, err := try(s, "POST", "/api/v2/tickets.json",
					obj{"ticket": obj{"subject": fmt.Sprintf("w%d-%d", w, i), "comment": obj{"body": "x"}}})
				if err == nil && a.status != http.StatusCreated {
					err = fmt.Errorf("create: %d %s", a.status, a.body)
				}
				if err == nil {
					err = json.Unmarshal(a.body, &out)
				}
				if err != nil {
					errs <- err
					continue
				}
				a, err = try(s, "PUT", tpath(out.Ticket.ID, ".json"),
					obj{"ticket": obj{"comment": obj{"body": "reply"}, "tags": []string{"w"}}})
				if err == nil && a.status != http.StatusOK {
					err = fmt.Errorf("update %d: %d %s", out.Ticket.ID, a.status, a.body)
				}
				if err != nil {
					errs <- err
				}
				if _, err := try(s, "GET", "/api/v2/tickets.json?page[size]=10", nil); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if s.TicketCount() != workers*each || s.TicketsCreated() != workers*each {
		t.Errorf("count %d created %d", s.TicketCount(), s.TicketsCreated())
	}
	for id := int64(1); id <= workers*each; id++ {
		if n := len(s.Audits(id)); n != 2 {
			t.Errorf("ticket %d has %d audits", id, n)
		}
	}
}

func TestRateLimit_WindowEnds(t *testing.T) {
	t.Parallel()
	// The window is the real clock's (over real HTTP): the three requests below must fit in
	// it, so it is 900 ms, the longest still announced as 1 s, room for a loaded machine.
	s := newServer(t, WithRateLimit(2), WithRateWindow(900*time.Millisecond))
	for range 2 {
		send(t, s, "GET", "/api/v2/tickets.json", nil).want(t, http.StatusOK)
	}
	a := send(t, s, "GET", "/api/v2/tickets.json", nil)
	wantError(t, a, http.StatusTooManyRequests, "TooManyRequests")
	if a.header.Get("Retry-After") != "1" || a.header.Get("Ratelimit-Reset") != "1" {
		t.Errorf("Retry-After %q, ratelimit-reset %q: want the window's end rounded up to 1s",
			a.header.Get("Retry-After"), a.header.Get("Ratelimit-Reset"))
	}
	time.Sleep(950 * time.Millisecond) // past the window's end
	a = send(t, s, "GET", "/api/v2/tickets.json", nil).want(t, http.StatusOK)
	if a.header.Get("X-Rate-Limit-Remaining") != "1" {
		t.Errorf("remaining %q in a new window", a.header.Get("X-Rate-Limit-Remaining"))
	}
}

// TestFailNext_ZeroOrNegativeInjectsNothing (issue 12, item 16): "fail the next 0 requests"
// (or fewer) fails none, and drops none.
func TestFailNext_ZeroOrNegativeInjectsNothing(t *testing.T) {
	s := newServer(t)
	s.FailNext("GET", "tickets", 0, http.StatusInternalServerError)
	s.FailNext("GET", "tickets", -3, http.StatusInternalServerError)
	s.DropNext("GET", "tickets", 0)
	for range 3 {
		send(t, s, "GET", "/api/v2/tickets.json", nil).want(t, http.StatusOK)
	}
}
