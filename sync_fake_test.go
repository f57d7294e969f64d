package zendesk_test

// Search, the search export and the incremental exports end to end against zendesktest.

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ticketsdk/zendesk"
	"github.com/ticketsdk/zendesk/zendesktest"
)

// createTickets creates n tickets "<prefix> i" (i from 1) and returns their ids in order: one
// by one up to 10, else through create_many jobs (Tickets.CreateAll), which is faster.
func createTickets(t testing.TB, c *zendesk.Client, prefix string, n int) []int64 {
	t.Helper()
	ids := make([]int64, n)
	if n <= 10 {
		for i := range n {
			tk, _, err := c.Tickets.Create(context.Background(), newTicket(fmt.Sprintf("%s %d", prefix, i+1)))
			if err != nil {
				t.Fatal(err)
			}
			ids[i] = tk.ID
		}
		return ids
	}
	reqs := make([]zendesk.TicketRequest, n)
	for i := range reqs {
		reqs[i] = *newTicket(fmt.Sprintf("%s %d", prefix, i+1))
	}
	results, err := c.Tickets.CreateAll(context.Background(), reqs, &zendesk.BulkOptions{Concurrency: 1,
		Wait: &zendesk.WaitOptions{MinInterval: time.Millisecond, MaxInterval: 5 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range results {
		ids[i] = r.ID
	}
	return ids
}

// drain collects what seq yields up to its first error, which it returns.
func drain[T any](t testing.TB, seq func(yield func(T, error) bool)) ([]T, error) {
	t.Helper()
	var out []T
	for v, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, v)
	}
	return out, nil
}

func TestSearchAgainstFake(t *testing.T) {
	t.Parallel()
	s, c := zendesktest.Start(t)
	ctx := context.Background()
	ann := s.AddUser("Ann", "ann@example.com")
	vip := newTicket("Printer on fire")
	vip.Tags = zendesk.Set([]string{"vip", "printer"})
	vip.RequesterID = zendesk.Set(ann)
	fire := mustCreate(t, c, vip)
	plain := mustCreate(t, c, newTicket("Printer out of paper"))
	solved := newTicket("Printer fixed")
	solved.Status = zendesk.Set(zendesk.StatusSolved)
	solved.Tags = zendesk.Set([]string{"vip"})
	solved.AssigneeID = zendesk.Set(zendesktest.DefaultAgentID)
	mustCreate(t, c, solved)
	s.AddUser("Printer Person", "printer@example.com") // a user matching the text: not a ticket result

	page, err := c.Search.Tickets(ctx, "printer status<solved", &zendesk.SearchOptions{SortBy: "created_at", SortOrder: "asc"})
	if err != nil {
		t.Fatal(err)
	}
	if got := idsOf(page.Items); !slices.Equal(got, []int64{fire.ID, plain.ID}) || page.Count != 2 || page.HasMore {
		t.Errorf("search: ids %v, count %d, more %v; want %v", got, page.Count, page.HasMore, []int64{fire.ID, plain.ID})
	}
	page, err = c.Search.Tickets(ctx, "tags:vip requester:ann@example.com", nil)
	if err != nil || len(page.Items) != 1 || page.Items[0].ID != fire.ID || page.Items[0].RequesterID != ann {
		t.Errorf("by tag and requester: %+v, %v", page, err)
	}

	if n, err := c.Search.Count(ctx, "type:ticket printer"); err != nil || n != 3 {
		t.Errorf("Count(type:ticket printer) = %d, %v; want 3", n, err)
	}
	if n, err := c.Search.Count(ctx, "printer"); err != nil || n != 4 {
		t.Errorf("Count(printer) = %d, %v; want 4 (three tickets and a user)", n, err)
	}

	all, err := drain(t, c.Search.TicketsAll(ctx, "printer", &zendesk.SearchOptions{PerPage: 1, SortBy: "created_at", SortOrder: "asc"}))
	if err != nil || len(all) != 3 || all[0].ID != fire.ID {
		t.Errorf("TicketsAll: %v, %v", idsOf(all), err)
	}
	exported, err := drain(t, c.Search.ExportTickets(ctx, "printer", &zendesk.ExportOptions{PageSize: 2}))
	if err != nil || len(exported) != 3 || exported[0].ID != fire.ID {
		t.Errorf("ExportTickets: %v, %v", idsOf(exported), err)
	}
	if n := s.RequestCount("GET", "search/export"); n != 2 {
		t.Errorf("the export of 3 tickets at 2 a page took %d requests, want 2", n)
	}
}

// TicketsAll over 1,050 matches yields the 1,000 search serves and ends with ErrSearchLimit
// naming ExportTickets, without the request the server would refuse (it answers 422 past the
// cap); ExportTickets reads all 1,050 in ceil(1050/1000) requests.
func TestSearchCapAgainstFake(t *testing.T) {
	t.Parallel()
	s, c := zendesktest.Start(t)
	ctx := context.Background()
	const n = 1050
	ids := createTickets(t, c, "Printer", n)

	page, err := c.Search.Tickets(ctx, "printer", &zendesk.SearchOptions{Page: 10})
	if err != nil || page.Count != n || !page.HasMore || len(page.Items) != 100 {
		t.Fatalf("page 10: count %d, more %v, %d items, %v", page.Count, page.HasMore, len(page.Items), err)
	}
	if _, err := c.Search.Tickets(ctx, "printer", &zendesk.SearchOptions{Page: 11}); !errors.Is(err, zendesk.ErrSearchLimit) {
		t.Errorf("page 11: err %v, want ErrSearchLimit", err)
	}
	before := s.RequestCount("GET", "search")

	got, err := drain(t, c.Search.TicketsAll(ctx, "printer", &zendesk.SearchOptions{SortBy: "created_at", SortOrder: "asc", PerPage: 30}))
	if len(got) != 1000 || !errors.Is(err, zendesk.ErrSearchLimit) || !strings.Contains(err.Error(), "ExportTickets") {
		t.Fatalf("TicketsAll: %d tickets, err %v", len(got), err)
	}
	if !slices.Equal(idsOf(got), ids[:1000]) {
		t.Error("TicketsAll did not yield the first 1,000 tickets in order, each once")
	}
	for _, r := range s.Requests() {
		if r.Status == 422 {
			t.Errorf("the server refused %s %s?%s", r.Method, r.Path, r.Query.Encode())
		}
	}
	if sent := s.RequestCount("GET", "search") - before; sent != 34 { // 33 of 30, one of 10
		t.Errorf("TicketsAll sent %d requests, want 34", sent)
	}

	all, err := drain(t, c.Search.ExportTickets(ctx, "printer", &zendesk.ExportOptions{PageSize: 1000}))
	if err != nil || !slices.Equal(idsOf(all), ids) {
		t.Errorf("ExportTickets: %d tickets, %v", len(all), err)
	}
	if sent := s.RequestCount("GET", "search/export"); sent != 2 {
		t.Errorf("the export sent %d requests, want 2", sent)
	}
}

// Exporting N tickets costs exactly ceil(N / per_page) requests, for N on and off a page
// boundary; resuming from the last page's cursor fetches only what changed since (deleted
// tickets too, unless ExcludeDeleted), and from a cursor where nothing changed, one empty page
// whose AfterCursor is the cursor asked with.
func TestIncrementalAgainstFake(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ n, perPage int }{{250, 100}, {300, 100}, {7, 1000}, {1, 1}} {
		s, c := zendesktest.Start(t)
		ctx := context.Background()
		ids := createTickets(t, c, "Sync", tc.n)
		start := time.Now().Add(-time.Hour)

		var got []int64
		var cursor string
		pages := 0
		for p, err := range c.Incremental.TicketPages(ctx, &zendesk.IncrementalOptions{StartTime: start, PerPage: tc.perPage}) {
			if err != nil {
				t.Fatal(err)
			}
			pages++
			got = append(got, idsOf(p.Tickets)...)
			if p.AfterCursor == "" {
				t.Fatalf("page %d has no cursor", pages)
			}
			cursor = p.AfterCursor
		}
		want := (tc.n + tc.perPage - 1) / tc.perPage
		if sent := s.RequestCount("GET", "incremental/tickets/cursor"); sent != want || pages != want {
			t.Errorf("%d tickets at %d a page: %d requests, %d pages, want %d", tc.n, tc.perPage, sent, pages, want)
		}
		if !slices.Equal(got, ids) {
			t.Errorf("%d tickets at %d a page: exported %d tickets, not each once in order", tc.n, tc.perPage, len(got))
		}

		// Nothing changed: one empty page, the same cursor to keep.
		pagesNow, err := drain(t, c.Incremental.TicketPages(ctx, &zendesk.IncrementalOptions{Cursor: cursor}))
		if err != nil || len(pagesNow) != 1 || len(pagesNow[0].Tickets) != 0 || !pagesNow[0].EndOfStream || pagesNow[0].AfterCursor != cursor {
			t.Fatalf("resume with nothing changed: %+v, %v", pagesNow, err)
		}

		// Change one ticket, delete another: only they come, the deleted one as "deleted".
		if tc.n < 2 {
			continue
		}
		if _, _, err := c.Tickets.Update(ctx, ids[0], &zendesk.TicketRequest{Status: zendesk.Set(zendesk.StatusPending)}); err != nil {
			t.Fatal(err)
		}
		if err := c.Tickets.Delete(ctx, ids[1]); err != nil {
			t.Fatal(err)
		}
		changed, err := drain(t, c.Incremental.Tickets(ctx, &zendesk.IncrementalOptions{Cursor: cursor}))
		if err != nil || !slices.Equal(idsOf(changed), []int64{ids[0], ids[1]}) ||
			changed[0].Status != zendesk.StatusPending || changed[1].Status != "deleted" {
			t.Errorf("resume after changes: %+v, %v", changed, err)
		}
		kept, err := drain(t, c.Incremental.Tickets(ctx, &zendesk.IncrementalOptions{Cursor: cursor, ExcludeDeleted: true}))
		if err != nil || !slices.Equal(idsOf(kept), []int64{ids[0]}) {
			t.Errorf("resume without deleted: %v, %v", idsOf(kept), err)
		}
	}
}

// The fake refuses what the SDK would refuse before sending: an agent is refused (403), and a
// start time within Zendesk's lag is 422, both surfaced as *APIError.
func TestIncrementalRefusalsAgainstFake(t *testing.T) {
	t.Parallel()
	s, _ := zendesktest.Start(t, zendesktest.WithIncrementalLag(time.Minute))
	c, err := s.Client()
	if err != nil {
		t.Fatal(err)
	}
	_, err = drain(t, c.Incremental.Tickets(context.Background(), &zendesk.IncrementalOptions{StartTime: time.Now().Add(-10 * time.Second)}))
	var apiErr *zendesk.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 422 || !errors.Is(err, zendesk.ErrInvalid) {
		t.Errorf("start time within the lag: err %v", err)
	}
}

// The exports' own budgets (incremental exports 10 a minute, search export 100, here scaled
// to a few per 1 s window): an export of many pages finishes with no 429 surfaced, none
// answered by the server (the client paces itself by the budget each answer tells), and takes
// the window ends the budget requires and little more.
//
// It runs on the real clock (the fake serves real HTTP). The fake's window starts at the
// export's first request, after start, and no request was refused, so the export cannot end
// before the window ends its pages require: that time is a strict lower bound, and 3 times it
// the upper one (resets come in whole seconds, up to a second late per window on a busy machine;
// a client that waited for the real budgets' minute would take far longer).
func TestExportsPacedByTheirBudgetsAgainstFake(t *testing.T) {
	t.Parallel()
	const window = time.Second
	for _, tc := range []struct {
		name            string // the budget
		budget, tickets int    // one ticket a page: as many requests
		export          func(*zendesk.Client) ([]zendesk.Ticket, error)
	}{
		{"incremental-exports", 2, 5, func(c *zendesk.Client) ([]zendesk.Ticket, error) {
			return drain(t, c.Incremental.Tickets(context.Background(), &zendesk.IncrementalOptions{StartTime: time.Now().Add(-time.Hour), PerPage: 1}))
		}},
		{"search-export", 3, 7, func(c *zendesk.Client) ([]zendesk.Ticket, error) {
			return drain(t, c.Search.ExportTickets(context.Background(), "paced", &zendesk.ExportOptions{PageSize: 1}))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, c := zendesktest.Start(t, zendesktest.WithEndpointRateLimit(tc.name, tc.budget), zendesktest.WithRateWindow(window))
			createTickets(t, c, "Paced", tc.tickets)
			required := time.Duration((tc.tickets+tc.budget-1)/tc.budget-1) * window
			start := time.Now()
			got, err := tc.export(c)
			took := time.Since(start)
			if err != nil || len(got) != tc.tickets {
				t.Fatalf("exported %d of %d tickets, err %v", len(got), tc.tickets, err)
			}
			if n := status429s(s); n != 0 {
				t.Errorf("the server answered 429 %d times: the client sent past the budget it was told", n)
			}
			if took < required || took > 3*required {
				t.Errorf("took %s, want at least the %s the budget requires, and at most 3 times that", took, required)
			}
			if rl := c.RateLimitFor(tc.name); rl.Limit != tc.budget {
				t.Errorf("RateLimitFor(%q) = %+v", tc.name, rl)
			}
			t.Logf("%d pages, budget %d per %s: %s (bounds %s, %s); server 429s: %d",
				tc.tickets, tc.budget, window, took.Round(time.Millisecond), required, 3*required, status429s(s))
		})
	}
}

// The ticket event export against the fake: one event per update, each once, in order, across
// pages; field changes keyed by name come as FieldName/Value/PreviousValue; with
// comment_events the comments come in full.
func TestTicketEventsAgainstFake(t *testing.T) {
	t.Parallel()
	s, c := zendesktest.Start(t)
	ctx := context.Background()
	ids := createTickets(t, c, "Events", 6)
	for _, id := range ids[:4] {
		if _, _, err := c.Tickets.Update(ctx, id, &zendesk.TicketRequest{Priority: zendesk.Set(zendesk.PriorityHigh),
			Comment: &zendesk.Comment{Body: "Looking into it.", Public: zendesk.Set(false)}}); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Now().Add(-time.Hour)
	events, err := drain(t, c.Incremental.TicketEvents(ctx, &zendesk.IncrementalOptions{StartTime: start, PerPage: 2}))
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 10 {
		t.Fatalf("%d events, want 10 (6 creates, 4 updates)", len(events))
	}
	seen := map[int64]bool{}
	for i, e := range events {
		if seen[e.ID] {
			t.Errorf("event %d came twice", e.ID)
		}
		seen[e.ID] = true
		if i > 0 && e.Timestamp.Before(events[i-1].Timestamp) {
			t.Errorf("event %d is older than the one before it", e.ID)
		}
	}
	if n := s.RequestCount("GET", "incremental/ticket_events"); n < 2 {
		t.Errorf("%d requests: the export did not page", n)
	}
	var change *zendesk.AuditEvent
	for _, e := range events {
		for i, ch := range e.ChildEvents {
			if ch.Type == "Change" && ch.FieldName == "priority" {
				change = &e.ChildEvents[i]
			}
		}
	}
	if change == nil || change.Value != "high" || change.PreviousValue != nil {
		t.Errorf("priority change = %+v", change)
	}

	withComments, err := drain(t, c.Incremental.TicketEvents(ctx, &zendesk.IncrementalOptions{StartTime: start, Include: []string{"comment_events"}}))
	if err != nil || len(withComments) != 10 {
		t.Fatalf("%d events, %v", len(withComments), err)
	}
	last := withComments[len(withComments)-1]
	if ch := last.ChildEvents[0]; ch.Type != "Comment" || ch.Body != "Looking into it." || ch.Public {
		t.Errorf("the last update's comment = %+v", ch)
	}
}

// Side-loads asked for with Include come with each page of the incremental export.
func TestIncrementalSideloadsAgainstFake(t *testing.T) {
	t.Parallel()
	s, c := zendesktest.Start(t)
	ctx := context.Background()
	ann := s.AddUser("Ann", "ann@example.com")
	req := newTicket("With a requester")
	req.RequesterID = zendesk.Set(ann)
	req.GroupID = zendesk.Set(zendesktest.DefaultGroupID)
	mustCreate(t, c, req)
	pages, err := drain(t, c.Incremental.TicketPages(ctx, &zendesk.IncrementalOptions{StartTime: time.Now().Add(-time.Hour),
		Include: []string{"users", "groups"}}))
	if err != nil || len(pages) != 1 {
		t.Fatalf("%d pages, %v", len(pages), err)
	}
	sl := pages[0].Sideloads
	if sl == nil || len(sl.Users) == 0 || len(sl.Groups) == 0 {
		t.Fatalf("side-loads = %+v", sl)
	}
	var found bool
	for _, u := range sl.Users {
		found = found || (u.ID == ann && u.Email == "ann@example.com")
	}
	if !found {
		t.Errorf("the requester is not among the side-loaded users: %+v", sl.Users)
	}
	if sl.Groups[0].ID != zendesktest.DefaultGroupID || sl.Groups[0].Name != zendesktest.DefaultGroupName {
		t.Errorf("groups = %+v", sl.Groups)
	}
	plain, err := drain(t, c.Incremental.TicketPages(ctx, &zendesk.IncrementalOptions{StartTime: time.Now().Add(-time.Hour)}))
	if err != nil || plain[0].Sideloads != nil {
		t.Errorf("without Include: side-loads %+v, %v", plain[0].Sideloads, err)
	}
}

// TestSearchSideloadsAgainstFake: SearchOptions.Include side-loads the requesters of ticket
// results (include=tickets(users)) and the organizations of user results, end to end.
func TestSearchSideloadsAgainstFake(t *testing.T) {
	t.Parallel()
	s, c := zendesktest.Start(t)
	ctx := context.Background()
	ann := s.AddUser("Ann", "ann@example.com")
	org := s.AddOrganization("Acme", ann)
	req := newTicket("Printer on fire")
	req.RequesterID = zendesk.Set(ann)
	mustCreate(t, c, req)
	page, err := c.Search.Tickets(ctx, "printer", &zendesk.SearchOptions{Include: []string{"users"}})
	if err != nil {
		t.Fatal(err)
	}
	if sl := page.Sideloads; len(page.Items) != 1 || sl == nil || !slices.ContainsFunc(sl.Users, func(u zendesk.User) bool {
		return u.ID == ann && u.Email == "ann@example.com"
	}) {
		t.Errorf("search side-loads %+v", page.Sideloads)
	}
	users, err := c.Users.Search(ctx, "ann@example.com", &zendesk.SearchOptions{Include: []string{"organizations"}})
	if err != nil {
		t.Fatal(err)
	}
	if sl := users.Sideloads; sl == nil || len(sl.Organizations) != 1 || sl.Organizations[0].ID != org {
		t.Errorf("user search side-loads %+v", users.Sideloads)
	}
}
