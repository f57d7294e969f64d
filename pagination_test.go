package zendesk

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"strings"
	"testing"
	"time"
)

type testItem struct {
	ID int64 `json:"id"`
}

func testList(c *Client) (func(context.Context, *ListOptions) (*Page[testItem], error), func(context.Context, *ListOptions) iter.Seq2[testItem, error]) {
	one := func(ctx context.Context, o *ListOptions) (*Page[testItem], error) {
		return listPage[testItem](ctx, c, "Test.List", "tickets.json", "tickets", nil, o)
	}
	return one, func(ctx context.Context, o *ListOptions) iter.Seq2[testItem, error] {
		return listAll(ctx, "Test.ListAll", o, one)
	}
}

func TestListOptionsOnTheWire(t *testing.T) {
	tests := []struct {
		name string
		opts *ListOptions
		want string
	}{
		{"nil", nil, "page[size]=100"},
		{"zero", &ListOptions{}, "page[size]=100"},
		{"size and after", &ListOptions{PageSize: 25, After: "xyz"}, "page[size]=25&page[after]=xyz"},
		{"before", &ListOptions{Before: "abc"}, "page[size]=100&page[before]=abc"},
		{"sort desc", &ListOptions{SortBy: "updated_at", SortOrder: "desc"}, "page[size]=100&sort=-updated_at"},
		{"sort asc", &ListOptions{SortBy: "created_at", SortOrder: "asc"}, "page[size]=100&sort=created_at"},
		{"sort by alone", &ListOptions{SortBy: "id"}, "page[size]=100&sort=id"},
		{"cursor with odd characters", &ListOptions{After: "a+b/c=&d"}, "page[size]=100&page[after]=a%2Bb%2Fc%3D%26d"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mock := setup(t)
			rec := on(t, mock, "GET", "/api/v2/tickets.json", respond(200, `{"tickets":[],"meta":{"has_more":false}}`))
			one, _ := testList(c)
			if _, err := one(context.Background(), tt.opts); err != nil {
				t.Fatal(err)
			}
			wantQuery(t, rec.last(t).URL, tt.want)
		})
	}
}

func TestListOptionsRefused(t *testing.T) {
	for _, o := range []*ListOptions{
		{PageSize: 101}, {PageSize: -1}, {After: "a", Before: "b"}, {SortBy: "id", SortOrder: "up"}, {SortOrder: "desc"},
	} {
		c, mock := setup(t)
		one, all := testList(c)
		if _, err := one(context.Background(), o); !errors.Is(err, ErrInvalid) {
			t.Errorf("%+v: err = %v, want ErrInvalid", o, err)
		}
		wantRefused(t, fmt.Sprintf("all(%+v)", o), all(context.Background(), o), ErrInvalid)
		if n := mock.GetTotalCallCount(); n != 0 {
			t.Errorf("%+v: %d requests", o, n)
		}
	}
}

func TestPageDecoding(t *testing.T) {
	c, mock := setup(t)
	on(t, mock, "GET", "/api/v2/tickets.json", respond(200, `{"count":3,"tickets":[{"id":1},{"id":2,"extra":{"a":[1]}}],
		"next_page":null,"meta":{"has_more":true,"after_cursor":"A1","before_cursor":"B1"},
		"links":{"next":"https://acme.zendesk.com/api/v2/tickets.json?page%5Bafter%5D=A1","prev":null}}`))
	one, _ := testList(c)
	p, err := one(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Items) != 2 || p.Items[1].ID != 2 || !p.HasMore || p.AfterCursor != "A1" || p.BeforeCursor != "B1" {
		t.Errorf("page = %+v", p)
	}
}

func TestPageDecodingRefusesGarbage(t *testing.T) {
	for _, body := range []string{`{"tickets":[{"id":1}`, `[1,2]`, `<html></html>`, `{"tickets":{"id":1}}`} {
		c, mock := setup(t)
		on(t, mock, "GET", "/api/v2/tickets.json", respond(200, body))
		one, _ := testList(c)
		var de *DecodeError
		if _, err := one(context.Background(), nil); !errors.As(err, &de) {
			t.Errorf("%s: err = %v, want *DecodeError", body, err)
		}
	}
}

// pages serves three pages of two items, chained by cursors.
func pages(t *testing.T) (*Client, *recorder) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", "/api/v2/tickets.json", func(req *http.Request) (*http.Response, error) {
		switch req.URL.Query().Get("page[after]") {
		case "":
			return respond(200, `{"tickets":[{"id":1},{"id":2}],"meta":{"has_more":true,"after_cursor":"c1"}}`)(req)
		case "c1":
			return respond(200, `{"tickets":[{"id":3},{"id":4}],"meta":{"has_more":true,"after_cursor":"c2"}}`)(req)
		case "c2":
			return respond(200, `{"tickets":[{"id":5},{"id":6}],"meta":{"has_more":false,"after_cursor":"c3"}}`)(req)
		}
		return respond(400, `{"errors":[{"code":"InvalidPaginationParameter"}]}`)(req)
	})
	return c, rec
}

func TestListAllFollowsCursors(t *testing.T) {
	c, rec := pages(t)
	_, all := testList(c)
	opts := &ListOptions{PageSize: 2, SortBy: "id"}
	var ids []int64
	for item, err := range all(context.Background(), opts) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, item.ID)
	}
	if len(ids) != 6 || ids[0] != 1 || ids[5] != 6 {
		t.Errorf("ids = %v", ids)
	}
	reqs := rec.all()
	if len(reqs) != 3 {
		t.Fatalf("%d requests", len(reqs))
	}
	wantQuery(t, reqs[0].URL, "page[size]=2&sort=id")
	wantQuery(t, reqs[2].URL, "page[size]=2&sort=id&page[after]=c2")
	if opts.After != "" {
		t.Error("ListAll wrote to the caller's options")
	}
}

func TestListAllBreakStopsFetching(t *testing.T) {
	c, rec := pages(t)
	_, all := testList(c)
	for item, err := range all(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		if item.ID == 3 {
			break
		}
	}
	if rec.count() != 2 {
		t.Errorf("%d requests after break on the second page, want 2", rec.count())
	}
}

func TestListAllYieldsErrorOnceAndStops(t *testing.T) {
	c, mock := setup(t, WithRetryMax(0))
	on(t, mock, "GET", "/api/v2/tickets.json",
		respond(200, `{"tickets":[{"id":1}],"meta":{"has_more":true,"after_cursor":"c1"}}`),
		respond(500, `{"error":"Boom"}`),
		respond(200, `{"tickets":[{"id":2}],"meta":{"has_more":false}}`))
	_, all := testList(c)
	var items, errs int
	for _, err := range all(context.Background(), nil) {
		if err != nil {
			errs++
			var e *APIError
			if !errors.As(err, &e) || e.Code != "Boom" {
				t.Errorf("err = %v", err)
			}
			continue // a careless caller who keeps looping must not see more
		}
		items++
	}
	if items != 1 || errs != 1 {
		t.Errorf("%d items, %d errors; want 1 and 1", items, errs)
	}
}

func TestListAllStopsOnRepeatedCursor(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", "/api/v2/tickets.json", respond(200, `{"tickets":[{"id":1}],"meta":{"has_more":true,"after_cursor":"same"}}`))
	_, all := testList(c)
	var gotErr error
	for _, err := range all(context.Background(), nil) {
		if err != nil {
			gotErr = err
		}
	}
	if !errors.Is(gotErr, ErrPaging) || rec.count() != 2 {
		t.Errorf("err = %v after %d requests", gotErr, rec.count())
	}
}

// TestIncludeNamesCheckedOneWay: ListOptions.Include (every list) and GetWith's include refuse
// the same names, those that cannot be one of Zendesk's side-loads, before anything is sent.
func TestIncludeNamesCheckedOneWay(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", "/api/v2/tickets.json", respond(200, `{"tickets":[]}`))
	on(t, mock, "GET", "/api/v2/tickets/1.json", respond(200, `{"ticket":{"id":1}}`))
	ctx := context.Background()
	for _, name := range []string{"", "users,groups", "users;groups", "a&page[size]=1000", "a b", "a.b", "é"} {
		_, err := c.Tickets.List(ctx, &ListOptions{Include: []string{"users", name}})
		if !errors.Is(err, ErrInvalid) {
			t.Errorf("List with include %q: %v, want ErrInvalid", name, err)
		}
		_, _, err = c.Tickets.GetWith(ctx, 1, "users", name)
		if !errors.Is(err, ErrInvalid) {
			t.Errorf("GetWith with include %q: %v, want ErrInvalid", name, err)
		}
	}
	if n := rec.count(); n != 0 {
		t.Errorf("%d requests sent for refused names", n)
	}
	if _, err := c.Tickets.List(ctx, &ListOptions{Include: []string{"comment_count", "custom-x1"}}); err != nil {
		t.Errorf("List with good names: %v", err)
	}
	if got := rec.last(t).URL.Query().Get("include"); got != "comment_count,custom-x1" {
		t.Errorf("include = %q", got)
	}
}

// lastErr runs seq to its end and returns the last error it yielded.
func lastErr[T any](seq iter.Seq2[T, error]) error {
	var last error
	for _, err := range seq {
		if err != nil {
			last = err
		}
	}
	return last
}

// TestPagingErrorsNameTheCall: every iteration that stops because the server's paging cannot be
// followed ends with an error that matches ErrPaging and names the method called, as every
// other error of the client does ("zendesk: Tickets.ListAll: the server's paging cannot be
// followed: …"), once; and it never shows the cursor, which a server may fill with anything it
// echoes, the client's API token here.
func TestPagingErrorsNameTheCall(t *testing.T) {
	const echoed = "s3cr3t-token-echoed-back" // the token setup's client sends
	loop := func(key string) string {
		return `{"` + key + `":[{"id":1}],"meta":{"has_more":true,"after_cursor":"` + echoed + `"}}`
	}
	export := `{"tickets":[{"id":1}],"after_cursor":"` + echoed + `","end_of_stream":false}`
	for _, tt := range []struct {
		op, path, body string
		run            func(c *Client) error
		reason         string
	}{
		{"Tickets.ListAll", "/api/v2/tickets.json", loop("tickets"),
			func(c *Client) error { return lastErr(c.Tickets.ListAll(bg, nil)) }, "the cursor of page 2 came back a second time"},
		{"Tickets.ListAll", "/api/v2/tickets.json", `{"tickets":[{"id":1}],"meta":{"has_more":true,"after_cursor":null}}`,
			func(c *Client) error { return lastErr(c.Tickets.ListAll(bg, nil)) }, "page 1 says more follow but gives no cursor"},
		{"Tickets.ListRequestedAll", "/api/v2/users/7/tickets/requested.json", loop("tickets"),
			func(c *Client) error { return lastErr(c.Tickets.ListRequestedAll(bg, 7, nil)) }, "the cursor of page 2 came back a second time"},
		{"DeletedTickets.ListAll", "/api/v2/deleted_tickets.json", loop("deleted_tickets"),
			func(c *Client) error { return lastErr(c.DeletedTickets.ListAll(bg, nil)) }, "the cursor of page 2 came back a second time"},
		{"Problems.ListAll", "/api/v2/problems.json", loop("tickets"),
			func(c *Client) error { return lastErr(c.Problems.ListAll(bg, nil)) }, "the cursor of page 2 came back a second time"},
		{"Tickets.ListAuditsAll", "/api/v2/tickets/7/audits.json", loop("audits"),
			func(c *Client) error { return lastErr(c.Tickets.ListAuditsAll(bg, 7, nil)) }, "the cursor of page 2 came back a second time"},
		{"Tickets.ListCommentsAll", "/api/v2/tickets/7/comments.json", loop("comments"),
			func(c *Client) error { return lastErr(c.Tickets.ListCommentsAll(bg, 7, nil)) }, "the cursor of page 2 came back a second time"},
		{"TicketFields.List", "/api/v2/ticket_fields.json", loop("ticket_fields"),
			func(c *Client) error { _, err := c.TicketFields.List(bg); return err }, "the cursor of page 2 came back a second time"},
		{"Search.ExportTickets", "/api/v2/search/export.json", loop("results"),
			func(c *Client) error { return lastErr(c.Search.ExportTickets(bg, "printer", nil)) }, "the cursor of page 2 came back a second time"},
		{"Incremental.TicketPages", "/api/v2/incremental/tickets/cursor.json", export,
			func(c *Client) error {
				return lastErr(c.Incremental.TicketPages(bg, &IncrementalOptions{StartTime: time.Unix(1, 0)}))
			}, "the cursor of page 2 came back a second time"},
		{"Incremental.Tickets", "/api/v2/incremental/tickets/cursor.json", export,
			func(c *Client) error { return lastErr(c.Incremental.Tickets(bg, &IncrementalOptions{Cursor: echoed})) },
			"the cursor of page 1 came back a second time"},
		{"Incremental.TicketEvents", "/api/v2/incremental/ticket_events.json",
			`{"ticket_events":[{"id":1,"timestamp":100}],"next_page":null,"end_of_stream":false}`,
			func(c *Client) error {
				return lastErr(c.Incremental.TicketEvents(bg, &IncrementalOptions{StartTime: time.Unix(100, 0)}))
			}, "page 1: a page says more follow but has no next_page"},
	} {
		t.Run(tt.op+" "+tt.reason, func(t *testing.T) {
			c, mock := setupWith(t, WithAPIToken("agent@example.com", echoed))
			on(t, mock, "GET", tt.path, respond(200, tt.body))
			err := tt.run(c)
			want := "zendesk: " + tt.op + ": the server's paging cannot be followed: " + tt.reason
			if !errors.Is(err, ErrPaging) || err.Error() != want {
				t.Errorf("err = %v\nwant %s (matching ErrPaging)", err, want)
			}
			if err != nil && (strings.Contains(err.Error(), "s3cr3t") || strings.Contains(err.Error(), "echoed")) {
				t.Errorf("the error shows the cursor: %v", err)
			}
		})
	}
}
