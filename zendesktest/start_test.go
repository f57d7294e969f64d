package zendesktest_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/ticketsdk/zendesk"
	"github.com/ticketsdk/zendesk/zendesktest"
)

// TestStart_ServerAndClientClosedWithTheTest: Start's client reaches its server, signed in with
// the built-in OAuth client, and the server is gone once the test that started it ends.
func TestStart_ServerAndClientClosedWithTheTest(t *testing.T) {
	var url string
	t.Run("inner", func(t *testing.T) {
		s, c := zendesktest.Start(t, zendesktest.WithRateLimit(100))
		url = s.URL
		tk, _, err := c.Tickets.Create(context.Background(), &zendesk.TicketRequest{
			Subject: zendesk.Set("Printer on fire"), Comment: &zendesk.Comment{Body: "The smoke is very colorful."}})
		if err != nil {
			t.Fatal(err)
		}
		if held, ok := s.Ticket(tk.ID); !ok || held.Subject != "Printer on fire" {
			t.Errorf("the server holds %+v, %v", held, ok)
		}
		if n := s.RequestCount(http.MethodPost, "oauth/tokens"); n != 1 {
			t.Errorf("%d token requests, want 1 (client credentials)", n)
		}
		if rl := c.RateLimit(); rl.Limit != 100 { // the server's options were applied
			t.Errorf("RateLimit() = %+v, want the limit of 100 the server was started with", rl)
		}
	})
	if resp, err := http.Get(url + "/api/v2/tickets.json"); err == nil {
		resp.Body.Close()
		t.Errorf("the server still answers (%s) after its test ended", resp.Status)
	}
}

// TestClient_PollsJobsFast: a client from the fake polls background jobs every few
// milliseconds, so waiting for a job that takes 30 ms does not take the second that a real
// account's polling starts with.
func TestClient_PollsJobsFast(t *testing.T) {
	t.Parallel()
	s, c := zendesktest.Start(t, zendesktest.WithJobDuration(30*time.Millisecond))
	ctx := context.Background()
	reqs := make([]zendesk.TicketRequest, 150)
	for i := range reqs {
		reqs[i] = zendesk.TicketRequest{Subject: zendesk.Set(fmt.Sprint("t", i)), Comment: &zendesk.Comment{Body: "b"}}
	}
	start := time.Now()
	results, err := c.Tickets.CreateAll(ctx, reqs, nil)
	if err != nil || len(results) != len(reqs) || s.TicketCount() != len(reqs) {
		t.Fatalf("CreateAll: %d results, %v; %d tickets on the server", len(results), err, s.TicketCount())
	}
	if took := time.Since(start); took > 900*time.Millisecond {
		t.Errorf("CreateAll of two 30 ms jobs took %s", took)
	}
	job, err := c.Tickets.CreateMany(ctx, reqs[:2])
	if err != nil {
		t.Fatal(err)
	}
	start = time.Now()
	if done, err := c.JobStatuses.Wait(ctx, job.ID); err != nil || done.Status != zendesk.JobCompleted {
		t.Fatalf("Wait: %+v, %v", done, err)
	}
	if took := time.Since(start); took > 900*time.Millisecond {
		t.Errorf("Wait for a 30 ms job took %s", took)
	}
}
