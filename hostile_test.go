package zendesk

import (
	"context"
	"errors"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"golang.org/x/oauth2"
)

// Hostile input: strings that try to reach another path or query, headers that try to split,
// and id lists far past any limit.

// TestHostileStringsStayInTheirQueryValue sends ids and cursors holding `&`, `#`, `?`, `=`, `/`
// and `..`: each arrives as one value of its own key, and no other key appears.
func TestHostileStringsStayInTheirQueryValue(t *testing.T) {
	hostile := []string{"a&b=c", "x#frag", "y?page[size]=1000", "abc&page[size]=1000", "../../users/1", "%2e%2e/", "v=1;w=2", "a,b", "é ü"}
	for _, s := range hostile {
		t.Run(s, func(t *testing.T) {
			c, mock := setup(t)
			rec := on(t, mock, "GET", "/api/v2/tickets.json", respondFixture(t, 200, "tickets_page.json"))
			ctx := context.Background()
			if _, err := c.Tickets.ListByExternalID(ctx, s, nil); err != nil {
				t.Fatal(err)
			}
			if _, err := c.Tickets.List(ctx, &ListOptions{After: s}); err != nil {
				t.Fatal(err)
			}
			if _, err := c.Tickets.List(ctx, &ListOptions{Before: s, SortBy: s, SortOrder: "desc"}); err != nil {
				t.Fatal(err)
			}
			want := []map[string][]string{
				{"external_id": {s}, "page[size]": {"100"}},
				{"page[after]": {s}, "page[size]": {"100"}},
				{"page[before]": {s}, "page[size]": {"100"}, "sort": {"-" + s}},
			}
			for i, r := range rec.all() {
				if r.URL.Path != "/api/v2/tickets.json" {
					t.Errorf("request %d went to %q", i, r.URL.Path)
				}
				if got := map[string][]string(r.URL.Query()); !reflect.DeepEqual(got, want[i]) {
					t.Errorf("request %d: query %q decodes to %v, want %v", i, r.URL.RawQuery, got, want[i])
				}
			}
		})
	}
}

// TestHostileIDsNeverReachAPath: job ids that try to climb out of job_statuses/ are refused
// before any request; ticket ids are int64 and cannot carry text at all.
func TestHostileIDsNeverReachAPath(t *testing.T) {
	c, mock := setup(t)
	ctx := context.Background()
	for _, id := range []string{"../tickets/1", "..%2Ftickets%2F1", "V3-x/../../users", "V3-x?ids=1", "V3-x#", "V3-x\r\nX-Evil: 1"} {
		if _, err := c.JobStatuses.Get(ctx, id); !errors.Is(err, ErrInvalid) {
			t.Errorf("Get(%q): err = %v, want ErrInvalid", id, err)
		}
		if _, err := c.JobStatuses.GetMany(ctx, []string{"V3-ok", id}); !errors.Is(err, ErrInvalid) {
			t.Errorf("GetMany(%q): err = %v, want ErrInvalid", id, err)
		}
		if _, err := c.JobStatuses.Wait(ctx, id); !errors.Is(err, ErrInvalid) {
			t.Errorf("Wait(%q): err = %v, want ErrInvalid", id, err)
		}
	}
	if n := mock.GetTotalCallCount(); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

// TestHostileHeaderValues: no value the caller or a token endpoint supplies can split a header.
func TestHostileHeaderValues(t *testing.T) {
	const crlf = "ok\r\nX-Evil: 1"
	t.Run("idempotency key", func(t *testing.T) {
		c, mock := setup(t)
		for _, key := range []string{crlf, "ok\nX-Evil: 1", "ok\x00", "ключ"} {
			ctx := ContextWithIdempotencyKey(context.Background(), key)
			if _, _, err := c.Tickets.Create(ctx, &TicketRequest{Comment: &Comment{Body: "x"}}); !errors.Is(err, ErrInvalid) {
				t.Errorf("key %q: err = %v, want ErrInvalid", key, err)
			}
		}
		if n := mock.GetTotalCallCount(); n != 0 {
			t.Errorf("%d requests sent", n)
		}
	})
	t.Run("options", func(t *testing.T) {
		for name, opts := range map[string][]Option{
			"user agent":  {WithAPIToken("a@b.c", "t"), WithUserAgent(crlf)},
			"OAuth token": {WithOAuthToken(crlf)},
		} {
			if _, err := NewClient("acme", opts...); err == nil {
				t.Errorf("%s with CRLF accepted", name)
			}
		}
	})
	t.Run("token from a token source", func(t *testing.T) {
		ts := oauth2.StaticTokenSource(&oauth2.Token{AccessToken: crlf})
		c, mock := setupWith(t, WithTokenSource(ts))
		if _, err := c.Tickets.Get(context.Background(), 1); err == nil || !strings.Contains(err.Error(), "header") {
			t.Errorf("err = %v, want the token refused", err)
		}
		if n := mock.GetTotalCallCount(); n != 0 {
			t.Errorf("%d requests sent", n)
		}
	})
	t.Run("token from the token endpoint", func(t *testing.T) {
		c, mock := setupWith(t, WithClientCredentials("id", "s3cr3t-client"))
		on(t, mock, "POST", "/oauth/tokens", respond(200, `{"access_token":"ok\r\nX-Evil: 1","token_type":"bearer","expires_in":60}`))
		api := on(t, mock, "GET", "/api/v2/tickets/1.json", respond(200, ticketOne))
		if _, err := c.Tickets.Get(context.Background(), 1); err == nil {
			t.Error("no error")
		}
		if api.count() != 0 {
			t.Errorf("%d API requests sent", api.count())
		}
	})
	t.Run("basic auth", func(t *testing.T) {
		// Email and token travel base64-encoded: CRLF in them cannot split the header.
		c, mock := setupWith(t, WithAPIToken("a@b.c\r\nX-Evil: 1", crlf))
		rec := on(t, mock, "GET", "/api/v2/tickets/1.json", respond(200, ticketOne))
		if _, err := c.Tickets.Get(context.Background(), 1); err != nil {
			t.Fatal(err)
		}
		h := rec.last(t).Header
		if h.Get("X-Evil") != "" || strings.ContainsAny(h.Get("Authorization"), "\r\n") {
			t.Errorf("headers %v", h)
		}
	})
}

// TestHostileHugeIDLists: a million ids are refused before any request where the API takes
// 100, and GetMany, which splits, refuses more than maxGetMany ids (a hundred requests) rather
// than send ten thousand; either way at once, without building the whole query.
//
// "At once" is measured in bytes, not on the clock: a refusal allocates a few hundred bytes,
// while any copy, set or query of a million ids allocates 8 MB or more, whatever the load; a
// wall-clock bound had to sit between microseconds and the ~150 ms such a copy takes, where a
// busy machine stalls a goroutine as long. No test runs in parallel with this one (it does not
// call t.Parallel), so the process allocates little else meanwhile.
func TestHostileHugeIDLists(t *testing.T) {
	ids := make([]int64, 1_000_000)
	jobIDs := make([]string, 1_000_000)
	for i := range ids {
		ids[i] = int64(i + 1)
		jobIDs[i] = "V3-x"
	}
	tickets := make([]TicketRequest, 1_000_000)
	c, mock := setup(t)
	ctx := context.Background()
	calls := map[string]func() error{
		"Tickets.GetMany":        func() error { _, err := c.Tickets.GetMany(ctx, ids); return err },
		"JobStatuses.GetMany":    func() error { _, err := c.JobStatuses.GetMany(ctx, jobIDs); return err },
		"Tickets.UpdateMany":     func() error { _, err := c.Tickets.UpdateMany(ctx, ids, &TicketRequest{Subject: Set("x")}); return err },
		"Tickets.UpdateManyEach": func() error { _, err := c.Tickets.UpdateManyEach(ctx, tickets); return err },
		"Tickets.CreateMany":     func() error { _, err := c.Tickets.CreateMany(ctx, tickets); return err },
		"Tickets.MarkManyAsSpam": func() error { _, err := c.Tickets.MarkManyAsSpam(ctx, ids); return err },
		"Tickets.DeleteMany":     func() error { _, err := c.Tickets.DeleteMany(ctx, ids); return err },
		"Tickets.Merge":          func() error { _, err := c.Tickets.Merge(ctx, 1, &MergeRequest{IDs: ids}); return err },
		"Twitter.Statuses":       func() error { _, err := c.Twitter.Statuses(ctx, 1, ids...); return err },
	}
	const bound = 1 << 20 // 1 MB: an eighth of a million ids' 8 MB
	var most uint64
	for name, call := range calls {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		err := call()
		runtime.ReadMemStats(&after)
		if !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: err = %v, want ErrInvalid", name, err)
		}
		n := after.TotalAlloc - before.TotalAlloc
		if n > bound {
			t.Errorf("%s: refused after allocating %d bytes, not at once", name, n)
		}
		most = max(most, n)
	}
	t.Logf("the most a refusal allocated: %d bytes (bound %d)", most, bound)
	if n := mock.GetTotalCallCount(); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

// TestGetManyAtItsBoundSplits: maxGetMany ids are still fetched, in requests of 100.
func TestGetManyAtItsBoundSplits(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", "/api/v2/tickets/show_many.json", respond(200, `{"tickets":[]}`))
	ids := make([]int64, maxGetMany)
	for i := range ids {
		ids[i] = int64(i + 1)
	}
	if _, err := c.Tickets.GetMany(context.Background(), ids); err != nil {
		t.Fatal(err)
	}
	if rec.count() != maxGetMany/maxBulk {
		t.Errorf("%d requests, want %d", rec.count(), maxGetMany/maxBulk)
	}
	// The bound counts the ids given, duplicates too: it is checked before anything is built.
	if _, err := c.Tickets.GetMany(context.Background(), append(ids, ids[0])); !errors.Is(err, ErrInvalid) {
		t.Errorf("err = %v, want ErrInvalid past the bound", err)
	}
}
