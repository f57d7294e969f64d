package zendesk

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"
)

func TestSearchTickets(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", "/api/v2/search.json", respondFixture(t, 200, "search_tickets_page.json"))
	page, err := c.Search.Tickets(context.Background(), "status<solved", &SearchOptions{PerPage: 2, SortBy: "created_at", SortOrder: "asc"})
	if err != nil {
		t.Fatal(err)
	}
	req := rec.last(t)
	if req.Method != "GET" || len(req.Body) != 0 || req.Header.Get("Accept") != "application/json" {
		t.Errorf("sent %s with body %q, Accept %q", req.Method, req.Body, req.Header.Get("Accept"))
	}
	wantQuery(t, req.URL, "query=type:ticket status<solved&per_page=2&sort_by=created_at&sort_order=asc")
	if got := ticketIDs(page.Items); !reflect.DeepEqual(got, []int64{35436, 35437}) {
		t.Errorf("ids = %v", got)
	}
	if first := page.Items[0]; first.Subject != "Printer on fire" || first.Status != StatusOpen || first.Priority != PriorityUrgent ||
		!reflect.DeepEqual(first.Tags, []string{"printer", "vip"}) || first.GeneratedTimestamp != 1772874927 {
		t.Errorf("first = %+v", first)
	}
	if !page.HasMore || page.Count != 3 || page.AfterCursor != "" || page.BeforeCursor != "" || page.Sideloads != nil {
		t.Errorf("page: HasMore %v, Count %d, cursors %q %q, side-loads %v", page.HasMore, page.Count, page.AfterCursor, page.BeforeCursor, page.Sideloads)
	}

	rec = on(t, mock, "GET", "/api/v2/search.json", respondFixture(t, 200, "search_tickets_page_last.json"))
	page, err = c.Search.Tickets(context.Background(), "status<solved", &SearchOptions{PerPage: 2, Page: 2})
	if err != nil {
		t.Fatal(err)
	}
	wantQuery(t, rec.last(t).URL, "query=type:ticket status<solved&per_page=2&page=2")
	if page.HasMore || page.Count != 3 || len(page.Items) != 1 || page.Items[0].Type != TypeQuestion {
		t.Errorf("last page: HasMore %v, Count %d, items %+v", page.HasMore, page.Count, page.Items)
	}
}

// The query gets type:ticket unless it names the type (outside quoted phrases); another type
// is refused, as the results would not be tickets.
func TestSearchTicketsTypeKeyword(t *testing.T) {
	for _, tc := range []struct{ query, sent string }{
		{"printer", "type:ticket printer"},
		{"type:ticket printer", "type:ticket printer"},
		{"printer TYPE:Ticket", "printer TYPE:Ticket"},
		{`"type:user" printer`, `type:ticket "type:user" printer`},
		{"ticket_type:incident", "type:ticket ticket_type:incident"},
	} {
		c, mock := setup(t)
		rec := on(t, mock, "GET", "/api/v2/search.json", respondFixture(t, 200, "search_tickets_page_last.json"))
		if _, err := c.Search.Tickets(context.Background(), tc.query, nil); err != nil {
			t.Fatalf("%q: %v", tc.query, err)
		}
		if got := rec.last(t).URL.Query().Get("query"); got != tc.sent {
			t.Errorf("query %q went as %q, want %q", tc.query, got, tc.sent)
		}
		wantQuery(t, rec.last(t).URL, "per_page=100&query="+strings.ReplaceAll(tc.sent, " ", "+"))
	}
}

func TestSearchTicketsRefusedBeforeSending(t *testing.T) {
	for _, tc := range []struct {
		query string
		opts  *SearchOptions
		want  error
	}{
		{"", nil, ErrInvalid},
		{"  \t", nil, ErrInvalid},
		{"type:user name:ann", nil, ErrInvalid},
		{"printer", &SearchOptions{PerPage: 101}, ErrInvalid},
		{"printer", &SearchOptions{PerPage: -1}, ErrInvalid},
		{"printer", &SearchOptions{Page: -1}, ErrInvalid},
		{"printer", &SearchOptions{SortOrder: "up"}, ErrInvalid},
		{"printer", &SearchOptions{Page: 11}, ErrSearchLimit},              // 1,001 to 1,100
		{"printer", &SearchOptions{Page: 41, PerPage: 25}, ErrSearchLimit}, // 1,001 to 1,025
	} {
		c, mock := setup(t)
		rec := on(t, mock, "GET", "/api/v2/search.json", respondFixture(t, 200, "search_tickets_page.json"))
		_, err := c.Search.Tickets(context.Background(), tc.query, tc.opts)
		if !errors.Is(err, tc.want) {
			t.Errorf("Tickets(%q, %+v): err = %v, want %v", tc.query, tc.opts, err, tc.want)
		}
		wantRefused(t, fmt.Sprintf("TicketsAll(%q, %+v)", tc.query, tc.opts), c.Search.TicketsAll(context.Background(), tc.query, tc.opts), tc.want)
		if rec.count() != 0 {
			t.Errorf("%q, %+v: %d requests, want 0", tc.query, tc.opts, rec.count())
		}
	}
	// The last page within the cap is asked.
	c, mock := setup(t)
	rec := on(t, mock, "GET", "/api/v2/search.json", respondFixture(t, 200, "search_tickets_page_last.json"))
	if _, err := c.Search.Tickets(context.Background(), "printer", &SearchOptions{Page: 10}); err != nil || rec.count() != 1 {
		t.Errorf("page 10 of 100: err %v, %d requests", err, rec.count())
	}
}

func TestSearchTicketsErrorStatus(t *testing.T) {
	c, mock := setup(t)
	on(t, mock, "GET", "/api/v2/search.json", respond(422, `{"error": "invalid", "description": "Invalid search: Requested response size was greater than Search Response Limits"}`))
	_, err := c.Search.Tickets(context.Background(), "printer", nil)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 422 || !errors.Is(err, ErrInvalid) || apiErr.Code != "invalid" {
		t.Errorf("err = %v", err)
	}
}

// searchPages answers search.json like Zendesk for a query with total matches: per_page results
// of page, next_page while results remain (also past the cap, as Zendesk links it), and 422
// for a page reaching past the first 1,000.
func searchPages(total int) httpmock.Responder {
	return func(req *http.Request) (*http.Response, error) {
		q := req.URL.Query()
		page, _ := strconv.Atoi(q.Get("page"))
		page = max(page, 1)
		perPage, _ := strconv.Atoi(q.Get("per_page"))
		if page*perPage > 1000 {
			return respond(422, `{"error": "invalid", "description": "Invalid search: Requested response size was greater than Search Response Limits"}`)(req)
		}
		var b strings.Builder
		b.WriteString(`{"results": [`)
		from := (page - 1) * perPage
		for i := from; i < min(from+perPage, total); i++ {
			if i > from {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, `{"id": %d, "subject": "ticket %d", "result_type": "ticket"}`, i+1, i+1)
		}
		next := "null"
		if from+perPage < total {
			next = fmt.Sprintf(`"https://acme.zendesk.com/api/v2/search.json?page=%d&per_page=%d&query=x"`, page+1, perPage)
		}
		fmt.Fprintf(&b, `], "facets": null, "next_page": %s, "previous_page": null, "count": %d}`, next, total)
		return respond(200, b.String())(req)
	}
}

// TicketsAll yields the first 1,000 of 2,500 matches and ends with ErrSearchLimit, naming
// ExportTickets, without the request Zendesk would refuse; a per_page that does not divide
// 1,000 ends exactly at it.
func TestSearchTicketsAllStopsAtTheCap(t *testing.T) {
	for _, perPage := range []int{0, 30, 100} {
		c, mock := setup(t)
		rec := on(t, mock, "GET", "/api/v2/search.json", searchPages(2500))
		var n int
		var last error
		for tk, err := range c.Search.TicketsAll(context.Background(), "printer", &SearchOptions{PerPage: perPage}) {
			if err != nil {
				last = err
				continue
			}
			n++
			if tk.ID != int64(n) {
				t.Fatalf("per_page %d: result %d has id %d", perPage, n, tk.ID)
			}
		}
		if n != 1000 || !errors.Is(last, ErrSearchLimit) || !strings.Contains(last.Error(), "ExportTickets") ||
			!strings.Contains(last.Error(), "2500") {
			t.Errorf("per_page %d: %d tickets, last error %v", perPage, n, last)
		}
		for _, r := range rec.all() {
			q := r.URL.Query()
			page, _ := strconv.Atoi(q.Get("page"))
			pp, _ := strconv.Atoi(q.Get("per_page"))
			if max(page, 1)*pp > 1000 || q.Get("query") != "type:ticket printer" {
				t.Errorf("per_page %d: sent %s", perPage, r.URL.RawQuery)
			}
		}
		if want := map[int]int{0: 10, 30: 34, 100: 10}[perPage]; rec.count() != want {
			t.Errorf("per_page %d: %d requests, want %d", perPage, rec.count(), want)
		}
	}
}

func TestSearchTicketsAllUnderTheCap(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", "/api/v2/search.json",
		respondFixture(t, 200, "search_tickets_page.json"), respondFixture(t, 200, "search_tickets_page_last.json"))
	ids := allTicketIDs(t, c.Search.TicketsAll(context.Background(), "status<solved", &SearchOptions{PerPage: 2}))
	if want := []int64{35436, 35437, 35438}; !reflect.DeepEqual(ids, want) {
		t.Errorf("ids = %v, want %v", ids, want)
	}
	reqs := rec.all()
	if len(reqs) != 2 {
		t.Fatalf("%d requests", len(reqs))
	}
	wantQuery(t, reqs[0].URL, "query=type:ticket status<solved&per_page=2&page=1")
	wantQuery(t, reqs[1].URL, "query=type:ticket status<solved&per_page=2&page=2")
}

func TestSearchCount(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", "/api/v2/search/count.json", respondFixture(t, 200, "search_count.json"))
	n, err := c.Search.Count(context.Background(), "type:ticket status<solved")
	if err != nil || n != 3 {
		t.Fatalf("Count = %d, %v", n, err)
	}
	wantQuery(t, rec.last(t).URL, "query=type:ticket status<solved")
	if rec.last(t).Method != "GET" {
		t.Errorf("method %s", rec.last(t).Method)
	}

	for body, want := range map[string]error{`{}`: nil, `{"count": null}`: nil} {
		c, mock := setup(t)
		on(t, mock, "GET", "/api/v2/search/count.json", respond(200, body))
		var de *DecodeError
		if _, err := c.Search.Count(context.Background(), "printer"); !errors.As(err, &de) || !strings.Contains(err.Error(), `"count"`) {
			t.Errorf("%s: err = %v, want a DecodeError naming count (%v)", body, err, want)
		}
	}

	c, mock = setup(t)
	rec = on(t, mock, "GET", "/api/v2/search/count.json", respondFixture(t, 200, "search_count.json"))
	if _, err := c.Search.Count(context.Background(), " "); !errors.Is(err, ErrInvalid) || rec.count() != 0 {
		t.Errorf("empty query: err %v, %d requests", err, rec.count())
	}
}

func TestSearchExportTickets(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", "/api/v2/search/export.json",
		respondFixture(t, 200, "search_export_page.json"), respondFixture(t, 200, "search_export_page_last.json"))
	ids := allTicketIDs(t, c.Search.ExportTickets(context.Background(), "status<solved", &ExportOptions{PageSize: 2}))
	if want := []int64{35436, 35437, 35438}; !reflect.DeepEqual(ids, want) {
		t.Errorf("ids = %v, want %v", ids, want)
	}
	reqs := rec.all()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2", len(reqs))
	}
	wantQuery(t, reqs[0].URL, "query=status<solved&filter[type]=ticket&page[size]=2")
	wantQuery(t, reqs[1].URL, "query=status<solved&filter[type]=ticket&page[size]=2&page[after]=ZXhwMXwxNzcyNTM2NTI3MDAwMDAwMDAwfDI")
	for _, r := range reqs {
		if r.Method != "GET" || len(r.Body) != 0 {
			t.Errorf("sent %s with body %q", r.Method, r.Body)
		}
	}

	// The default page size is 100; no cap applies.
	c, mock = setup(t)
	rec = on(t, mock, "GET", "/api/v2/search/export.json", respondFixture(t, 200, "search_export_page_last.json"))
	for _, err := range c.Search.ExportTickets(context.Background(), "printer", nil) {
		if err != nil {
			t.Fatal(err)
		}
	}
	wantQuery(t, rec.last(t).URL, "query=printer&filter[type]=ticket&page[size]=100")
}

func TestSearchExportTicketsRefusedBeforeSending(t *testing.T) {
	for _, tc := range []struct {
		query string
		opts  *ExportOptions
	}{
		{"", nil},
		{"type:ticket printer", nil},
		{"printer", &ExportOptions{PageSize: 1001}},
		{"printer", &ExportOptions{PageSize: -1}},
	} {
		c, mock := setup(t)
		rec := on(t, mock, "GET", "/api/v2/search/export.json", respondFixture(t, 200, "search_export_page_last.json"))
		wantRefused(t, fmt.Sprintf("ExportTickets(%q, %+v)", tc.query, tc.opts), c.Search.ExportTickets(context.Background(), tc.query, tc.opts), ErrInvalid)
		if rec.count() != 0 {
			t.Errorf("%q %+v: %d requests", tc.query, tc.opts, rec.count())
		}
	}
}

// An export whose cursor comes back is stopped with ErrPaging rather than followed for ever,
// and an error status ends it with the *APIError.
func TestSearchExportTicketsLoopAndError(t *testing.T) {
	c, mock := setup(t)
	on(t, mock, "GET", "/api/v2/search/export.json", respondFixture(t, 200, "search_export_page.json"))
	n, errs := tally(c.Search.ExportTickets(context.Background(), "printer", nil))
	if n != 4 || len(errs) != 1 || !errors.Is(errs[0], ErrPaging) {
		t.Errorf("%d tickets, errors %v", n, errs)
	}

	c, mock = setup(t)
	on(t, mock, "GET", "/api/v2/search/export.json", respondFixture(t, 200, "search_export_page.json"),
		respond(400, `{"error": "InvalidPaginationParameter", "description": "cursor expired"}`))
	n, errs = tally(c.Search.ExportTickets(context.Background(), "printer", nil))
	var apiErr *APIError
	if n != 2 || len(errs) != 1 || !errors.As(errs[0], &apiErr) || apiErr.Code != "InvalidPaginationParameter" {
		t.Errorf("%d tickets, errors %v", n, errs)
	}
}
