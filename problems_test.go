package zendesk

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/jarcoal/httpmock"
)

func TestProblemsList(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", "/api/v2/problems.json", respondFixture(t, 200, "problems_page.json"))
	page, err := c.Problems.List(context.Background(), &ListOptions{PageSize: 2, After: "abc"})
	if err != nil {
		t.Fatal(err)
	}
	req := rec.last(t)
	if req.Method != "GET" || len(req.Body) != 0 {
		t.Errorf("sent %s with body %q", req.Method, req.Body)
	}
	wantQuery(t, req.URL, "page[size]=2&page[after]=abc")
	if got := ticketIDs(page.Items); !reflect.DeepEqual(got, []int64{33, 34}) {
		t.Errorf("ids = %v", got)
	}
	first := page.Items[0]
	if first.Type != TypeProblem || first.Subject != "My printer is on fire" || first.Priority != PriorityUrgent ||
		first.Status != StatusOpen || !first.HasIncidents || first.ExternalID != "" || first.OrganizationID != 0 {
		t.Errorf("first problem = %+v", first)
	}
	if !page.HasMore || page.AfterCursor != "eyJvIjoiLXVwZGF0ZWRfYXQiLCJ2IjoiWjJGeU16UT0ifQ==" ||
		page.BeforeCursor != "eyJvIjoidXBkYXRlZF9hdCIsInYiOiJaMkZ5TXpNPSJ9" {
		t.Errorf("page meta = %v %q %q", page.HasMore, page.AfterCursor, page.BeforeCursor)
	}
}

func TestProblemsListAll(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", "/api/v2/problems.json",
		respondFixture(t, 200, "problems_page.json"), respondFixture(t, 200, "problems_page_last.json"))
	ids := allTicketIDs(t, c.Problems.ListAll(context.Background(), &ListOptions{PageSize: 2}))
	if want := []int64{33, 34, 29}; !reflect.DeepEqual(ids, want) {
		t.Errorf("ids = %v, want %v", ids, want)
	}
	reqs := rec.all()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2", len(reqs))
	}
	wantQuery(t, reqs[0].URL, "page[size]=2")
	wantQuery(t, reqs[1].URL, "page[size]=2&page[after]=eyJvIjoiLXVwZGF0ZWRfYXQiLCJ2IjoiWjJGeU16UT0ifQ==")
}

func TestProblemsListRefused(t *testing.T) {
	for _, o := range []*ListOptions{
		{SortBy: "updated_at"}, {SortBy: "updated_at", SortOrder: "desc"}, {SortOrder: "asc"}, {PageSize: 101},
	} {
		c, mock := setup(t)
		if _, err := c.Problems.List(context.Background(), o); !errors.Is(err, ErrInvalid) {
			t.Errorf("List(%+v): err = %v, want ErrInvalid", o, err)
		}
		wantRefused(t, fmt.Sprintf("ListAll(%+v)", o), c.Problems.ListAll(context.Background(), o), ErrInvalid)
		if n := mock.GetTotalCallCount(); n != 0 {
			t.Errorf("%+v: %d requests, want none sent", o, n)
		}
	}
}

func TestProblemsAutocomplete(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "POST", "/api/v2/problems/autocomplete.json", respondFixture(t, 200, "problems_autocomplete.json"))
	got, err := c.Problems.Autocomplete(context.Background(), "att")
	if err != nil {
		t.Fatal(err)
	}
	req := rec.last(t)
	wantJSON(t, req.Body, `{"text":"att"}`)
	wantQuery(t, req.URL, "")
	if ct := req.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q", ct)
	}
	if ids := ticketIDs(got); !reflect.DeepEqual(ids, []int64{29, 41}) {
		t.Errorf("ids = %v", ids)
	}
	if got[1].Subject != "Attachment previews are blank" || got[1].Type != TypeProblem || got[1].Status != StatusOpen {
		t.Errorf("second = %+v", got[1])
	}
}

func TestProblemsAutocompleteNoMatch(t *testing.T) {
	c, mock := setup(t)
	on(t, mock, "POST", "/api/v2/problems/autocomplete.json", respond(200, `{"tickets":[]}`))
	got, err := c.Problems.Autocomplete(context.Background(), "zzz")
	if err != nil || len(got) != 0 {
		t.Errorf("got %v, %v; want no tickets and no error", got, err)
	}
}

func TestProblemsAutocompleteRefusesEmptyText(t *testing.T) {
	for _, text := range []string{"", "   ", "\t\n"} {
		c, mock := setup(t)
		if _, err := c.Problems.Autocomplete(context.Background(), text); !errors.Is(err, ErrInvalid) {
			t.Errorf("Autocomplete(%q): err = %v, want ErrInvalid", text, err)
		}
		if n := mock.GetTotalCallCount(); n != 0 {
			t.Errorf("Autocomplete(%q) sent %d requests", text, n)
		}
	}
}

// Autocomplete only reads, so unlike other POSTs it is retried after a 5xx or a lost
// connection (request.safeToRetry).
func TestProblemsAutocompleteIsRetried(t *testing.T) {
	for name, first := range map[string]httpmock.Responder{
		"502":              respond(502, `<html>Bad Gateway</html>`),
		"500":              respond(500, `{"error":"InternalError"}`),
		"connection reset": httpmock.NewErrorResponder(errors.New("read: connection reset by peer")),
	} {
		t.Run(name, func(t *testing.T) {
			c, mock := setup(t)
			rec := on(t, mock, "POST", "/api/v2/problems/autocomplete.json", first, respondFixture(t, 200, "problems_autocomplete.json"))
			got, err := c.Problems.Autocomplete(context.Background(), "att")
			if err != nil || len(got) != 2 {
				t.Fatalf("got %d tickets, err %v", len(got), err)
			}
			if rec.count() != 2 {
				t.Errorf("%d requests, want 2", rec.count())
			}
			for _, r := range rec.all() {
				wantJSON(t, r.Body, `{"text":"att"}`)
			}
		})
	}
}

func TestProblemsAutocompleteError(t *testing.T) {
	c, mock := setup(t)
	on(t, mock, "POST", "/api/v2/problems/autocomplete.json",
		respond(403, `{"error":{"title":"Forbidden","message":"You do not have access to this page."}}`))
	got, err := c.Problems.Autocomplete(context.Background(), "att")
	if !errors.Is(err, ErrForbidden) || got != nil {
		t.Errorf("got %v, %v; want nil and ErrForbidden", got, err)
	}
}
