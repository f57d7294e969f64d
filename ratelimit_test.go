package zendesk

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// TestRateLimitEverySpelling: the account's figures are read in each of the three spellings
// answers carry, and a spent budget with a reset holds the next call (which, with a deadline
// before the reset, fails at once without reaching the server). It runs on synctest's clock,
// where no time passes unless the client waits: "at once" cannot be stretched by a busy machine.
func TestRateLimitEverySpelling(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name     string
		headers  []string
		hasReset bool
	}{
		{"X-Rate-Limit", []string{"X-Rate-Limit", "700", "X-Rate-Limit-Remaining", "0"}, false},
		{"ratelimit-*", []string{"ratelimit-limit", "700", "ratelimit-remaining", "0", "ratelimit-reset", "30"}, true},
		{"rate-limit* (2023)", []string{"rate-limit", "700", "rate-limit-remaining", "0", "rate-limit-reset", "30"}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				c, mock := setup(t)
				rec := on(t, mock, "GET", "/api/v2/tickets/1.json", respond(200, `{}`, tt.headers...))
				if _, err := c.get(context.Background(), "tickets/1.json", nil, nil); err != nil {
					t.Fatal(err)
				}
				rl := c.RateLimit()
				if rl.Limit != 700 || rl.Remaining != 0 || rl.Observed.IsZero() {
					t.Errorf("RateLimit() = %+v, want 700 with 0 remaining", rl)
				}
				if untilReset := time.Until(rl.Reset); tt.hasReset != (untilReset > 28*time.Second && untilReset <= 30*time.Second) {
					t.Errorf("RateLimit().Reset in %s, want 30s: %v", untilReset, tt.hasReset)
				}
				ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
				defer cancel()
				start := time.Now()
				_, err := c.get(ctx, "tickets/1.json", nil, nil)
				switch {
				case tt.hasReset && (!errors.Is(err, ErrRateLimited) || time.Since(start) > 250*time.Millisecond || rec.count() != 1):
					t.Errorf("err = %v after %s, %d requests: want ErrRateLimited at once, the budget being spent until the reset",
						err, time.Since(start), rec.count())
				case !tt.hasReset && (err != nil || rec.count() != 2):
					t.Errorf("err = %v, %d requests: without a reset nothing is waited for", err, rec.count())
				}
			})
		})
	}
}

// TestRateLimitEndpointHeaderParsing: per-endpoint headers in both spellings, any case, with
// spaces or extra keys, are read; malformed ones are ignored; an absurd reset is kept as
// unknown.
func TestRateLimitEndpointHeaderParsing(t *testing.T) {
	t.Parallel()
	const ignored, unknown = -1, 0 // resetIn: the header is ignored; the reset is unknown
	for _, tt := range []struct {
		name, header, value string
		lookup              string
		limit, remaining    int
		resetIn             time.Duration
	}{
		{"documented", "zendesk-ratelimit-tickets-index", "total=100; remaining=99; resets=41", "tickets-index", 100, 99, 41 * time.Second},
		{"rate-limit spelling", "Zendesk-Rate-Limit-Search-Export", "total=100;remaining=0;resets=5", "search-export", 100, 0, 5 * time.Second},
		{"looked up in any case", "Zendesk-RateLimit-incremental-exports", "total=10; remaining=9; resets=2", "Incremental-Exports", 10, 9, 2 * time.Second},
		{"spaces, order, extra keys", "zendesk-ratelimit-incremental-exports", " remaining = 3 ; total = 10 ; window=minute ; resets = 7 ;", "incremental-exports", 10, 3, 7 * time.Second},
		{"no resets", "zendesk-ratelimit-tickets-index", "total=100; remaining=50", "tickets-index", 100, 50, unknown},
		{"absurd resets", "zendesk-ratelimit-tickets-index", "total=100; remaining=0; resets=100000", "tickets-index", 100, 0, unknown},
		{"resets beyond int", "zendesk-ratelimit-tickets-index", "total=100; remaining=0; resets=99999999999999999999", "tickets-index", 0, 0, ignored},
		{"negative remaining", "zendesk-ratelimit-tickets-index", "total=100; remaining=-1; resets=5", "tickets-index", 0, 0, ignored},
		{"fraction", "zendesk-ratelimit-tickets-index", "total=100; remaining=5; resets=1.5", "tickets-index", 0, 0, ignored},
		{"not a number", "zendesk-ratelimit-tickets-index", "total=lots; remaining=5; resets=1", "tickets-index", 0, 0, ignored},
		{"no remaining", "zendesk-ratelimit-tickets-index", "total=100; resets=1", "tickets-index", 0, 0, ignored},
		{"no total", "zendesk-ratelimit-tickets-index", "remaining=5; resets=1", "tickets-index", 0, 0, ignored},
		{"not key=value", "zendesk-ratelimit-tickets-index", "100, 99, 41", "tickets-index", 0, 0, ignored},
		{"empty", "zendesk-ratelimit-tickets-index", "", "tickets-index", 0, 0, ignored},
		{"no name", "zendesk-ratelimit-", "total=1; remaining=0; resets=1", "", 0, 0, ignored},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mock := setup(t)
			on(t, mock, "GET", "/api/v2/tickets.json", respond(200, `{}`, tt.header, tt.value))
			before := time.Now()
			if _, err := c.get(context.Background(), "tickets.json", nil, nil); err != nil {
				t.Fatal(err)
			}
			got := c.RateLimitFor(tt.lookup)
			if tt.resetIn == ignored {
				if got != (RateLimit{}) {
					t.Errorf("RateLimitFor(%q) = %+v, want the header ignored", tt.lookup, got)
				}
				return
			}
			if got.Limit != tt.limit || got.Remaining != tt.remaining || got.Observed.IsZero() {
				t.Errorf("RateLimitFor(%q) = %+v, want %d/%d", tt.lookup, got, tt.limit, tt.remaining)
			}
			if (tt.resetIn == unknown) != got.Reset.IsZero() ||
				!got.Reset.IsZero() && (got.Reset.Before(before.Add(tt.resetIn)) || got.Reset.After(time.Now().Add(tt.resetIn))) {
				t.Errorf("Reset %v, want %s from the answer (0: unknown)", got.Reset, tt.resetIn)
			}
			if c.RateLimit() != (RateLimit{}) {
				t.Errorf("RateLimit() = %+v: an endpoint's figures are not the account's", c.RateLimit())
			}
		})
	}
}

// TestRateLimitEndpointBudgetHoldsOnlyItsPath: a spent endpoint budget holds the next call to
// its path (failing at once when the reset is past the deadline), but not a call to another.
// It runs on synctest's clock, so "at once" is exact however busy the machine.
func TestRateLimitEndpointBudgetHoldsOnlyItsPath(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		c, mock := setup(t)
		list := on(t, mock, "GET", "/api/v2/tickets.json", respond(200, `{"tickets":[]}`,
			"X-Rate-Limit", "700", "X-Rate-Limit-Remaining", "600", "ratelimit-reset", "30",
			"zendesk-ratelimit-tickets-index", "total=100; remaining=2; resets=30"))
		show := on(t, mock, "GET", "/api/v2/tickets/1.json", respond(200, `{}`))
		ctx := context.Background()
		for range 3 {
			if _, err := c.Tickets.List(ctx, nil); err != nil {
				t.Fatal(err)
			}
		}
		short, cancel := context.WithTimeout(ctx, 500*time.Millisecond)
		defer cancel()
		start := time.Now()
		if _, err := c.Tickets.List(short, nil); !errors.Is(err, ErrRateLimited) || time.Since(start) > 250*time.Millisecond {
			t.Errorf("the 4th list: err = %v after %s, want ErrRateLimited at once", err, time.Since(start))
		}
		if list.count() != 3 {
			t.Errorf("%d lists reached the server, want 3 (1 + the 2 remaining)", list.count())
		}
		for range 3 {
			if _, err := c.get(short, "tickets/1.json", nil, nil); err != nil {
				t.Errorf("another path was held: %v", err)
			}
		}
		if show.count() != 3 {
			t.Errorf("%d shows, want 3", show.count())
		}
		if rl := c.RateLimitFor("tickets-index"); rl.Limit != 100 || rl.Remaining != 2 {
			t.Errorf("RateLimitFor = %+v", rl)
		}
		if rl := c.RateLimit(); rl.Limit != 700 || rl.Remaining != 600 {
			t.Errorf("RateLimit = %+v: the account's figures", rl)
		}
	})
}

// TestRateLimitAbsurdOrMalformedNeverStalls (issue 12, item 1): a spent budget whose reset is
// absurd (27 hours), or whose figures are malformed, does not hold the shared client: the next
// call goes at once and the server is asked again. The bound is WithMaxRetryAfter's: a reset
// under it is waited for, one over it is not. It runs on synctest's clock, so "at once" is
// exact however busy the machine.
func TestRateLimitAbsurdOrMalformedNeverStalls(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name    string
		opts    []Option
		headers []string
		held    bool
	}{
		{"ratelimit-reset 100000", nil, []string{"ratelimit-limit", "700", "ratelimit-remaining", "0", "ratelimit-reset", "100000"}, false},
		{"rate-limit-reset 100000", nil, []string{"rate-limit", "700", "rate-limit-remaining", "0", "rate-limit-reset", "100000"}, false},
		{"endpoint resets 100000", nil, []string{"zendesk-ratelimit-tickets-index", "total=100; remaining=0; resets=100000"}, false},
		{"reset beyond int", nil, []string{"ratelimit-limit", "700", "ratelimit-remaining", "0", "ratelimit-reset", "99999999999999999999999"}, false},
		{"negative reset", nil, []string{"ratelimit-limit", "700", "ratelimit-remaining", "0", "ratelimit-reset", "-30"}, false},
		{"reset as a date", nil, []string{"ratelimit-limit", "700", "ratelimit-remaining", "0", "ratelimit-reset", "Wed, 21 Oct 2065 07:28:00 GMT"}, false},
		{"reset with a fraction", nil, []string{"ratelimit-limit", "700", "ratelimit-remaining", "0", "ratelimit-reset", "1e5"}, false},
		{"negative remaining", nil, []string{"ratelimit-limit", "700", "ratelimit-remaining", "-1", "ratelimit-reset", "30"}, false},
		{"remaining not a number", nil, []string{"ratelimit-limit", "700", "ratelimit-remaining", "none", "ratelimit-reset", "30"}, false},
		{"reset past a short WithMaxRetryAfter", []Option{WithMaxRetryAfter(10 * time.Second)}, []string{"ratelimit-limit", "700", "ratelimit-remaining", "0", "ratelimit-reset", "30"}, false},
		{"under a long WithMaxRetryAfter", []Option{WithMaxRetryAfter(2 * time.Minute)}, []string{"ratelimit-limit", "700", "ratelimit-remaining", "0", "ratelimit-reset", "90"}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				c, mock := setup(t, tt.opts...)
				rec := on(t, mock, "GET", "/api/v2/tickets.json", respond(200, `{"tickets":[]}`, tt.headers...))
				if _, err := c.Tickets.List(context.Background(), nil); err != nil {
					t.Fatal(err)
				}
				ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
				defer cancel()
				start := time.Now()
				_, err := c.Tickets.List(ctx, nil)
				took := time.Since(start)
				if tt.held {
					if !errors.Is(err, ErrRateLimited) || rec.count() != 1 {
						t.Errorf("err = %v, %d requests: a reset under the bound must hold the call", err, rec.count())
					}
					return
				}
				if err != nil || rec.count() != 2 || took > 250*time.Millisecond {
					t.Errorf("err = %v after %s, %d requests: want the second call sent at once", err, took, rec.count())
				}
				if rl := c.RateLimit(); strings.Contains(tt.name, "reset") && !rl.Reset.IsZero() {
					t.Errorf("RateLimit().Reset = %v, want unknown", rl.Reset)
				}
			})
		})
	}
}

// TestRateLimitPacerMemoryBounded: answers naming endless endpoint budgets on endless paths
// make the pacer keep a bounded number of paths, budgets per path and names, and a path it
// cannot keep is not held.
func TestRateLimitPacerMemoryBounded(t *testing.T) {
	t.Parallel()
	p := newPacer(0, time.Minute)
	ctx := context.Background()
	for i := range 3 * maxRoutes {
		key := fmt.Sprintf("GET /api/v2/tickets/%d", i)
		sent, err := p.wait(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		h := http.Header{}
		for j := range 20 {
			h.Set(fmt.Sprintf("Zendesk-RateLimit-b%d-%d", i, j), "total=1; remaining=0; resets=30")
		}
		p.observe(key, sent, h, time.Now())
	}
	if len(p.routes) > maxRoutes || len(p.named) > maxBudgetNames {
		t.Errorf("%d paths, %d names kept", len(p.routes), len(p.named))
	}
	for key, r := range p.routes {
		if len(r.budgets) > maxBudgetsPerPath {
			t.Fatalf("%s: %d budgets", key, len(r.budgets))
		}
	}
	short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	if _, err := p.wait(short, "GET /api/v2/tickets/new"); err != nil {
		t.Errorf("a path the pacer cannot keep was held: %v", err)
	}
}

// TestRateLimitLateAnswerOfAnOldWindowIsIgnored: when answers are slow, an answer to a request
// sent in a window the client has since refilled tells of that old window; it must not set
// when the new window ends. The server here allows 3 requests in each 10s window and answers
// every request 800ms after counting it; one answer from the end of the first window arrives
// after the client refilled its budget for the second. Had its "resets in 1s" been taken for the
// new window, the client would refill again a second later and send more requests in the
// server's second window than it allows. It runs on synctest's clock, so every step happens at
// the instant the script says.
func TestRateLimitLateAnswerOfAnOldWindowIsIgnored(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		const limit, window, latency = 3, 10 * time.Second, 800 * time.Millisecond
		c, mock := setup(t)
		start := time.Now()
		var mu sync.Mutex
		counts := map[int]int{} // requests the server counted, by its window
		var n int
		on(t, mock, "GET", "/api/v2/tickets/1.json", func(req *http.Request) (*http.Response, error) {
			mu.Lock()
			elapsed := time.Since(start)
			w := int(elapsed / window)
			counts[w]++
			remaining := max(0, limit-counts[w])
			untilEnd := time.Duration(w+1)*window - elapsed
			resets := int((untilEnd + time.Second - 1) / time.Second) // whole seconds, rounded up
			n++
			wait := latency
			if n == 2 {
				wait = 1500 * time.Millisecond // the late one
			}
			mu.Unlock()
			time.Sleep(wait)
			return respond(200, `{}`, "ratelimit-limit", fmt.Sprint(limit),
				"ratelimit-remaining", fmt.Sprint(remaining), "ratelimit-reset", fmt.Sprint(resets))(req)
		})
		get := func() {
			if _, err := c.get(context.Background(), "tickets/1.json", nil, nil); err != nil {
				t.Error(err)
			}
		}
		var wg sync.WaitGroup
		at := func(d time.Duration, calls int) {
			time.Sleep(time.Until(start.Add(d)))
			for range calls {
				wg.Go(get)
			}
			synctest.Wait()
		}
		at(0, 1)                      // counted in window 0; the client's window ends at 10.8s
		at(9500*time.Millisecond, 1)  // counted in window 0 ("resets in 1s"); its answer comes at 11s
		at(10900*time.Millisecond, 1) // the client refills: counted in window 1, answered at 11.7s
		at(11100*time.Millisecond, 5) // a burst after the late answer came
		wg.Wait()
		mu.Lock()
		defer mu.Unlock()
		for w, got := range counts {
			if got > limit {
				t.Errorf("the server's window %d (from %s) got %d requests, it allows %d: %v", w, time.Duration(w)*window, got, limit, counts)
			}
		}
		if n != 8 {
			t.Errorf("%d requests reached the server, want 8", n)
		}
	})
}

// TestRateLimitAccountWideBudgetHoldsEveryPathThatNamedIt: Zendesk counts tickets-index for
// the whole account across the ticket lists, so once two list paths have named it, a budget
// spent on one holds the other; a budget of any other name stays each path's own.
func TestRateLimitAccountWideBudgetHoldsEveryPathThatNamedIt(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		c, mock := setup(t)
		header := func(name, remaining string) []string {
			return []string{"X-Rate-Limit", "700", "X-Rate-Limit-Remaining", "600",
				"zendesk-ratelimit-" + name, "total=100; remaining=" + remaining + "; resets=30"}
		}
		all := on(t, mock, "GET", "/api/v2/tickets.json", respond(200, `{"tickets":[]}`, header("tickets-index", "5")...))
		org := on(t, mock, "GET", "/api/v2/organizations/7/tickets.json", respond(200, `{"tickets":[]}`, header("tickets-index", "0")...))
		ctx := context.Background()
		if _, err := c.Tickets.List(ctx, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Tickets.ListByOrganization(ctx, 7, nil); err != nil {
			t.Fatal(err)
		}
		// The organization's list said the account's list budget is spent: the plain list,
		// whose own last answer left 5, waits for the reset too.
		short, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		start := time.Now()
		if _, err := c.Tickets.List(short, nil); !errors.Is(err, ErrRateLimited) || time.Since(start) != 0 {
			t.Errorf("a list after the shared budget was spent elsewhere: err = %v after %s, want ErrRateLimited at once", err, time.Since(start))
		}
		if all.count() != 1 || org.count() != 1 {
			t.Errorf("%d and %d requests, want 1 each", all.count(), org.count())
		}

		// A budget of another name is the path's own: spent on one path, it holds no other.
		one := on(t, mock, "GET", "/api/v2/tickets/1.json", respond(200, `{}`, header("per-ticket", "0")...))
		two := on(t, mock, "GET", "/api/v2/tickets/2.json", respond(200, `{}`, header("per-ticket", "5")...))
		for _, path := range []string{"tickets/1.json", "tickets/2.json", "tickets/2.json"} {
			if _, err := c.get(short, path, nil, nil); err != nil {
				t.Errorf("GET %s: %v", path, err)
			}
		}
		if one.count() != 1 || two.count() != 2 {
			t.Errorf("%d and %d requests, want 1 and 2", one.count(), two.count())
		}
	})
}

// TestRateLimitPathsOfASharedBudgetAreForgotten: a path whose only live budget is an
// account-wide one (kept busy by the other list paths) can still be forgotten when the pacer
// is full, so a new path gets its first-request probe and its budgets; the shared budget itself
// lives on and still holds the paths that name it.
func TestRateLimitPathsOfASharedBudgetAreForgotten(t *testing.T) {
	t.Parallel()
	p := newPacer(0, time.Minute)
	ctx := context.Background()
	h := http.Header{"Zendesk-Ratelimit-Tickets-Index": {"total=5000; remaining=4000; resets=50"}}
	for i := range maxRoutes {
		key := fmt.Sprintf("GET /api/v2/users/%d/tickets/requested", i)
		sent, err := p.wait(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		p.observe(key, sent, h, time.Now())
	}
	if len(p.routes) != maxRoutes {
		t.Fatalf("%d paths kept, want %d", len(p.routes), maxRoutes)
	}
	p.sweepBy = time.Time{}
	if r := p.route("GET /api/v2/users/new/tickets/requested", time.Now()); r == nil {
		t.Fatal("a new path found no room: the paths of the shared budget were never forgotten")
	}
	// The shared budget is spent: a path that names it is held.
	key := "GET /api/v2/tickets"
	sent, _ := p.wait(ctx, key)
	p.observe(key, sent, http.Header{"Zendesk-Ratelimit-Tickets-Index": {"total=5000; remaining=0; resets=50"}}, time.Now())
	short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	if _, err := p.wait(short, key); !errors.Is(err, ErrRateLimited) {
		t.Errorf("a list path after the shared budget was spent: %v, want ErrRateLimited", err)
	}
}

// TestRateLimitAnswerSentAfterTheResetCounts: a window that ended before anyone looked began
// when the old one ended, not when an answer happened to roll it: the answer to a request sent
// after the reset tells of the new window and is taken in.
func TestRateLimitAnswerSentAfterTheResetCounts(t *testing.T) {
	t.Parallel()
	var p pace
	t0 := time.Unix(1_800_000_000, 0)
	p.observe(5, 0, t0.Add(10*time.Second), t0, t0)
	p.observe(5, 2, t0.Add(70*time.Second), t0.Add(10500*time.Millisecond), t0.Add(11*time.Second))
	if p.budget != 2 || !p.resetAt.Equal(t0.Add(70*time.Second)) {
		t.Errorf("budget %d, reset %v: the new window's answer was dropped (want 2 left, reset at +70s)", p.budget, p.resetAt.Sub(t0))
	}
}
