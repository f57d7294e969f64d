package zendesk

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
)

// The recorded pages of the cursor export: two tickets, two more with end_of_stream, and the
// empty page with every cursor null.
const (
	incCursor1 = "aW5jMXxhZnRlcnwxNzcyNjMwNDI3fDN8Ng"
	incCursor2 = "aW5jMXxhZnRlcnwxNzcyOTYxMzI3fDR8Ng"
)

func TestIncrementalTicketPages(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", "/api/v2/incremental/tickets/cursor.json",
		respondFixture(t, 200, "incremental_tickets_page.json"), respondFixture(t, 200, "incremental_tickets_page_end.json"))
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	var pages []*TicketExportPage
	for p, err := range c.Incremental.TicketPages(context.Background(), &IncrementalOptions{StartTime: start, PerPage: 2}) {
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, p)
	}
	reqs := rec.all()
	if len(reqs) != 2 || len(pages) != 2 {
		t.Fatalf("%d requests, %d pages, want 2 and 2", len(reqs), len(pages))
	}
	wantQuery(t, reqs[0].URL, "start_time="+strconv.FormatInt(start.Unix(), 10)+"&per_page=2")
	wantQuery(t, reqs[1].URL, "cursor="+incCursor1+"&per_page=2")
	for _, r := range reqs {
		if r.Method != "GET" || len(r.Body) != 0 {
			t.Errorf("sent %s with body %q", r.Method, r.Body)
		}
	}
	if got := ticketIDs(pages[0].Tickets); !reflect.DeepEqual(got, []int64{35437, 35438}) || pages[0].AfterCursor != incCursor1 ||
		pages[0].EndOfStream || pages[0].Sideloads != nil {
		t.Errorf("page 1: ids %v, after %q, end %v, side-loads %v", got, pages[0].AfterCursor, pages[0].EndOfStream, pages[0].Sideloads)
	}
	if got := ticketIDs(pages[1].Tickets); !reflect.DeepEqual(got, []int64{35436, 35439}) || pages[1].AfterCursor != incCursor2 ||
		!pages[1].EndOfStream {
		t.Errorf("page 2: ids %v, after %q, end %v", got, pages[1].AfterCursor, pages[1].EndOfStream)
	}
	if tk := pages[0].Tickets[0]; tk.Status != StatusPending || tk.Subject != "Cannot log in" || tk.GeneratedTimestamp != 1772536767 {
		t.Errorf("first ticket = %+v", tk)
	}
	if st := pages[1].Tickets[1].Status; st != "deleted" {
		t.Errorf("deleted ticket's status = %q", st)
	}
}

// Resuming from a saved cursor when nothing changed: the recorded page carries
// "after_cursor": null, and the page's AfterCursor is the cursor it was asked with, so the
// sync saves the same cursor again rather than losing its place.
func TestIncrementalTicketPagesNullCursorKeepsTheAskedOne(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", "/api/v2/incremental/tickets/cursor.json", respondFixture(t, 200, "incremental_tickets_page_last.json"))
	var pages []*TicketExportPage
	for p, err := range c.Incremental.TicketPages(context.Background(), &IncrementalOptions{Cursor: incCursor2,
		StartTime: time.Unix(1, 0), Include: []string{"users", "groups"}, ExcludeDeleted: true}) {
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, p)
	}
	wantQuery(t, rec.last(t).URL, "cursor="+incCursor2+"&include=users,groups&exclude_deleted=true&per_page=1000")
	if !strings.Contains(rec.last(t).URL.RawQuery, "include=users,groups") {
		t.Errorf("include went as %q", rec.last(t).URL.RawQuery)
	}
	if len(pages) != 1 || len(pages[0].Tickets) != 0 || !pages[0].EndOfStream || pages[0].AfterCursor != incCursor2 {
		t.Fatalf("pages = %+v", pages)
	}

	// From a start time that finds nothing there is no cursor to keep.
	c, mock = setup(t)
	on(t, mock, "GET", "/api/v2/incremental/tickets/cursor.json", respondFixture(t, 200, "incremental_tickets_page_last.json"))
	for p, err := range c.Incremental.TicketPages(context.Background(), &IncrementalOptions{StartTime: time.Unix(1, 0)}) {
		if err != nil || p.AfterCursor != "" || !p.EndOfStream {
			t.Errorf("page %+v, %v", p, err)
		}
	}
}

func TestIncrementalTickets(t *testing.T) {
	c, mock := setup(t)
	on(t, mock, "GET", "/api/v2/incremental/tickets/cursor.json",
		respondFixture(t, 200, "incremental_tickets_page.json"), respondFixture(t, 200, "incremental_tickets_page_end.json"))
	ids := allTicketIDs(t, c.Incremental.Tickets(context.Background(), &IncrementalOptions{Cursor: "abc"}))
	if want := []int64{35437, 35438, 35436, 35439}; !reflect.DeepEqual(ids, want) {
		t.Errorf("ids = %v, want %v", ids, want)
	}

	// Breaking out of the loop stops the export: no second page is asked.
	c, mock = setup(t)
	rec := on(t, mock, "GET", "/api/v2/incremental/tickets/cursor.json",
		respondFixture(t, 200, "incremental_tickets_page.json"), respondFixture(t, 200, "incremental_tickets_page_end.json"))
	for range c.Incremental.Tickets(context.Background(), &IncrementalOptions{Cursor: "abc"}) {
		break
	}
	if rec.count() != 1 {
		t.Errorf("%d requests after a break on the first ticket", rec.count())
	}
}

func TestIncrementalRefusedBeforeSending(t *testing.T) {
	for name, o := range map[string]*IncrementalOptions{
		"nil":                 nil,
		"no start":            {},
		"future":              {StartTime: time.Now().Add(time.Hour)},
		"before 1970":         {StartTime: time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC)},
		"per page 1001":       {Cursor: "c", PerPage: 1001},
		"per page negative":   {Cursor: "c", PerPage: -1},
		"include empty":       {Cursor: "c", Include: []string{""}},
		"include two in one":  {Cursor: "c", Include: []string{"users,groups"}},
		"include last_audits": {Cursor: "c", Include: []string{"last_audits"}},
	} {
		c, mock := setup(t)
		rec := on(t, mock, "GET", "/api/v2/incremental/tickets/cursor.json", respondFixture(t, 200, "incremental_tickets_page_last.json"))
		var n int
		for p, err := range c.Incremental.TicketPages(context.Background(), o) {
			n++
			if !errors.Is(err, ErrInvalid) || p != nil {
				t.Errorf("%s: page %v, err %v, want ErrInvalid", name, p, err)
			}
		}
		wantRefused(t, name+": Tickets", c.Incremental.Tickets(context.Background(), o), ErrInvalid)
		if n != 1 || rec.count() != 0 {
			t.Errorf("%s: %d yields, %d requests", name, n, rec.count())
		}
	}
}

// A page that says more follow but repeats its cursor, or gives none, ends the export with
// ErrPaging instead of a loop; an error status ends it with the *APIError.
func TestIncrementalTicketPagesStopsOnBadPaging(t *testing.T) {
	same := fmt.Sprintf(`{"tickets": [{"id": 1}], "after_cursor": %q, "end_of_stream": false}`, "abc")
	none := `{"tickets": [{"id": 1}], "after_cursor": null, "end_of_stream": false}`
	for name, tc := range map[string]struct {
		opts  *IncrementalOptions
		pages []string
		want  int // requests
	}{
		"cursor comes back as asked": {&IncrementalOptions{Cursor: "abc"}, []string{same}, 1},
		"cursor comes back later":    {&IncrementalOptions{StartTime: time.Unix(1, 0)}, []string{same}, 2},
		"no cursor from a start":     {&IncrementalOptions{StartTime: time.Unix(1, 0)}, []string{none}, 1},
	} {
		c, mock := setup(t)
		rs := make([]httpmock.Responder, len(tc.pages))
		for i, p := range tc.pages {
			rs[i] = respond(200, p)
		}
		rec := on(t, mock, "GET", "/api/v2/incremental/tickets/cursor.json", rs...)
		var last error
		for _, err := range c.Incremental.Tickets(context.Background(), tc.opts) {
			last = err
		}
		if !errors.Is(last, ErrPaging) || rec.count() != tc.want {
			t.Errorf("%s: last error %v after %d requests, want ErrPaging after %d", name, last, rec.count(), tc.want)
		}
	}

	c, mock := setup(t)
	on(t, mock, "GET", "/api/v2/incremental/tickets/cursor.json",
		respond(403, `{"error": "Forbidden", "description": "You do not have access to this page."}`))
	var last error
	for p, err := range c.Incremental.TicketPages(context.Background(), &IncrementalOptions{Cursor: "abc"}) {
		if p != nil {
			t.Errorf("page %+v with the error", p)
		}
		last = err
	}
	if !errors.Is(last, ErrForbidden) {
		t.Errorf("err = %v, want ErrForbidden", last)
	}
}

// A 429 is waited out and retried: the caller sees the pages, never the 429.
func TestIncrementalTicketPagesRetries429(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", "/api/v2/incremental/tickets/cursor.json",
		respond(429, `{"error": "TooManyRequests"}`, "Retry-After", "0"), respondFixture(t, 200, "incremental_tickets_page_last.json"))
	for _, err := range c.Incremental.TicketPages(context.Background(), &IncrementalOptions{Cursor: "abc"}) {
		if err != nil {
			t.Fatal(err)
		}
	}
	if rec.count() != 2 {
		t.Errorf("%d requests, want 2", rec.count())
	}
}

// Side-loads asked for with Include arrive in each page's Sideloads.
func TestIncrementalTicketPagesSideloads(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", "/api/v2/incremental/tickets/cursor.json", respond(200, `{
		"tickets": [{"id": 35436, "requester_id": 360000000002, "group_id": 360000000005, "organization_id": 360000000004}],
		"users": [{"id": 360000000002, "name": "The Customer", "email": "thecustomer@example.com", "role": "end-user"}],
		"groups": [{"id": 360000000005, "name": "Support", "default": true, "deleted": false, "created_at": "2026-01-02T03:04:05Z"}],
		"organizations": [{"id": "360000000004", "name": "Acme", "domain_names": ["acme.example"], "shared_tickets": true}],
		"after_url": null, "after_cursor": "c2", "before_url": null, "before_cursor": "c1", "end_of_stream": true}`))
	var pages []*TicketExportPage
	for p, err := range c.Incremental.TicketPages(context.Background(), &IncrementalOptions{Cursor: "c1",
		Include: []string{"users", "groups", "organizations"}}) {
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, p)
	}
	wantQuery(t, rec.last(t).URL, "cursor=c1&include=users,groups,organizations&per_page=1000")
	sl := pages[0].Sideloads
	if len(pages) != 1 || sl == nil || len(sl.Users) != 1 || len(sl.Groups) != 1 || len(sl.Organizations) != 1 {
		t.Fatalf("pages %+v, side-loads %+v", pages, sl)
	}
	if u := sl.Users[0]; u.ID != 360000000002 || u.Email != "thecustomer@example.com" {
		t.Errorf("user = %+v", u)
	}
	if g := sl.Groups[0]; g.Name != "Support" || !g.Default || g.CreatedAt.Year() != 2026 {
		t.Errorf("group = %+v", g)
	}
	if o := sl.Organizations[0]; o.ID != 360000000004 || !o.SharedTickets || !reflect.DeepEqual(o.DomainNames, []string{"acme.example"}) {
		t.Errorf("organization = %+v", o)
	}
	if pages[0].AfterCursor != "c2" || len(pages[0].Tickets) != 1 {
		t.Errorf("page = %+v", pages[0])
	}
}
