package zendesktest

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

type searchResult struct {
	ID         int64    `json:"id"`
	ResultType string   `json:"result_type"`
	Status     string   `json:"status"`
	Tags       []string `json:"tags"`
}

type searchPage struct {
	Results      []searchResult `json:"results"`
	Facets       *string        `json:"facets"`
	NextPage     *string        `json:"next_page"`
	PreviousPage *string        `json:"previous_page"`
	Count        int            `json:"count"`
}

func (p searchPage) ids() []int64 {
	return itemIDs(p.Results, func(r searchResult) int64 { return r.ID })
}

// searchPath is search.json with the query and other parameters (pairs of name, value).
func searchPath(route, query string, params ...string) string {
	v := url.Values{"query": {query}}
	for i := 0; i+1 < len(params); i += 2 {
		v.Set(params[i], params[i+1])
	}
	return "/api/v2/" + route + ".json?" + v.Encode()
}

func searchIDs(t *testing.T, s *Server, query string, params ...string) []int64 {
	t.Helper()
	var p searchPage
	send(t, s, "GET", searchPath("search", query, params...), nil).want(t, http.StatusOK).decode(t, &p)
	return p.ids()
}

func wantIDs(t *testing.T, query string, got []int64, want ...int64) {
	t.Helper()
	if want == nil {
		want = []int64{}
	}
	if !slices.Equal(got, want) {
		t.Errorf("%q found %v, want %v", query, got, want)
	}
}

// setCreated moves a ticket's created_at (tests only: the API cannot).
func setCreated(s *Server, id int64, at time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.tickets[id].CreatedAt = at
}

// addTickets puts n plain tickets in the store at once, for tests that need many.
func addTickets(s *Server, n int, subject string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	at := now()
	for range n {
		s.st.nextTicket++
		id := s.st.nextTicket
		s.st.tickets[id] = &Ticket{ID: id, Subject: subject, RawSubject: subject, Description: "bulk",
			Status: "open", RequesterID: DefaultAgentID, SubmitterID: DefaultAgentID, IsPublic: true,
			Via: apiVia(), CreatedAt: at, UpdatedAt: at}
	}
}

func TestSearch_AnswerShapeResultTypeFacetsCount(t *testing.T) {
	s := newServer(t)
	tk, _ := create(t, s, obj{"subject": "Printer on fire"})
	a := send(t, s, "GET", searchPath("search", "type:ticket printer"), nil).want(t, http.StatusOK)
	m := a.object(t)
	for _, k := range []string{"results", "facets", "next_page", "previous_page", "count"} {
		if _, ok := m[k]; !ok {
			t.Errorf("answer has no %q: %s", k, a.body)
		}
	}
	if m["facets"] != nil || m["next_page"] != nil || m["previous_page"] != nil || m["count"] != float64(1) {
		t.Errorf("answer %s", a.body)
	}
	r := m["results"].([]any)[0].(map[string]any)
	if r["result_type"] != "ticket" || r["id"] != float64(tk.ID) || r["subject"] != "Printer on fire" ||
		r["generated_timestamp"] == nil {
		t.Errorf("result %v", r)
	}
}

func TestSearch_IndexesAtOnce(t *testing.T) {
	s := newServer(t)
	tk, _ := create(t, s, obj{"subject": "fresh"})
	wantIDs(t, "fresh", searchIDs(t, s, "fresh"), tk.ID)
	update(t, s, tk.ID, obj{"tags": []string{"later"}}).want(t, http.StatusOK)
	wantIDs(t, "tags:later", searchIDs(t, s, "tags:later"), tk.ID)
}

func TestSearch_TypeKeyword(t *testing.T) {
	s := newServer(t)
	u := s.AddUser("Ann Printer", "ann@example.com")
	tk, _ := create(t, s, obj{"subject": "printer"})
	var p searchPage
	send(t, s, "GET", searchPath("search", "printer"), nil).want(t, http.StatusOK).decode(t, &p)
	if len(p.Results) != 2 || p.Results[0].ResultType != "ticket" || p.Results[1].ResultType != "user" ||
		p.Results[0].ID != tk.ID || p.Results[1].ID != u {
		t.Errorf("no type: %+v", p.Results)
	}
	wantIDs(t, "type:ticket printer", searchIDs(t, s, "type:ticket printer"), tk.ID)
	wantIDs(t, "type:user printer", searchIDs(t, s, "type:user printer"), u)
	wantIDs(t, "type:group support", searchIDs(t, s, "type:group support"), DefaultGroupID)
}

func TestSearch_StatusComparisons(t *testing.T) {
	s := newServer(t)
	agent := obj{"assignee_id": DefaultAgentID}
	byStatus := map[string]int64{}
	for _, st := range []string{"new", "open", "pending", "hold", "solved"} {
		f := obj{"status": st}
		for k, v := range agent {
			if st != "new" { // an assignee opens a new ticket
				f[k] = v
			}
		}
		tk, _ := create(t, s, f)
		byStatus[st] = tk.ID
	}
	cases := map[string][]string{
		"status<solved":  {"new", "open", "pending", "hold"},
		"status<pending": {"new", "open"},
		"status>open":    {"pending", "hold", "solved"},
		"status>=hold":   {"hold", "solved"},
		"status<=open":   {"new", "open"},
		"status:pending": {"pending"},
		"status>closed":  {},
	}
	for q, sts := range cases {
		var want []int64
		for _, st := range sts {
			want = append(want, byStatus[st])
		}
		wantIDs(t, q, searchIDs(t, s, "type:ticket "+q), want...)
	}
	// Two values of one keyword are alternatives.
	wantIDs(t, "status:new status:hold", searchIDs(t, s, "status:new status:hold"), byStatus["new"], byStatus["hold"])
}

func TestSearch_RequesterAssigneeTags(t *testing.T) {
	s := newServer(t)
	ann := s.AddUser("Ann", "ann@example.com")
	bob := s.AddAgent("Bob", "bob@example.com")
	t1, _ := create(t, s, obj{"requester_id": ann, "tags": []string{"vip", "billing"}})
	t2, _ := create(t, s, obj{"requester_id": ann, "assignee_id": bob, "tags": []string{"billing"}})
	t3, _ := create(t, s, obj{"assignee_id": bob, "tags": []string{"vip"}})
	wantIDs(t, "requester email", searchIDs(t, s, "requester:ANN@example.com"), t1.ID, t2.ID)
	wantIDs(t, "requester id", searchIDs(t, s, "requester:"+itoa(ann)), t1.ID, t2.ID)
	wantIDs(t, "assignee:none", searchIDs(t, s, "assignee:none"), t1.ID)
	wantIDs(t, "assignee email", searchIDs(t, s, "assignee:bob@example.com"), t2.ID, t3.ID)
	wantIDs(t, "tags:vip", searchIDs(t, s, "tags:vip"), t1.ID, t3.ID)
	wantIDs(t, "tags OR", searchIDs(t, s, "tags:vip tags:billing"), t1.ID, t2.ID, t3.ID)
	wantIDs(t, "AND across keys", searchIDs(t, s, "tags:vip assignee:none"), t1.ID)
	wantIDs(t, "negation", searchIDs(t, s, "type:ticket -tags:vip"), t2.ID)
}

func TestSearch_CreatedDates(t *testing.T) {
	s := newServer(t)
	ids := seed(t, s, 3)
	days := []string{"2026-01-10", "2026-02-10", "2026-03-10"}
	for i, d := range days {
		at, _ := time.Parse(time.DateOnly, d)
		setCreated(s, ids[i], at.Add(15*time.Hour))
	}
	wantIDs(t, "created>", searchIDs(t, s, "type:ticket created>2026-02-10"), ids[2])
	wantIDs(t, "created>=", searchIDs(t, s, "type:ticket created>=2026-02-10"), ids[1], ids[2])
	wantIDs(t, "created<", searchIDs(t, s, "created<2026-02-10"), ids[0])
	wantIDs(t, "created:", searchIDs(t, s, "created:2026-01-10"), ids[0])
	wantIDs(t, "range", searchIDs(t, s, "created>2026-01-10 created<2026-03-10"), ids[1])
	wantIDs(t, "datetime", searchIDs(t, s, "created<2026-01-10T16:00:00Z"), ids[0])
}

func TestSearch_FreeTextPhrasesAndComments(t *testing.T) {
	s := newServer(t)
	t1, _ := create(t, s, obj{"subject": "Printer on fire", "comment": obj{"body": "Smoke everywhere"}})
	t2, _ := create(t, s, obj{"subject": "Fire drill", "comment": obj{"body": "printer is fine"}})
	update(t, s, t2.ID, obj{"comment": obj{"body": "The toner exploded"}}).want(t, http.StatusOK)
	wantIDs(t, "word in subject or description", searchIDs(t, s, "printer"), t1.ID, t2.ID)
	wantIDs(t, "case", searchIDs(t, s, "SMOKE"), t1.ID)
	wantIDs(t, "later comment", searchIDs(t, s, "toner"), t2.ID)
	wantIDs(t, "phrase", searchIDs(t, s, `"on fire"`), t1.ID)
	wantIDs(t, "phrase not in a row", searchIDs(t, s, `"printer fire"`))
	wantIDs(t, "every word", searchIDs(t, s, "printer drill"), t2.ID)
	wantIDs(t, "wildcard", searchIDs(t, s, "explod*"), t2.ID)
	wantIDs(t, "subject:", searchIDs(t, s, "subject:printer"), t1.ID)
	wantIDs(t, "nothing", searchIDs(t, s, "unicorn"))
}

func TestSearch_UnknownSyntaxIsText(t *testing.T) {
	s := newServer(t)
	t1, _ := create(t, s, obj{"subject": "error code:42 seen"})
	create(t, s, obj{"subject": "other"})
	wantIDs(t, "code:42", searchIDs(t, s, "code:42"), t1.ID)
	wantIDs(t, "bogus:value", searchIDs(t, s, "bogus:value"))
}

func TestSearch_SortAndOffsetPaging(t *testing.T) {
	s := newServer(t)
	ids := seed(t, s, 5)
	for i, id := range ids {
		setCreated(s, id, time.Date(2026, 1, 5-i, 0, 0, 0, 0, time.UTC)) // the last created is the oldest
	}
	wantIDs(t, "sort_by created_at asc", searchIDs(t, s, "type:ticket", "sort_by", "created_at", "sort_order", "asc"),
		ids[4], ids[3], ids[2], ids[1], ids[0])
	wantIDs(t, "sort_by created_at (desc by default)", searchIDs(t, s, "type:ticket", "sort_by", "created_at"), ids...)
	wantIDs(t, "order_by: sort: in the query", searchIDs(t, s, "type:ticket order_by:created sort:asc"),
		ids[4], ids[3], ids[2], ids[1], ids[0])

	var p1, p2, p3 searchPage
	send(t, s, "GET", searchPath("search", "type:ticket", "per_page", "2"), nil).want(t, http.StatusOK).decode(t, &p1)
	if p1.Count != 5 || p1.NextPage == nil || p1.PreviousPage != nil || !slices.Equal(p1.ids(), ids[:2]) {
		t.Fatalf("page 1: %+v", p1)
	}
	send(t, s, "GET", strings.TrimPrefix(*p1.NextPage, s.URL), nil).want(t, http.StatusOK).decode(t, &p2)
	send(t, s, "GET", strings.TrimPrefix(*p2.NextPage, s.URL), nil).want(t, http.StatusOK).decode(t, &p3)
	if !slices.Equal(p2.ids(), ids[2:4]) || p2.PreviousPage == nil || !slices.Equal(p3.ids(), ids[4:]) ||
		p3.NextPage != nil || p3.PreviousPage == nil || p3.Count != 5 {
		t.Errorf("pages 2, 3: %+v %+v", p2, p3)
	}
	if u, _ := url.Parse(*p1.NextPage); u.Query().Get("query") != "type:ticket" || u.Query().Get("page") != "2" {
		t.Errorf("next_page %q", *p1.NextPage)
	}
}

func TestSearch_1000ResultCap422(t *testing.T) {
	s := newServer(t)
	addTickets(s, 1005, "many")
	var p searchPage
	send(t, s, "GET", searchPath("search", "many", "page", "10"), nil).want(t, http.StatusOK).decode(t, &p)
	if p.Count != 1005 || len(p.Results) != 100 || p.Results[99].ID != 1000 {
		t.Fatalf("page 10: count %d, %d results", p.Count, len(p.Results))
	}
	// Zendesk still links the next page; asking for it is refused.
	if p.NextPage == nil {
		t.Fatal("page 10 has no next_page")
	}
	a := send(t, s, "GET", strings.TrimPrefix(*p.NextPage, s.URL), nil)
	m := wantError(t, a, http.StatusUnprocessableEntity, "invalid")
	if m["description"] != "Invalid search: Requested response size was greater than Search Response Limits" {
		t.Errorf("422 body %s", a.body)
	}
	// The cap is on the response size asked for, whatever the page size.
	wantError(t, send(t, s, "GET", searchPath("search", "many", "page", "41", "per_page", "25"), nil),
		http.StatusUnprocessableEntity, "invalid")
	send(t, s, "GET", searchPath("search", "many", "page", "40", "per_page", "25"), nil).want(t, http.StatusOK)
}

func TestSearch_PerPageAtMost100(t *testing.T) {
	s := newServer(t)
	addTickets(s, 120, "pp")
	var p searchPage
	send(t, s, "GET", searchPath("search", "pp", "per_page", "500"), nil).want(t, http.StatusOK).decode(t, &p)
	if len(p.Results) != 100 || p.Count != 120 {
		t.Errorf("%d results, count %d", len(p.Results), p.Count)
	}
	wantError(t, send(t, s, "GET", "/api/v2/search.json", nil), http.StatusBadRequest, "ParameterMissing")
}

func TestSearchCount(t *testing.T) {
	s := newServer(t)
	addTickets(s, 1200, "counted")
	create(t, s, obj{"subject": "other"})
	a := send(t, s, "GET", searchPath("search/count", "type:ticket counted"), nil).want(t, http.StatusOK)
	if string(a.body) != `{"count":1200}` {
		t.Errorf("count answer %s", a.body)
	}
}

type exportPage struct {
	Results []struct {
		ID         int64  `json:"id"`
		ResultType string `json:"result_type"`
	} `json:"results"`
	Facets *string   `json:"facets"`
	Meta   pageMeta  `json:"meta"`
	Links  pageLinks `json:"links"`
}

func TestSearchExport_CursorByCreatedAtNoCap(t *testing.T) {
	s := newServer(t)
	addTickets(s, 1500, "exported")
	// Reverse the creation times of the first three, so that created_at, not id, orders.
	for i := int64(1); i <= 3; i++ {
		setCreated(s, i, time.Date(2020, 1, int(10-i), 0, 0, 0, 0, time.UTC))
	}
	path := "/api/v2/search/export.json?" + url.Values{"query": {"exported"}, "filter[type]": {"ticket"},
		"page[size]": {"1000"}}.Encode()
	var got []int64
	requests := 0
	for path != "" {
		var p exportPage
		send(t, s, "GET", path, nil).want(t, http.StatusOK).decode(t, &p)
		requests++
		if p.Links.Prev != nil || p.Facets != nil || p.Meta.AfterCursor == nil || p.Meta.BeforeCursor == nil {
			t.Errorf("page %d: links %+v meta %+v", requests, p.Links, p.Meta)
		}
		for _, r := range p.Results {
			if r.ResultType != "ticket" {
				t.Fatalf("result_type %q", r.ResultType)
			}
			got = append(got, r.ID)
		}
		path = ""
		if p.Meta.HasMore {
			if p.Links.Next == nil {
				t.Fatal("has_more without links.next")
			}
			path = strings.TrimPrefix(*p.Links.Next, s.URL)
		} else if p.Links.Next != nil {
			t.Errorf("last page links.next %q", *p.Links.Next)
		}
	}
	if requests != 2 || len(got) != 1500 || !slices.Equal(got[:4], []int64{3, 2, 1, 4}) || got[1499] != 1500 {
		t.Errorf("%d requests, %d results, starting %v", requests, len(got), got[:4])
	}
}

func TestSearchExport_Refusals(t *testing.T) {
	s := newServer(t)
	exp := func(v url.Values) answer { return send(t, s, "GET", "/api/v2/search/export.json?"+v.Encode(), nil) }
	wantError(t, exp(url.Values{"query": {"x"}}), http.StatusBadRequest, "ParameterMissing")
	wantError(t, exp(url.Values{"filter[type]": {"ticket"}}), http.StatusBadRequest, "ParameterMissing")
	wantError(t, exp(url.Values{"query": {"type:ticket x"}, "filter[type]": {"ticket"}}), http.StatusUnprocessableEntity, "invalid")
	wantError(t, exp(url.Values{"query": {"x"}, "filter[type]": {"ticket"}, "page[size]": {"1001"}}),
		http.StatusBadRequest, "InvalidPaginationParameter")
	wantError(t, exp(url.Values{"query": {"x"}, "filter[type]": {"ticket"}, "page[after]": {"bogus"}}),
		http.StatusBadRequest, "InvalidPaginationParameter")
	wantError(t, exp(url.Values{"query": {"x"}, "filter[type]": {"widget"}}), http.StatusBadRequest, "InvalidValue")
}

func TestSearchExport_FilterTypeUser(t *testing.T) {
	s := newServer(t)
	u := s.AddUser("Zed Export", "zed@example.com")
	create(t, s, obj{"subject": "zed"})
	var p exportPage
	send(t, s, "GET", "/api/v2/search/export.json?"+url.Values{"query": {"zed"}, "filter[type]": {"user"}}.Encode(), nil).
		want(t, http.StatusOK).decode(t, &p)
	if len(p.Results) != 1 || p.Results[0].ID != u || p.Results[0].ResultType != "user" || p.Meta.HasMore {
		t.Errorf("export of users %+v", p)
	}
}
