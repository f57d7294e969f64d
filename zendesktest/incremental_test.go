package zendesktest

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

type incPage struct {
	Tickets      []Ticket `json:"tickets"`
	AfterURL     *string  `json:"after_url"`
	AfterCursor  *string  `json:"after_cursor"`
	BeforeURL    *string  `json:"before_url"`
	BeforeCursor *string  `json:"before_cursor"`
	EndOfStream  bool     `json:"end_of_stream"`
}

func (p incPage) ids() []int64 { return itemIDs(p.Tickets, func(t Ticket) int64 { return t.ID }) }

func incPath(params ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(params); i += 2 {
		v.Set(params[i], params[i+1])
	}
	return "/api/v2/incremental/tickets/cursor.json?" + v.Encode()
}

var getInc = getJSON[incPage]

// backdate moves every ticket's updated_at (and so its generated_timestamp) and created_at
// into the past, a second apart in id order, so that the export's order is known.
func backdate(s *Server, from time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, t := range s.st.tickets {
		at := from.Add(time.Duration(id) * time.Second)
		t.CreatedAt, t.UpdatedAt = at, at
	}
}

func TestIncremental_AnswerShapeAndGeneratedTimestamp(t *testing.T) {
	s := newServer(t)
	seed(t, s, 2)
	a := send(t, s, "GET", incPath("start_time", "0"), nil).want(t, http.StatusOK)
	m := a.object(t)
	for _, k := range []string{"tickets", "after_url", "after_cursor", "before_url", "before_cursor", "end_of_stream"} {
		if _, ok := m[k]; !ok {
			t.Errorf("answer has no %q", k)
		}
	}
	var p incPage
	a.decode(t, &p)
	if len(p.Tickets) != 2 || !p.EndOfStream || p.AfterCursor == nil || p.AfterURL == nil ||
		!strings.Contains(*p.AfterURL, "cursor="+url.QueryEscape(*p.AfterCursor)) {
		t.Fatalf("page %+v", p)
	}
	for _, tk := range p.Tickets {
		if tk.GeneratedTimestamp != tk.UpdatedAt.Unix() || tk.GeneratedTimestamp == 0 {
			t.Errorf("ticket %d generated_timestamp %d, updated_at %v", tk.ID, tk.GeneratedTimestamp, tk.UpdatedAt)
		}
	}
	// A change moves generated_timestamp.
	before := p.Tickets[0].GeneratedTimestamp
	update(t, s, p.Tickets[0].ID, obj{"priority": "high"}).want(t, http.StatusOK)
	got, _ := s.Ticket(p.Tickets[0].ID)
	if got.GeneratedTimestamp <= before {
		t.Errorf("generated_timestamp %d after a change, was %d", got.GeneratedTimestamp, before)
	}
}

func TestIncremental_OrderedByGeneratedTimestampThenIDAndStartTime(t *testing.T) {
	s := newServer(t)
	ids := seed(t, s, 4)
	base := time.Now().Add(-time.Hour).Truncate(time.Second)
	backdate(s, base)
	// Ticket 1 changes last: it comes last.
	s.mu.Lock()
	s.st.tickets[ids[0]].UpdatedAt = base.Add(10 * time.Second)
	s.mu.Unlock()
	p := getInc(t, s, incPath("start_time", "0"))
	wantIDs(t, "order", p.ids(), ids[1], ids[2], ids[3], ids[0])
	// start_time compares with generated_timestamp, inclusive.
	p = getInc(t, s, incPath("start_time", strconv.FormatInt(base.Add(3*time.Second).Unix(), 10)))
	wantIDs(t, "start_time", p.ids(), ids[2], ids[3], ids[0])
}

func TestIncremental_CursorPagesResumeExactly(t *testing.T) {
	s := newServer(t)
	ids := seed(t, s, 5)
	backdate(s, time.Now().Add(-time.Hour))
	var got []int64
	requests := 0
	p := getInc(t, s, incPath("start_time", "0", "per_page", "2"))
	for {
		requests++
		got = append(got, p.ids()...)
		if p.EndOfStream {
			break
		}
		if len(p.Tickets) != 2 || p.AfterURL == nil {
			t.Fatalf("page %d: %+v", requests, p)
		}
		p = getInc(t, s, *p.AfterURL)
	}
	if !slices.Equal(got, ids) || requests != 3 {
		t.Fatalf("exported %v in %d requests, want %v in 3", got, requests, ids)
	}
	// The last page's cursor resumes later: nothing new is an empty page with null cursors.
	last := *p.AfterCursor
	raw := send(t, s, "GET", incPath("cursor", last), nil).want(t, http.StatusOK)
	if string(raw.body) != `{"after_cursor":null,"after_url":null,"before_cursor":null,"end_of_stream":true,"tickets":[]}` {
		t.Errorf("empty page %s, want the recorded answer", raw.body)
	}
	tk, _ := create(t, s, obj{})
	wantIDs(t, "resumed", getInc(t, s, incPath("cursor", last)).ids(), tk.ID)
}

func TestIncremental_TicketChangedAfterCursorComesAgain(t *testing.T) {
	s := newServer(t)
	ids := seed(t, s, 3)
	backdate(s, time.Now().Add(-time.Hour))
	p1 := getInc(t, s, incPath("start_time", "0", "per_page", "2"))
	wantIDs(t, "page 1", p1.ids(), ids[0], ids[1])
	update(t, s, ids[0], obj{"status": "pending"}).want(t, http.StatusOK)
	p2 := getInc(t, s, *p1.AfterURL)
	wantIDs(t, "page 2", p2.ids(), ids[2], ids[0])
	if p2.Tickets[1].Status != "pending" || !p2.EndOfStream {
		t.Errorf("page 2 %+v", p2)
	}
	// Even a change within the same second as the cursor's ticket comes again.
	s.mu.Lock()
	for _, t := range s.st.tickets {
		t.UpdatedAt = time.Unix(1700000000, 0).UTC()
	}
	s.mu.Unlock()
	q1 := getInc(t, s, incPath("start_time", "0", "per_page", "2"))
	update(t, s, ids[0], obj{"priority": "low"}).want(t, http.StatusOK)
	s.mu.Lock()
	s.st.tickets[ids[0]].UpdatedAt = time.Unix(1700000000, 0).UTC()
	s.mu.Unlock()
	wantIDs(t, "same second", getInc(t, s, *q1.AfterURL).ids(), ids[0], ids[2])
}

func TestIncremental_DeletedTicketsUnlessExcluded(t *testing.T) {
	s := newServer(t)
	ids := seed(t, s, 2)
	// An hour back, so that the deletion (now) is after ids[1]'s updated_at: made in the second
	// ids[1] was created in, it would tie with it (whole seconds) and list by id.
	backdate(s, time.Now().Add(-time.Hour))
	send(t, s, "DELETE", tpath(ids[0], ".json"), nil).want(t, http.StatusNoContent)
	p := getInc(t, s, incPath("start_time", "0"))
	wantIDs(t, "with deleted", p.ids(), ids[1], ids[0])
	if p.Tickets[1].Status != "deleted" || p.Tickets[0].Status != "new" {
		t.Errorf("statuses %q %q", p.Tickets[0].Status, p.Tickets[1].Status)
	}
	p = getInc(t, s, incPath("start_time", "0", "exclude_deleted", "true"))
	wantIDs(t, "exclude_deleted", p.ids(), ids[1])
	// A cursor handed out before the deletion sees it.
	c := getInc(t, s, incPath("start_time", "0", "exclude_deleted", "false"))
	send(t, s, "DELETE", tpath(ids[1], ".json"), nil).want(t, http.StatusNoContent)
	after := getInc(t, s, *c.AfterURL)
	if len(after.Tickets) != 1 || after.Tickets[0].ID != ids[1] || after.Tickets[0].Status != "deleted" {
		t.Errorf("after deletion %+v", after.ids())
	}
}

func TestIncremental_LastMinuteIncludedUnlessLagAsked(t *testing.T) {
	s := newServer(t)
	tk, _ := create(t, s, obj{})
	wantIDs(t, "no lag", getInc(t, s, incPath("start_time", "0")).ids(), tk.ID)

	lagged := newServer(t, WithIncrementalLag(time.Minute))
	fresh, _ := create(t, lagged, obj{})
	old, _ := create(t, lagged, obj{})
	lagged.mu.Lock()
	lagged.st.tickets[old.ID].UpdatedAt = time.Now().Add(-2 * time.Minute).UTC().Truncate(time.Second)
	lagged.mu.Unlock()
	p := getInc(t, lagged, incPath("start_time", "0"))
	wantIDs(t, "lagged", p.ids(), old.ID)
	_ = fresh
	// A start_time within the lag is too recent.
	recent := strconv.FormatInt(time.Now().Add(-30*time.Second).Unix(), 10)
	m := wantError(t, send(t, lagged, "GET", incPath("start_time", recent), nil), http.StatusUnprocessableEntity, "InvalidValue")
	if !strings.HasPrefix(m["description"].(string), "Too recent start_time") {
		t.Errorf("422 %v", m)
	}
}

func TestIncremental_StartTimeInTheFuture422(t *testing.T) {
	s := newServer(t)
	future := strconv.FormatInt(time.Now().Add(time.Hour).Unix(), 10)
	a := send(t, s, "GET", incPath("start_time", future), nil)
	m := wantError(t, a, http.StatusUnprocessableEntity, "InvalidValue")
	if m["description"] != "Too recent start_time. Use a start_time older than 5 minutes" {
		t.Errorf("422 body %s", a.body)
	}
	wantError(t, send(t, s, "GET", incPath(), nil), http.StatusBadRequest, "ParameterMissing")
	wantError(t, send(t, s, "GET", incPath("cursor", "nonsense"), nil), http.StatusBadRequest, "InvalidValue")
	wantError(t, send(t, s, "GET", "/api/v2/incremental/ticket_events.json?start_time="+future, nil),
		http.StatusUnprocessableEntity, "InvalidValue")
}

func TestIncremental_PerPageAtMost1000(t *testing.T) {
	s := newServer(t)
	addTickets(s, 1200, "bulk")
	p := getInc(t, s, incPath("start_time", "0"))
	if len(p.Tickets) != 1000 || p.EndOfStream {
		t.Errorf("default page: %d tickets, end %v", len(p.Tickets), p.EndOfStream)
	}
	p = getInc(t, s, incPath("start_time", "0", "per_page", "5000"))
	if len(p.Tickets) != 1000 {
		t.Errorf("per_page=5000: %d tickets", len(p.Tickets))
	}
	p = getInc(t, s, *p.AfterURL)
	if len(p.Tickets) != 200 || !p.EndOfStream {
		t.Errorf("second page: %d tickets, end %v", len(p.Tickets), p.EndOfStream)
	}
}

func TestIncremental_AdminsOnly(t *testing.T) {
	s := newServer(t, WithAPIToken("agent2@example.com", "tok"))
	auth := "Basic " + basic("agent2@example.com/token", "tok")
	for _, p := range []string{incPath("start_time", "0"), "/api/v2/incremental/ticket_events.json?start_time=0"} {
		a := send(t, s, "GET", p, nil, "Authorization", auth)
		a.want(t, http.StatusForbidden)
	}
	// Search is for agents.
	send(t, s, "GET", searchPath("search", "x"), nil, "Authorization", auth).want(t, http.StatusOK)
}

func TestSync_RoutesAuthenticatedAndRateLimited(t *testing.T) {
	paths := []string{searchPath("search", "x"), searchPath("search/count", "x"),
		"/api/v2/search/export.json?query=x&filter%5Btype%5D=ticket", incPath("start_time", "0"),
		"/api/v2/incremental/ticket_events.json?start_time=0"}
	s := newServer(t, WithRateLimit(len(paths)))
	for _, p := range paths {
		a, err := try(s, "GET", p, nil, "Authorization", "Bearer nope")
		if err != nil || a.status != http.StatusUnauthorized {
			t.Errorf("%s without valid credentials: %d %v", p, a.status, err)
		}
	}
	// Those counted against the limit too: every route now answers 429.
	for _, p := range paths {
		a := send(t, s, "GET", p, nil)
		wantError(t, a, http.StatusTooManyRequests, "TooManyRequests")
		if a.header.Get("Retry-After") == "" {
			t.Errorf("%s: 429 without Retry-After", p)
		}
	}
}

type eventsPage struct {
	TicketEvents []struct {
		ID          int64            `json:"id"`
		TicketID    int64            `json:"ticket_id"`
		Timestamp   int64            `json:"timestamp"`
		UpdaterID   int64            `json:"updater_id"`
		Via         Via              `json:"via"`
		EventType   string           `json:"event_type"`
		ChildEvents []map[string]any `json:"child_events"`
	} `json:"ticket_events"`
	NextPage    string `json:"next_page"`
	EndTime     int64  `json:"end_time"`
	EndOfStream bool   `json:"end_of_stream"`
	Count       int    `json:"count"`
}

var getEvents = getJSON[eventsPage]

func TestTicketEvents_AuditsWithChildEvents(t *testing.T) {
	s := newServer(t)
	tk, created := create(t, s, obj{"subject": "Evented", "comment": obj{"body": "First words"}})
	upd := update(t, s, tk.ID, obj{"status": "pending", "comment": obj{"body": "Second", "public": false}}).want(t, http.StatusOK)
	var changed struct {
		Audit Audit `json:"audit"`
	}
	upd.decode(t, &changed)
	p := getEvents(t, s, "/api/v2/incremental/ticket_events.json?start_time=0")
	if p.Count != 2 || len(p.TicketEvents) != 2 || !p.EndOfStream {
		t.Fatalf("events page %+v", p)
	}
	e0, e1 := p.TicketEvents[0], p.TicketEvents[1]
	if e0.ID != created.ID || e0.TicketID != tk.ID || e0.EventType != "Audit" || e0.UpdaterID != DefaultAgentID ||
		e0.Timestamp != created.CreatedAt.Unix() || e0.Via.Channel != "api" {
		t.Errorf("event 0 %+v", e0)
	}
	var subject, comment map[string]any
	for _, c := range e0.ChildEvents {
		if c["event_type"] == "Create" && c["subject"] != nil {
			subject = c
		}
		if c["event_type"] == "Comment" {
			comment = c
		}
	}
	if subject == nil || subject["subject"] != "Evented" {
		t.Errorf("no Create child event for the subject: %v", e0.ChildEvents)
	}
	if comment == nil || comment["comment_present"] != true || comment["comment_public"] != true || comment["body"] != nil {
		t.Errorf("comment child event without comment_events: %v", comment)
	}
	var status map[string]any
	for _, c := range e1.ChildEvents {
		if c["event_type"] == "Change" && c["status"] != nil {
			status = c
		}
	}
	if e1.ID != changed.Audit.ID || status == nil || status["status"] != "pending" || status["previous_value"] != "new" {
		t.Errorf("event 1 %+v", e1)
	}
	// include=comment_events puts the comments in full.
	p = getEvents(t, s, "/api/v2/incremental/ticket_events.json?start_time=0&include=comment_events")
	var full map[string]any
	for _, c := range p.TicketEvents[1].ChildEvents {
		if c["event_type"] == "Comment" {
			full = c
		}
	}
	if full == nil || full["body"] != "Second" || full["public"] != false || full["type"] != "Comment" ||
		full["author_id"] != float64(DefaultAgentID) || full["created_at"] == nil {
		t.Errorf("comment event with comment_events: %v", full)
	}
}

func TestTicketEvents_TimePagingNeverSplitsASecond(t *testing.T) {
	s := newServer(t)
	ids := seed(t, s, 3)
	// Three audits in one second, one a second later.
	s.mu.Lock()
	for i, id := range ids {
		at := time.Unix(1700000000+int64(i/2), 0).UTC()
		s.st.audits[id][0].CreatedAt = at
	}
	s.mu.Unlock()
	p := getEvents(t, s, "/api/v2/incremental/ticket_events.json?start_time=0&per_page=1")
	if p.Count != 2 || p.EndTime != 1700000001 || p.EndOfStream {
		t.Fatalf("page 1: count %d end_time %d end %v", p.Count, p.EndTime, p.EndOfStream)
	}
	if u, _ := url.Parse(p.NextPage); u.Query().Get("start_time") != "1700000001" || u.Query().Get("per_page") != "1" {
		t.Errorf("next_page %q", p.NextPage)
	}
	p2 := getEvents(t, s, p.NextPage)
	if p2.Count != 1 || p2.TicketEvents[0].TicketID != ids[2] || !p2.EndOfStream || p2.EndTime != 1700000002 {
		t.Errorf("page 2 %+v", p2)
	}
	p3 := getEvents(t, s, p2.NextPage)
	if p3.Count != 0 || !p3.EndOfStream || p3.EndTime != 1700000002 || p3.TicketEvents == nil {
		t.Errorf("page 3 %+v", p3)
	}
	raw, _ := json.Marshal(p3.TicketEvents)
	if string(raw) != "[]" {
		t.Errorf("empty events %s", raw)
	}
}

func basic(user, pass string) string {
	return base64.StdEncoding.EncodeToString([]byte(user + ":" + pass))
}

// Changes within one second are stamped a second apart, ahead of the clock: the next_page of
// a ticket event page that ends at such a stamp is served, not refused as too recent.
func TestTicketEvents_NextPageAheadOfTheClockIsServed(t *testing.T) {
	s := newServer(t)
	ids := seed(t, s, 1)
	for range 4 {
		send(t, s, "PUT", "/api/v2/tickets/"+strconv.FormatInt(ids[0], 10)+".json",
			obj{"ticket": obj{"comment": obj{"body": "again"}}}).want(t, http.StatusOK)
	}
	next := "/api/v2/incremental/ticket_events.json?start_time=0&per_page=1"
	var events, pages int
	for {
		p := getEvents(t, s, next)
		events += p.Count
		if pages++; p.EndOfStream || pages > 10 {
			break
		}
		next = p.NextPage
	}
	if events != 5 || pages < 3 {
		t.Errorf("%d events in %d pages, want 5 in several", events, pages)
	}
	// Past the newest stamp is still too recent.
	late := strconv.FormatInt(time.Now().Add(time.Hour).Unix(), 10)
	send(t, s, "GET", "/api/v2/incremental/ticket_events.json?start_time="+late, nil).want(t, http.StatusUnprocessableEntity)
}
