package zendesk_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/ticketsdk/zendesk"
	"github.com/ticketsdk/zendesk/zendesktest"
)

// burst makes n concurrent calls of call and returns how long they took and their errors.
func burst(n int, call func() error) (time.Duration, []error) {
	start := time.Now()
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
	)
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := call(); err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return time.Since(start), errs
}

// TestEndpointBudgetBurstHoldsOnlyItsEndpoint: 10 concurrent list calls against a ticket-list
// budget of 5 a window (2 s windows; the account's 700 is not the limit) all succeed, the server
// answers no 429, and they take the window end the budget requires and little more; calls to
// another endpoint made meanwhile are not held.
//
// It runs on the real clock (the fake serves real HTTP). The fake's window starts at its first
// list, after the burst's start, and no list was refused, so the burst cannot end before the
// first window's end: the required time is a strict lower bound, and 3 times it the upper one.
// A call held by the lists' budget would wait most of a 2 s window (the budget is spent at its
// start); the bound for the other endpoint's calls is half of it, far above the milliseconds
// they take.
func TestEndpointBudgetBurstHoldsOnlyItsEndpoint(t *testing.T) {
	t.Parallel()
	const calls, budget, window = 10, 5, 2 * time.Second
	required := time.Duration((calls+budget-1)/budget-1) * window // the windows that must end: 1
	s, c := zendesktest.Start(t, zendesktest.WithEndpointRateLimit("tickets-index", budget), zendesktest.WithRateWindow(window))
	ctx := context.Background()
	tk, _, err := c.Tickets.Create(ctx, newTicket("other endpoint"))
	if err != nil {
		t.Fatal(err)
	}

	done := make(chan struct{})
	var took time.Duration
	var errs []error
	go func() {
		defer close(done)
		took, errs = burst(calls, func() error {
			_, err := c.Tickets.List(ctx, &zendesk.ListOptions{PageSize: 1})
			return err
		})
	}()
	for s.RequestCount("GET", "tickets") < budget { // the budget is spent: the rest are held
		time.Sleep(time.Millisecond)
	}
	var slowest time.Duration
	for range 10 {
		start := time.Now()
		if _, err := c.Tickets.Get(ctx, tk.ID); err != nil {
			t.Fatal(err)
		}
		slowest = max(slowest, time.Since(start))
	}
	select {
	case <-done:
		t.Error("the burst ended before the other calls: they were not made while it was held")
	default:
	}
	<-done

	for _, err := range errs {
		t.Errorf("a list call failed: %v", err)
	}
	if n := status429s(s); n != 0 {
		t.Errorf("the server answered 429 %d times: the client sent past the budget it was told", n)
	}
	if took < required || took > 3*required {
		t.Errorf("the burst took %s, want at least the %s the budget requires, and at most 3 times that", took, required)
	}
	if slowest > window/2 {
		t.Errorf("a call to another endpoint took %s: held by the lists' budget", slowest)
	}
	if rl := c.RateLimitFor("tickets-index"); rl.Limit != budget {
		t.Errorf("RateLimitFor(tickets-index) = %+v", rl)
	}
	t.Logf("%d list calls, budget %d per %s: %s (bounds %s, %s); server 429s: %d; slowest of 10 gets meanwhile: %s",
		calls, budget, window, took.Round(time.Millisecond), required, 3*required, status429s(s), slowest.Round(100*time.Microsecond))
}

// TestRateLimit2023SpellingPaces: against a server that spells the account's figures as in
// 2023 (rate-limit, rate-limit-remaining, rate-limit-reset), a burst past the limit is paced by
// them: no 429 at the server, and the time the limit requires.
//
// It runs on the real clock (the fake serves real HTTP). The fake's window starts at its first
// request, after the burst's start, and no call was refused, so the burst cannot end before the
// first window's end: the required time is a strict lower bound. The upper bound is 3 times it: the
// client waits for resets given in whole seconds (up to a second late per window on a loaded
// machine), yet one that waited for the account's minute would take far longer. The windows
// are 2 s, not 1 s: with -race on a busy machine an answer can take a second, and a burst whose
// requests reach the server more than a window apart straddles two windows, which pacing by
// the answers cannot follow (with 1 s windows, one run in six of the loaded suite saw two 429s).
func TestRateLimit2023SpellingPaces(t *testing.T) {
	t.Parallel()
	const calls, limit, window = 20, 10, 2 * time.Second
	required := time.Duration((calls+limit-1)/limit-1) * window
	s, c := zendesktest.Start(t, zendesktest.WithRateLimit(limit), zendesktest.WithRateWindow(window), zendesktest.WithRateLimitHeaders2023())
	took, errs := burst(calls, func() error {
		_, err := c.Tickets.List(context.Background(), &zendesk.ListOptions{PageSize: 1})
		return err
	})
	for _, err := range errs {
		t.Errorf("a call failed: %v", err)
	}
	if n := status429s(s); n != 0 {
		t.Errorf("the server answered 429 %d times: the 2023 headers were not followed", n)
	}
	if took < required || took > 3*required {
		t.Errorf("took %s, want at least the %s the limit requires, and at most 3 times that", took, required)
	}
	if rl := c.RateLimit(); rl.Limit != limit {
		t.Errorf("RateLimit() = %+v", rl)
	}
	t.Logf("%d calls, limit %d per %s: %s (bounds %s, %s); server 429s: %d", calls, limit, window,
		took.Round(time.Millisecond), required, 3*required, status429s(s))
}

// TestListBudgetSharedAcrossListPathsAgainstFake: the fake counts tickets-index for every ticket
// list, as Zendesk does; calls that alternate between two list paths past the budget wait for
// the window instead of meeting a 429 on the path that has not yet been told.
func TestListBudgetSharedAcrossListPathsAgainstFake(t *testing.T) {
	t.Parallel()
	const budget, window = 2, 2 * time.Second
	s, c := zendesktest.Start(t, zendesktest.WithEndpointRateLimit("tickets-index", budget), zendesktest.WithRateWindow(window))
	member := s.AddUser("Member", "member@example.org")
	org := s.AddOrganization("Org", member)
	ctx := context.Background()
	start := time.Now()
	for i := range 2 * budget {
		var err error
		if i%2 == 0 {
			_, err = c.Tickets.List(ctx, nil)
		} else {
			_, err = c.Tickets.ListByOrganization(ctx, org, nil)
		}
		if err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	if n := status429s(s); n != 0 {
		t.Errorf("the server answered 429 %d times: a list path went past the budget another path was told of", n)
	}
	if took := time.Since(start); took < window/2 {
		t.Errorf("4 lists on a budget of 2 took %s: nothing waited for the window", took)
	}
}
