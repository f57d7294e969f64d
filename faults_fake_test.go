package zendesk_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/ticketsdk/zendesk"
	"github.com/ticketsdk/zendesk/zendesktest"
)

// Faults against the fake server, which keeps state: here the question is not only what the
// caller gets but what the server holds afterwards, above all that a create never makes two
// tickets.

func newTicket(subject string) *zendesk.TicketRequest {
	return &zendesk.TicketRequest{Subject: zendesk.Set(subject), Comment: &zendesk.Comment{Body: "The smoke is very colorful."}}
}

// status429s counts the answers of 429 the server sent.
func status429s(s *zendesktest.Server) int {
	n := 0
	for _, r := range s.Requests() {
		if r.Status == http.StatusTooManyRequests {
			n++
		}
	}
	return n
}

// TestRateLimitBurstMeetsNo429 sends 200 concurrent calls through one client to a server that
// allows 100 a window: every call succeeds, the server is not hammered with calls past its
// limit, and the burst takes about the two windows it needs (the first, and one more).
//
// The fake's window starts at its first request, after the burst's start, and each of 200
// successes used one of 100 places a window: the last cannot be before the first window's end, so
// the time they require is a strict lower bound. The upper bound is 3 times that: room for a loaded machine
// under -race, yet far below what a client that waited whole minutes or Retry-Afters in turn
// would take. The windows are 2 s, not 1 s: with -race on a busy machine 100 answers can take
// a second, and a burst whose requests reach the server more than a window apart straddles two
// windows, which pacing by the answers cannot follow (82 429s in one loaded run, 1 s windows).
func TestRateLimitBurstMeetsNo429(t *testing.T) {
	t.Parallel()
	const calls, perWindow, window = 200, 100, 2 * time.Second
	required := time.Duration((calls+perWindow-1)/perWindow-1) * window // the windows that must end: 1
	s, c := zendesktest.Start(t, zendesktest.WithRateLimit(perWindow), zendesktest.WithRateWindow(window))
	ctx := context.Background()
	start := time.Now()
	var wg sync.WaitGroup
	errs := make(chan error, calls)
	for range calls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Tickets.List(ctx, &zendesk.ListOptions{PageSize: 1}); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	took := time.Since(start)
	for err := range errs {
		t.Errorf("a call failed: %v", err)
	}
	if took < required || took > 3*required {
		t.Errorf("took %s, want at least the %s the limit requires, and at most 3 times that", took, required)
	}
	if n := status429s(s); n > perWindow/4 {
		t.Errorf("the server answered 429 %d times: the client sent past the budget it was told", n)
	}
	t.Logf("%d calls in %s; the server answered 429 %d times", calls, took, status429s(s))
}

// TestCreateUnderFaultsMakesOneTicket creates a ticket through every fault the fake server can
// inject: a create either succeeds with one ticket or fails clearly, never makes two.
func TestCreateUnderFaultsMakesOneTicket(t *testing.T) {
	tests := []struct {
		name        string
		fault       func(s *zendesktest.Server)
		wantErr     func(error) bool // nil: success
		wantCreated int
	}{
		{"answer lost twice (after the server acted)", func(s *zendesktest.Server) { s.DropNext("POST", "tickets", 2) }, nil, 1},
		{"500 twice", func(s *zendesktest.Server) { s.FailNext("POST", "tickets", 2, 500) }, nil, 1},
		{"502 twice", func(s *zendesktest.Server) { s.FailNext("POST", "tickets", 2, 502) }, nil, 1},
		{"503 twice", func(s *zendesktest.Server) { s.FailNext("POST", "tickets", 2, 503) }, nil, 1},
		{"429 twice", func(s *zendesktest.Server) { s.FailNext("POST", "tickets", 2, 429) }, nil, 1},
		{"answer lost every time", func(s *zendesktest.Server) { s.DropNext("POST", "tickets", 100) },
			func(err error) bool { var api *zendesk.APIError; return !errors.As(err, &api) }, 1},
		{"500 every time", func(s *zendesktest.Server) { s.FailNext("POST", "tickets", 100, 500) },
			func(err error) bool { var api *zendesk.APIError; return errors.As(err, &api) && api.StatusCode == 500 }, 0},
		{"429 every time", func(s *zendesktest.Server) { s.FailNext("POST", "tickets", 100, 429) },
			func(err error) bool { return errors.Is(err, zendesk.ErrRateLimited) }, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, c := zendesktest.Start(t, zendesktest.WithRetryAfter(0))
			tt.fault(s)
			tk, _, err := c.Tickets.Create(context.Background(), newTicket(tt.name))
			switch {
			case tt.wantErr == nil && err != nil:
				t.Fatalf("err = %v, want the ticket", err)
			case tt.wantErr == nil && (tk == nil || tk.ID == 0):
				t.Fatalf("ticket %+v", tk)
			case tt.wantErr != nil && (err == nil || !tt.wantErr(err)):
				t.Fatalf("err = %v, want a clear error", err)
			}
			if n := s.TicketsCreated(); n != tt.wantCreated {
				t.Errorf("the server created %d tickets, want %d", n, tt.wantCreated)
			}
			if tt.wantErr != nil && tt.wantCreated == 1 {
				t.Logf("err = %v", err) // the ticket exists; the caller learns so by its own key (below)
			}
		})
	}
}

// TestCreateCallerRetryWithOwnKeyMakesOneTicket: when every attempt of a create lost its answer,
// the caller, who carried its own key, calls again later and gets the ticket the first call made.
func TestCreateCallerRetryWithOwnKeyMakesOneTicket(t *testing.T) {
	s, _ := zendesktest.Start(t, zendesktest.WithRetryAfter(0))
	c, err := s.Client(zendesk.WithRetryMax(1))
	if err != nil {
		t.Fatal(err)
	}
	ctx := zendesk.ContextWithIdempotencyKey(context.Background(), "import-42-row-7")
	s.DropNext("POST", "tickets", 10)
	if _, _, err := c.Tickets.Create(ctx, newTicket("Printer on fire")); err == nil {
		t.Fatal("no error with every answer lost")
	}
	for range 10 { // the caller's own retry loop, until the drops are used up
		if tk, _, err := c.Tickets.Create(ctx, newTicket("Printer on fire")); err == nil {
			if s.TicketsCreated() != 1 || tk.Subject != "Printer on fire" {
				t.Errorf("%d tickets created; got %+v", s.TicketsCreated(), tk)
			}
			return
		}
	}
	t.Fatal("the create never came through")
}

// TestCreateDeadlineWhileServerIsSlow: a server that answers too late is given up at the
// deadline, promptly; whatever it did, a second call with the same key makes no second ticket.
//
// It runs on the real clock (the fake serves real HTTP, which synctest's bubble cannot wait
// on), so its bounds are far apart: the call cannot end before its 50 ms deadline, and a
// client that waited for the answer would take the server's whole 2 s latency; the bound of
// 1 s between them is 20 times the deadline, room for a loaded machine under -race. The
// client signs in with an API token, so that no token request pays the latency first.
func TestCreateDeadlineWhileServerIsSlow(t *testing.T) {
	t.Parallel()
	const deadline, latency = 50 * time.Millisecond, 2 * time.Second
	s, _ := zendesktest.Start(t, zendesktest.WithLatency(latency))
	c := clientWith(t, s, zendesk.WithAPIToken(zendesktest.DefaultAgentEmail, zendesktest.DefaultAPIToken))
	ctx := zendesk.ContextWithIdempotencyKey(context.Background(), "slow-1")
	start := time.Now()
	short, cancel := context.WithTimeout(ctx, deadline)
	defer cancel()
	if _, _, err := c.Tickets.Create(short, newTicket("slow")); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want context.DeadlineExceeded", err)
	}
	if took := time.Since(start); took < deadline || took >= latency/2 {
		t.Errorf("returned after %s, want at the %s deadline, well before the server's %s answer", took, deadline, latency)
	}
	if _, _, err := c.Tickets.Create(ctx, newTicket("slow")); err != nil {
		t.Fatal(err)
	}
	if n := s.TicketsCreated(); n != 1 {
		t.Errorf("%d tickets created, want 1", n)
	}
}

// TestLoadSharedClient: one client shared by 64 goroutines doing every kind of call at once,
// with a few injected 503s and lost answers among them; under -race. No call fails, and the
// server ends with exactly the tickets asked for, each changed as asked.
func TestLoadSharedClient(t *testing.T) {
	const workers, bulkEvery, bulkSize = 64, 8, 3
	s, c := zendesktest.Start(t, zendesktest.WithRetryAfter(0))
	s.FailNext("*", "tickets", 10, http.StatusServiceUnavailable)
	s.FailNext("GET", "tickets/*", 10, http.StatusServiceUnavailable)
	s.DropNext("POST", "tickets", 3)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	var mu sync.Mutex
	mine := map[int64]string{} // ticket id → the subject its worker gave it last
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fail := func(what string, err error) { t.Errorf("worker %d: %s: %v", w, what, err) }
			tk, _, err := c.Tickets.Create(ctx, newTicket(fmt.Sprintf("worker %d", w)))
			if err != nil {
				fail("create", err)
				return
			}
			got, err := c.Tickets.Get(ctx, tk.ID)
			if err != nil || got.ID != tk.ID {
				fail("get", err)
				return
			}
			subject := fmt.Sprintf("worker %d, updated", w)
			if _, _, err := c.Tickets.Update(ctx, tk.ID, &zendesk.TicketRequest{Subject: zendesk.Set(subject)}); err != nil {
				fail("update", err)
				return
			}
			mu.Lock()
			mine[tk.ID] = subject
			mu.Unlock()
			if _, err := c.Tickets.List(ctx, &zendesk.ListOptions{PageSize: 10}); err != nil {
				fail("list", err)
			}
			if many, err := c.Tickets.GetMany(ctx, []int64{tk.ID}); err != nil || len(many) != 1 {
				fail("show_many", err)
			}
			if w%bulkEvery != 0 {
				return
			}
			reqs := make([]zendesk.TicketRequest, bulkSize)
			for i := range reqs {
				reqs[i] = *newTicket(fmt.Sprintf("worker %d, bulk %d", w, i))
			}
			job, err := c.Tickets.CreateMany(ctx, reqs)
			if err != nil {
				fail("create_many", err)
				return
			}
			job, err = c.JobStatuses.WaitWith(ctx, job.ID, &zendesk.WaitOptions{MinInterval: 5 * time.Millisecond, MaxInterval: 20 * time.Millisecond})
			if err != nil || len(job.Results) != bulkSize {
				fail("wait", err)
			}
		}()
	}
	wg.Wait()
	want := workers + workers/bulkEvery*bulkSize
	if n := s.TicketCount(); n != want {
		t.Errorf("%d tickets on the server, want %d", n, want)
	}
	if n := s.TicketsCreated(); n != want {
		t.Errorf("%d tickets ever created, want %d", n, want)
	}
	for id, subject := range mine {
		if tk, ok := s.Ticket(id); !ok || tk.Subject != subject {
			t.Errorf("ticket %d: subject %q, want %q", id, tk.Subject, subject)
		}
	}
}

// TestTokenEndpointFaultsAreRetried: the token request meets the same transient faults as API
// calls (maintenance 503s, 429s, a lost connection) and is retried the same way: minting a
// token twice does no harm. A refusal (401 invalid_client) is not retried.
func TestTokenEndpointFaultsAreRetried(t *testing.T) {
	for _, tt := range []struct {
		name  string
		fault func(s *zendesktest.Server)
	}{
		{"503 twice", func(s *zendesktest.Server) { s.FailNext("POST", "oauth/tokens", 2, http.StatusServiceUnavailable) }},
		{"429 twice", func(s *zendesktest.Server) { s.FailNext("POST", "oauth/tokens", 2, http.StatusTooManyRequests) }},
		{"500 twice", func(s *zendesktest.Server) { s.FailNext("POST", "oauth/tokens", 2, http.StatusInternalServerError) }},
		{"answer lost twice", func(s *zendesktest.Server) { s.DropNext("POST", "oauth/tokens", 2) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, c := zendesktest.Start(t, zendesktest.WithRetryAfter(0))
			tt.fault(s)
			if _, _, err := c.Tickets.Create(context.Background(), newTicket(tt.name)); err != nil {
				t.Fatalf("err = %v, want the ticket after the token request was retried", err)
			}
			if n := s.TicketsCreated(); n != 1 {
				t.Errorf("%d tickets created", n)
			}
		})
	}
	t.Run("refused", func(t *testing.T) {
		s, _ := zendesktest.Start(t)
		c, err := zendesk.NewClient("", zendesk.WithBaseURL(s.URL), zendesk.WithHTTPClient(s.HTTPClient()),
			zendesk.WithClientCredentials(zendesktest.DefaultClientID, "wrong-secret", "read"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Tickets.Get(context.Background(), 1); !errors.Is(err, zendesk.ErrUnauthorized) {
			t.Errorf("err = %v, want ErrUnauthorized", err)
		}
		if n := s.RequestCount("POST", "oauth/tokens"); n != 1 {
			t.Errorf("%d token requests, want 1", n)
		}
	})
}

// BenchmarkRateLimit700PerMinute bursts 1,000 concurrent calls at the Enterprise plan's limit in
// Zendesk's own one-minute windows: 700 go at once, 300 wait for the next window, none fails.
// It takes a minute, so `go test` does not run it:
//
//	go test -run '^$' -bench RateLimit700 -benchtime 1x .
func BenchmarkRateLimit700PerMinute(b *testing.B) {
	const calls = 1000
	for b.Loop() {
		s := zendesktest.NewServer(zendesktest.WithRateLimit(700))
		c, err := s.Client()
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		var wg sync.WaitGroup
		var mu sync.Mutex
		failed := 0
		for range calls {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := c.Tickets.List(context.Background(), &zendesk.ListOptions{PageSize: 1}); err != nil {
					mu.Lock()
					failed++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		b.ReportMetric(float64(failed), "failed")
		b.ReportMetric(float64(status429s(s)), "server-429s")
		b.ReportMetric(time.Since(start).Seconds(), "s/burst")
		s.Close()
	}
}
