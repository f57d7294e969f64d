package zendesktest

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

type cursorPage struct {
	Tickets []Ticket  `json:"tickets"`
	Meta    pageMeta  `json:"meta"`
	Links   pageLinks `json:"links"`
}

func (p cursorPage) ids() []int64 { return itemIDs(p.Tickets, func(t Ticket) int64 { return t.ID }) }

// seed creates n tickets and returns their ids in creation order.
func seed(t *testing.T, s *Server, n int) []int64 {
	t.Helper()
	var ids []int64
	for range n {
		tk, _ := create(t, s, obj{})
		ids = append(ids, tk.ID)
	}
	return ids
}

var getPage = getJSON[cursorPage]

func TestPaging_CursorWalksAllPagesBothWays(t *testing.T) {
	s := newServer(t)
	all := seed(t, s, 7)
	var got []int64
	p := getPage(t, s, "/api/v2/tickets.json?page[size]=3")
	pages := []cursorPage{p}
	for {
		got = append(got, p.ids()...)
		if !p.Meta.HasMore { // the loop ends on has_more: links.next is set on the last page too
			break
		}
		if p.Links.Next == nil || !strings.Contains(*p.Links.Next, url.QueryEscape("page[after]")) {
			t.Fatalf("next link %v", p.Links.Next)
		}
		p = getPage(t, s, *p.Links.Next)
		pages = append(pages, p)
	}
	if !slices.Equal(got, all) || len(pages) != 3 {
		t.Fatalf("walked %v in %d pages, want %v", got, len(pages), all)
	}
	// Back from the last page with page[before].
	last := pages[2]
	if last.Links.Prev == nil {
		t.Fatal("no prev link")
	}
	back := getPage(t, s, *last.Links.Prev)
	if !slices.Equal(back.ids(), pages[1].ids()) || !back.Meta.HasMore {
		t.Errorf("before page %v (has_more %v), want %v", back.ids(), back.Meta.HasMore, pages[1].ids())
	}
	first := getPage(t, s, "/api/v2/tickets.json?page[size]=3&page[before]="+*pages[1].Meta.BeforeCursor)
	if !slices.Equal(first.ids(), pages[0].ids()) || first.Meta.HasMore {
		t.Errorf("first page again %v has_more %v", first.ids(), first.Meta.HasMore)
	}
}

func TestPaging_CursorEmptyList(t *testing.T) {
	s := newServer(t)
	p := getPage(t, s, "/api/v2/tickets.json?page[size]=10")
	if len(p.Tickets) != 0 || p.Meta.HasMore || p.Meta.AfterCursor != nil || p.Links.Next != nil {
		t.Errorf("empty page %+v", p)
	}
}

// TestPaging_CursorSortDescending: sort=-updated_at puts the ticket updated last first, and
// the others, updated in one second, by id, newest first, across pages. The seed's seconds are
// set to one an hour back: left to the clock, a second that ended while seeding gave the update
// the same second as the later half, which then listed before it.
func TestPaging_CursorSortDescending(t *testing.T) {
	s := newServer(t)
	ids := seed(t, s, 4)
	hourAgo := time.Now().Add(-time.Hour).UTC().Truncate(time.Second)
	s.mu.Lock()
	for _, id := range ids {
		s.st.tickets[id].UpdatedAt = hourAgo
	}
	s.mu.Unlock()
	update(t, s, ids[1], obj{"comment": obj{"body": "newest"}}).want(t, http.StatusOK)
	p := getPage(t, s, "/api/v2/tickets.json?page[size]=2&sort=-updated_at")
	if p.ids()[0] != ids[1] {
		t.Errorf("first %v, want %d (updated last)", p.ids(), ids[1])
	}
	var got []int64
	got = append(got, p.ids()...)
	p = getPage(t, s, *p.Links.Next)
	got = append(got, p.ids()...)
	if want := []int64{ids[1], ids[3], ids[2], ids[0]}; !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
	p = getPage(t, s, "/api/v2/tickets.json?page[size]=10&sort=-id")
	if want := []int64{ids[3], ids[2], ids[1], ids[0]}; !slices.Equal(p.ids(), want) {
		t.Errorf("sort=-id %v", p.ids())
	}
}

func TestPaging_CursorIgnoresSortByAsZendeskDoes(t *testing.T) {
	s := newServer(t)
	ids := seed(t, s, 3)
	p := getPage(t, s, "/api/v2/tickets.json?page[size]=10&sort_by=id&sort_order=desc")
	if !slices.Equal(p.ids(), ids) {
		t.Errorf("order %v, want the default %v", p.ids(), ids)
	}
}

func TestPaging_CursorSortNotAllowed400(t *testing.T) {
	s := newServer(t)
	a := send(t, s, "GET", "/api/v2/tickets.json?page[size]=10&sort=created_at", nil)
	wantError(t, a, http.StatusBadRequest, "InvalidPaginationParameter")
}

func TestPaging_PageSizeOver100Is400(t *testing.T) {
	s := newServer(t)
	wantError(t, send(t, s, "GET", "/api/v2/tickets.json?page[size]=101", nil), http.StatusBadRequest, "InvalidPaginationParameter")
	send(t, s, "GET", "/api/v2/tickets.json?page[size]=100", nil).want(t, http.StatusOK)
}

func TestPaging_BadCursor400(t *testing.T) {
	s := newServer(t)
	seed(t, s, 2)
	m := wantError(t, send(t, s, "GET", "/api/v2/tickets.json?page[after]=garbage!", nil), http.StatusBadRequest, "InvalidPaginationParameter")
	if m["errors"].([]any)[0].(map[string]any)["title"] == "" {
		t.Error("no title")
	}
	// A cursor of another sort order is no good either.
	p := getPage(t, s, "/api/v2/tickets.json?page[size]=1")
	a := send(t, s, "GET", "/api/v2/tickets.json?page[size]=1&sort=-updated_at&page[after]="+*p.Meta.AfterCursor, nil)
	wantError(t, a, http.StatusBadRequest, "InvalidPaginationParameter")
}

func TestPaging_CursorSurvivesDeletedTicket(t *testing.T) {
	s := newServer(t)
	ids := seed(t, s, 4)
	p := getPage(t, s, "/api/v2/tickets.json?page[size]=2")
	send(t, s, "DELETE", tpath(ids[1], ".json"), nil).want(t, http.StatusNoContent)
	next := getPage(t, s, *p.Links.Next)
	if !slices.Equal(next.ids(), ids[2:]) {
		t.Errorf("after a deleted cursor ticket: %v, want %v", next.ids(), ids[2:])
	}
}

type offsetPage struct {
	Tickets      []Ticket `json:"tickets"`
	NextPage     *string  `json:"next_page"`
	PreviousPage *string  `json:"previous_page"`
	Count        int      `json:"count"`
}

func TestPaging_OffsetWithNextPreviousCount(t *testing.T) {
	s := newServer(t)
	ids := seed(t, s, 5)
	var p offsetPage
	send(t, s, "GET", "/api/v2/tickets.json?per_page=2&page=2", nil).want(t, http.StatusOK).decode(t, &p)
	if len(p.Tickets) != 2 || p.Tickets[0].ID != ids[2] || p.Count != 5 || p.NextPage == nil || p.PreviousPage == nil {
		t.Fatalf("page %+v", p)
	}
	if !strings.Contains(*p.NextPage, "page=3") || !strings.Contains(*p.PreviousPage, "page=1") {
		t.Errorf("links %q %q", *p.NextPage, *p.PreviousPage)
	}
	// No paging parameters at all is offset paging too, as on the real API.
	m := send(t, s, "GET", "/api/v2/tickets.json", nil).want(t, http.StatusOK).object(t)
	if m["count"] != float64(5) || m["next_page"] != nil {
		t.Errorf("default answer %v", m)
	}
	send(t, s, "GET", "/api/v2/tickets.json?sort_by=id&sort_order=desc&per_page=2", nil).want(t, http.StatusOK).decode(t, &p)
	if p.Tickets[0].ID != ids[4] {
		t.Errorf("sort_by desc first %d", p.Tickets[0].ID)
	}
}

func TestPaging_OffsetPast100Pages400(t *testing.T) {
	s := newServer(t)
	send(t, s, "GET", "/api/v2/tickets.json?page=100&per_page=100", nil).want(t, http.StatusOK)
	wantError(t, send(t, s, "GET", "/api/v2/tickets.json?page=101&per_page=100", nil), http.StatusBadRequest, "InvalidPaginationDepth")
	wantError(t, send(t, s, "GET", "/api/v2/tickets.json?page=1001&per_page=10", nil), http.StatusBadRequest, "InvalidPaginationDepth")
	send(t, s, "GET", "/api/v2/tickets.json?page=1000&per_page=10", nil).want(t, http.StatusOK)
}

func TestPaging_EveryListPages(t *testing.T) {
	s := newServer(t)
	problem, _ := create(t, s, obj{"type": "problem"})
	for range 3 {
		create(t, s, obj{"type": "incident", "problem_id": problem.ID})
	}
	for _, path := range []string{"/api/v2/tickets.json", "/api/v2/tickets/recent.json",
		tpath(problem.ID, "/incidents.json"), "/api/v2/users/" + itoa(DefaultAgentID) + "/tickets/requested.json"} {
		p := getPage(t, s, path+"?page[size]=2")
		if len(p.Tickets) != 2 || !p.Meta.HasMore || p.Links.Next == nil {
			t.Errorf("%s: %+v", path, p.Meta)
		}
	}
}
