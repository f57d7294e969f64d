package zendesk_test

import (
	"context"
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

func fakeServer(t *testing.T, opts ...zendesktest.Option) *zendesktest.Server {
	t.Helper()
	s := zendesktest.NewServer(opts...)
	t.Cleanup(s.Close)
	return s
}

func fakeClient(t *testing.T, s *zendesktest.Server, opts ...zendesk.Option) *zendesk.Client {
	t.Helper()
	c, err := s.Client(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

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

// TestRateLimitBurstMeetsNo429 sends 300 concurrent calls through one client to a server that
// allows 60 a second (3,600 a minute, in one-second windows): every call succeeds, the server
// is not hammered with calls past its limit, and the burst takes about the five windows it
// needs (4 s: the first, and four more).
func TestRateLimitBurstMeetsNo429(t *testing.T) {
	const calls, perWindow = 300, 60
	s := fakeServer(t, zendesktest.WithRateLimit(perWindow), zendesktest.WithRateWindow(time.Second))
	c := fakeClient(t, s)
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
	if took > 6500*time.Millisecond {
		t.Errorf("took %s, want little more than the 4 s the limit requires", took)
	}
	if n := status429s(s); n > perWindow/4 {
		t.Errorf("the server answered 429 %d times: the client sent past the budget it was told", n)
	}
	t.Logf("%d calls in %s; the server answered 429 %d times", calls, took, status429s(s))
}
