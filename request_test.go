package zendesk

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"
)

func TestListOptionsInclude(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", "/api/v2/tickets.json", respond(200, `{"tickets":[],"meta":{"has_more":false}}`))
	opts := &ListOptions{PageSize: 10, Include: []string{"users", "groups"}, SortBy: "updated_at", SortOrder: "desc"}
	if _, err := c.Tickets.List(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	got := rec.last(t).URL
	wantQuery(t, got, "page[size]=10&include=users,groups&sort=-updated_at")
	if !strings.Contains(got.RawQuery, "include=users%2Cgroups") && !strings.Contains(got.RawQuery, "include=users,groups") {
		t.Errorf("raw query %q", got.RawQuery)
	}
	if opts.SortBy != "updated_at" || opts.PageSize != 10 {
		t.Errorf("the caller's options changed: %+v", opts)
	}
}

func TestListOptionsIncludeRefused(t *testing.T) {
	for _, names := range [][]string{{""}, {"users,groups"}, {"users groups"}, {"users", "\tx"}} {
		c, mock := setup(t)
		_, err := c.Tickets.List(context.Background(), &ListOptions{Include: names})
		if !errors.Is(err, ErrInvalid) || mock.GetTotalCallCount() != 0 {
			t.Errorf("%q: err = %v after %d requests", names, err, mock.GetTotalCallCount())
		}
	}
}

// offsetList is a one-page fetch of an offset-paged endpoint, as Search and Users.Search will
// have, over the test client.
func offsetList(c *Client) func(context.Context, *SearchOptions) (*Page[testItem], error) {
	return func(ctx context.Context, o *SearchOptions) (*Page[testItem], error) {
		q, err := o.values("Test.Search")
		if err != nil {
			return nil, err
		}
		q.Set("query", "status<solved")
		return getPage[testItem](ctx, c, "search.json", "results", q)
	}
}

func TestSearchOptionsOnTheWire(t *testing.T) {
	tests := []struct {
		name string
		opts *SearchOptions
		want string
	}{
		{"nil", nil, "query=status<solved&per_page=100"},
		{"all", &SearchOptions{SortBy: "created_at", SortOrder: "asc", Page: 3, PerPage: 25},
			"query=status<solved&sort_by=created_at&sort_order=asc&page=3&per_page=25"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mock := setup(t)
			rec := on(t, mock, "GET", "/api/v2/search.json", respond(200, `{"results":[],"next_page":null,"count":0}`))
			if _, err := offsetList(c)(context.Background(), tt.opts); err != nil {
				t.Fatal(err)
			}
			wantQuery(t, rec.last(t).URL, tt.want)
		})
	}
}

func TestSearchOptionsRefused(t *testing.T) {
	for _, o := range []*SearchOptions{{PerPage: 101}, {PerPage: -1}, {Page: -2}, {SortOrder: "up"}} {
		c, mock := setup(t)
		if _, err := offsetList(c)(context.Background(), o); !errors.Is(err, ErrInvalid) || mock.GetTotalCallCount() != 0 {
			t.Errorf("%+v: err = %v after %d requests", o, err, mock.GetTotalCallCount())
		}
	}
}

// offsetServer answers search.json as Zendesk pages by offset over total results numbered
// from 1, refusing (422) a page that reaches past limit, as search does past 1,000.
func offsetServer(t *testing.T, total, limit int) (*Client, *recorder) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", "/api/v2/search.json", func(req *http.Request) (*http.Response, error) {
		q := req.URL.Query()
		page, _ := strconv.Atoi(q.Get("page"))
		per, _ := strconv.Atoi(q.Get("per_page"))
		page = max(page, 1)
		if page*per > limit {
			return respond(422, `{"error":"invalid","description":"Invalid search: Requested response size was greater than Search Response Limits"}`)(req)
		}
		var items []string
		for n := (page-1)*per + 1; n <= min(page*per, total); n++ {
			items = append(items, fmt.Sprintf(`{"id":%d}`, n))
		}
		next := "null"
		if page*per < total {
			next = `"https://acme.zendesk.com/api/v2/search.json?page=` + strconv.Itoa(page+1) + `"`
		}
		return respond(200, fmt.Sprintf(`{"results":[%s],"next_page":%s,"previous_page":null,"count":%d}`,
			strings.Join(items, ","), next, total))(req)
	})
	return c, rec
}

func collect(t *testing.T, seq iter.Seq2[testItem, error]) ([]int64, error) {
	t.Helper()
	var ids []int64
	for item, err := range seq {
		if err != nil {
			return ids, err
		}
		ids = append(ids, item.ID)
	}
	return ids, nil
}

// consecutive reports whether ids are 1, 2, …, n.
func consecutive(ids []int64, n int) bool {
	if len(ids) != n {
		return false
	}
	for i, id := range ids {
		if id != int64(i+1) {
			return false
		}
	}
	return true
}

var errPastLimit = fmt.Errorf("%w: use the export", ErrSearchLimit)

func TestWalkOffsetFollowsNextPage(t *testing.T) {
	c, rec := offsetServer(t, 250, 1000)
	ids, err := collect(t, walkOffset(context.Background(), nil, 1000, func() error { return errPastLimit }, offsetList(c)))
	if err != nil || !consecutive(ids, 250) {
		t.Fatalf("%d ids, err %v", len(ids), err)
	}
	reqs := rec.all()
	if len(reqs) != 3 {
		t.Fatalf("%d requests, want 3", len(reqs))
	}
	wantQuery(t, reqs[2].URL, "query=status<solved&page=3&per_page=100")
}

func TestWalkOffsetStopsAtTheLimitWithoutAskingPastIt(t *testing.T) {
	for _, per := range []int{100, 30, 7} {
		t.Run(strconv.Itoa(per), func(t *testing.T) {
			c, rec := offsetServer(t, 5000, 1000)
			ids, err := collect(t, walkOffset(context.Background(), &SearchOptions{PerPage: per}, 1000,
				func() error { return errPastLimit }, offsetList(c)))
			if !errors.Is(err, ErrSearchLimit) {
				t.Fatalf("err = %v, want ErrSearchLimit", err)
			}
			if !consecutive(ids, 1000) {
				t.Errorf("%d ids (first %v), want 1 to 1000 in order", len(ids), ids[:min(3, len(ids))])
			}
			for _, r := range rec.all() {
				q := r.URL.Query()
				page, _ := strconv.Atoi(q.Get("page"))
				n, _ := strconv.Atoi(q.Get("per_page"))
				if page*n > 1000 {
					t.Errorf("asked page %d of %d: past the limit", page, n)
				}
			}
		})
	}
}

func TestWalkOffsetExactlyAtTheLimitEndsCleanly(t *testing.T) {
	c, rec := offsetServer(t, 1000, 1000)
	ids, err := collect(t, walkOffset(context.Background(), nil, 1000, func() error { return errPastLimit }, offsetList(c)))
	if err != nil || !consecutive(ids, 1000) || rec.count() != 10 {
		t.Errorf("%d ids, err %v, %d requests", len(ids), err, rec.count())
	}
}

func TestWalkOffsetBreakStopsFetching(t *testing.T) {
	c, rec := offsetServer(t, 500, 1000)
	for item, err := range walkOffset(context.Background(), nil, 0, nil, offsetList(c)) {
		if err != nil {
			t.Fatal(err)
		}
		if item.ID == 150 {
			break
		}
	}
	if rec.count() != 2 {
		t.Errorf("%d requests, want 2", rec.count())
	}
}

func TestWalkOffsetYieldsRefusalOnce(t *testing.T) {
	c, mock := setup(t)
	wantRefused(t, "walkOffset", walkOffset(context.Background(), &SearchOptions{PerPage: 500}, 0, nil, offsetList(c)), ErrInvalid)
	if n := mock.GetTotalCallCount(); n != 0 {
		t.Errorf("%d requests", n)
	}
}

func TestListAllStopsOnCyclingCursors(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", "/api/v2/tickets.json", func(req *http.Request) (*http.Response, error) {
		next := map[string]string{"": "A", "A": "B", "B": "A"}[req.URL.Query().Get("page[after]")]
		return respond(200, `{"tickets":[{"id":1}],"meta":{"has_more":true,"after_cursor":"`+next+`"}}`)(req)
	})
	_, all := testList(c)
	var gotErr error
	for _, err := range all(context.Background(), nil) {
		if err != nil {
			gotErr = err
		}
	}
	if !errors.Is(gotErr, ErrPaging) || rec.count() != 3 {
		t.Errorf("err = %v after %d requests, want ErrPaging after 3", gotErr, rec.count())
	}
}

func TestListAllStopsOnTheCallersOwnCursorComingBack(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", "/api/v2/tickets.json", respond(200, `{"tickets":[{"id":1}],"meta":{"has_more":true,"after_cursor":"start"}}`))
	_, all := testList(c)
	var gotErr error
	for _, err := range all(context.Background(), &ListOptions{After: "start"}) {
		if err != nil {
			gotErr = err
		}
	}
	if !errors.Is(gotErr, ErrPaging) || rec.count() != 1 {
		t.Errorf("err = %v after %d requests", gotErr, rec.count())
	}
}

func TestListAllHasMoreWithoutCursorIsAnError(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", "/api/v2/tickets.json", respond(200, `{"tickets":[{"id":1},{"id":2}],"meta":{"has_more":true,"after_cursor":null}}`))
	_, all := testList(c)
	ids, err := collect(t, all(context.Background(), nil))
	if !errors.Is(err, ErrPaging) || len(ids) != 2 || rec.count() != 1 {
		t.Errorf("ids %v, err %v, %d requests", ids, err, rec.count())
	}
}

func TestDoOnTheWire(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", "/api/v2/macros.json", respond(200, `{"macros":[{"id":"7","title":"Close","restriction":null}],"count":1}`))
	var out struct {
		Macros []struct {
			ID    int64  `json:"id"`
			Title string `json:"title"`
		} `json:"macros"`
	}
	resp, err := c.Do(context.Background(), "GET", "macros.json?active=true&sort_by=title", nil, &out)
	if err != nil {
		t.Fatal(err)
	}
	// The id arrives as a string: Do decodes with the models' tolerance.
	if resp.StatusCode != 200 || len(out.Macros) != 1 || out.Macros[0].Title != "Close" || out.Macros[0].ID != 7 {
		t.Errorf("status %d, out %+v", resp.StatusCode, out)
	}
	r := rec.last(t)
	wantQuery(t, r.URL, "active=true&sort_by=title")
	if r.Header.Get("Authorization") == "" || r.Header.Get("Accept") != "application/json" || len(r.Body) != 0 {
		t.Errorf("headers %v, body %q", r.Header, r.Body)
	}
}

func TestDoSendsBodyAndDecodesTolerantly(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "PUT", "/api/v2/tickets/5.json", respondFixture(t, 200, "ticket_update.json"))
	var out struct {
		Ticket *Ticket `json:"ticket"`
	}
	body := map[string]any{"ticket": map[string]any{"status": "solved"}}
	if _, err := c.Do(context.Background(), "PUT", "tickets/5.json", body, &out); err != nil {
		t.Fatal(err)
	}
	r := rec.last(t)
	wantJSON(t, r.Body, `{"ticket":{"status":"solved"}}`)
	if r.Header.Get("Content-Type") != "application/json" {
		t.Errorf("Content-Type %q", r.Header.Get("Content-Type"))
	}
	if out.Ticket == nil || out.Ticket.ID == 0 {
		t.Errorf("ticket %+v", out.Ticket)
	}
}

func TestDoPostRetriedOnlyWithAKey(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "POST", "/api/v2/macros.json", respond(500, `{"error":"Boom"}`))
	_, err := c.Do(context.Background(), "POST", "macros.json", map[string]any{"macro": map[string]any{}}, nil)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || rec.count() != 1 {
		t.Fatalf("without a key: err %v after %d requests, want one", err, rec.count())
	}
	ctx := ContextWithIdempotencyKey(context.Background(), "key-1")
	_, err = c.Do(ctx, "POST", "macros.json", map[string]any{"macro": map[string]any{}}, nil)
	if err == nil || rec.count() != 1+1+defaultRetryMax {
		t.Fatalf("with a key: err %v after %d requests in all", err, rec.count())
	}
	if k := rec.last(t).Header.Get("Idempotency-Key"); k != "key-1" {
		t.Errorf("Idempotency-Key %q", k)
	}
}

func TestDoEmptyAnswer(t *testing.T) {
	c, mock := setup(t)
	on(t, mock, "PUT", "/api/v2/tickets/5/mark_as_spam.json", respond(200, ``))
	var out map[string]any
	if _, err := c.Do(context.Background(), "PUT", "tickets/5/mark_as_spam.json", nil, &out); err != nil {
		t.Errorf("empty 200: %v", err)
	}
}

func TestDoRefusesPathsOutsideTheAPI(t *testing.T) {
	for _, p := range []string{
		"", "/api/v2/tickets.json", "https://evil.example/x", "//evil.example/x", "http:x",
		"../oauth/tokens", "tickets/../../x", "tickets/%2e%2e/%2E%2E/x", "a/%2F..%2Fb", "./tickets.json",
		"tickets.json#frag", `tickets\..\x`, "tickets .json", "tickets.json\r\nX: y", "tickets.json?a=%zz",
	} {
		c, mock := setup(t)
		if _, err := c.Do(context.Background(), "GET", p, nil, nil); !errors.Is(err, ErrInvalid) || mock.GetTotalCallCount() != 0 {
			t.Errorf("%q: err = %v after %d requests", p, err, mock.GetTotalCallCount())
		}
	}
	c, mock := setup(t)
	if _, err := c.Do(context.Background(), "TRACE", "tickets.json", nil, nil); !errors.Is(err, ErrInvalid) || mock.GetTotalCallCount() != 0 {
		t.Errorf("TRACE: err = %v", err)
	}
}

func TestErrorsNameThePathUnderTheRealBase(t *testing.T) {
	mock := httpmock.NewMockTransport()
	c, err := NewClient("", WithBaseURL("http://127.0.0.1:8080/zd/api/v2/"), WithHTTPClient(&http.Client{Transport: mock}),
		WithAPIToken("agent@example.com", "tok"), WithRetryMax(0))
	if err != nil {
		t.Fatal(err)
	}
	mock.RegisterResponder("GET", "http://127.0.0.1:8080/zd/api/v2/tickets/1.json", respond(404, `{"error":"RecordNotFound"}`))
	mock.RegisterResponder("GET", "http://127.0.0.1:8080/zd/api/v2/tickets/2.json", respond(200, `{"ticket": [`))
	mock.RegisterResponder("GET", "http://127.0.0.1:8080/zd/api/v2/job_statuses/abc.json", respond(200, `{}`))
	_, err1 := c.Tickets.Get(context.Background(), 1)
	_, err2 := c.Tickets.Get(context.Background(), 2)
	_, err3 := c.JobStatuses.Get(context.Background(), "abc")
	var apiErr *APIError
	if !errors.As(err1, &apiErr) {
		t.Errorf("404: %v", err1)
	}
	for i, err := range []error{err1, err2, err3} {
		if err == nil || !strings.Contains(err.Error(), "/zd/api/v2/") {
			t.Errorf("error %d = %v, want the path under /zd/api/v2/", i+1, err)
		}
	}
	var de *DecodeError
	if !errors.As(err2, &de) {
		t.Errorf("cut answer: %v", err2)
	}
	if !errors.As(err3, &de) || !strings.Contains(err3.Error(), `"job_status"`) {
		t.Errorf("missing key: %v", err3)
	}
}

// BenchmarkListQuery measures what building one list page's query costs (validation and
// go-querystring's reflection), against a page request of about 2 ms (BenchmarkList).
func BenchmarkListQuery(b *testing.B) {
	o := &ListOptions{PageSize: 100, After: "eyJvIjoibmljZV9pZCIsInYiOiJhUUVBQUFBQUFBQUEifQ==", SortBy: "updated_at",
		SortOrder: "desc", Include: []string{"users"}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := o.values("Tickets.List"); err != nil {
			b.Fatal(err)
		}
	}
}

// TestOneKeyAnswers: every call that reads one record reads it the same way: the key it
// documents, other keys skipped, the last of a repeated key, and a *DecodeError naming the key
// when the answer lacks it, holds null there, or is not an object.
func TestOneKeyAnswers(t *testing.T) {
	ctx := context.Background()
	calls := []struct {
		path, key string
		call      func(c *Client) (int64, error)
	}{
		{"/api/v2/users/7.json", "user", func(c *Client) (int64, error) {
			u, err := c.Users.Get(ctx, 7)
			return idOf(u, func(u *User) int64 { return u.ID }), err
		}},
		{"/api/v2/attachments/7.json", "attachment", func(c *Client) (int64, error) {
			a, err := c.Attachments.Get(ctx, 7)
			return idOf(a, func(a *Attachment) int64 { return a.ID }), err
		}},
		{"/api/v2/ticket_fields/7.json", "ticket_field", func(c *Client) (int64, error) {
			f, err := c.TicketFields.Get(ctx, 7)
			return idOf(f, func(f *TicketField) int64 { return f.ID }), err
		}},
		{"/api/v2/tickets/1/audits/7.json", "audit", func(c *Client) (int64, error) {
			a, err := c.Tickets.GetAudit(ctx, 1, 7)
			return idOf(a, func(a *Audit) int64 { return a.ID }), err
		}},
		{"/api/v2/tickets/1/comments/7/redact.json", "comment", func(c *Client) (int64, error) {
			cm, err := c.Tickets.RedactCommentText(ctx, 1, 7, "x")
			return idOf(cm, func(c *TicketComment) int64 { return c.ID }), err
		}},
	}
	for _, tc := range []struct {
		name, body string
		wantID     int64 // 0: a *DecodeError naming the key
	}{
		{"the key", `{"K":{"id":"7"}}`, 7},
		{"other keys skipped", `{"x":[1,{"K":{"id":1}}],"K":{"id":7},"y":{"id":9}}`, 7},
		{"the last of a repeated key", `{"K":{"id":1},"K":{"id":7}}`, 7},
		{"no key", `{"x":{"id":7}}`, 0},
		{"null", `{"K":null}`, 0},
		{"the whole answer null", `null`, 0},
		{"not an object", `[{"id":7}]`, 0},
	} {
		for _, call := range calls {
			t.Run(tc.name+"/"+call.key, func(t *testing.T) {
				c, mock := setup(t)
				on(t, mock, "GET", call.path, respond(200, strings.ReplaceAll(tc.body, "K", call.key)))
				on(t, mock, "PUT", call.path, respond(200, strings.ReplaceAll(tc.body, "K", call.key)))
				id, err := call.call(c)
				if tc.wantID != 0 {
					if err != nil || id != tc.wantID {
						t.Fatalf("id %d, err %v; want %d", id, err, tc.wantID)
					}
					return
				}
				var de *DecodeError
				if !errors.As(err, &de) || (!strings.Contains(err.Error(), `"`+call.key+`"`) && tc.body != `[{"id":7}]`) {
					t.Fatalf("err = %v, want a *DecodeError naming %q", err, call.key)
				}
			})
		}
	}
}

// idOf is get(v), or 0 for a nil v.
func idOf[T any](v *T, get func(*T) int64) int64 {
	if v == nil {
		return 0
	}
	return get(v)
}
