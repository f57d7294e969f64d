package zendesk

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
)

func TestIncrementalTicketEvents(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", "/api/v2/incremental/ticket_events.json", respondFixture(t, 200, "ticket_events_page.json"))
	start := time.Unix(1772442000, 0)
	var events []TicketEvent
	for e, err := range c.Incremental.TicketEvents(context.Background(), &IncrementalOptions{StartTime: start}) {
		if err != nil {
			t.Fatal(err)
		}
		events = append(events, e)
	}
	req := rec.last(t)
	if rec.count() != 1 || req.Method != "GET" || len(req.Body) != 0 {
		t.Fatalf("%d requests, last %s with body %q", rec.count(), req.Method, req.Body)
	}
	wantQuery(t, req.URL, "start_time=1772442000&per_page=1000")
	if len(events) != 5 {
		t.Fatalf("%d events, want 5", len(events))
	}
	e := events[0]
	if e.ID != 206091192546 || e.TicketID != 35436 || e.UpdaterID != 360000000001 || e.EventType != "Audit" ||
		!e.Timestamp.Equal(time.Unix(1772442927, 0)) || e.Via == nil || e.Via.Channel != "api" ||
		e.System["ip_address"] != "203.0.113.7" || len(e.ChildEvents) != 10 {
		t.Errorf("first event = %+v", e)
	}
	comment := e.ChildEvents[0]
	if comment.ID != 206091192547 || comment.Type != "Comment" || !comment.Public || !strings.Contains(string(comment.Raw), `"comment_present"`) {
		t.Errorf("comment child = %+v (%s)", comment, comment.Raw)
	}
	subject := e.ChildEvents[1]
	if subject.Type != "Create" || subject.FieldName != "subject" || subject.Value != "Printer on fire" || subject.Subject != "" {
		t.Errorf("subject child = %+v", subject)
	}
	tags := e.ChildEvents[8]
	if tags.FieldName != "tags" || !reflect.DeepEqual(tags.Value, []any{"printer", "vip"}) {
		t.Errorf("tags child = %+v", tags)
	}
	requester := e.ChildEvents[4]
	if requester.FieldName != "requester_id" || fmt.Sprint(requester.Value) != "360000000002" {
		t.Errorf("requester child = %+v", requester)
	}
	// The ticket's type is a field like any other: "type" is its name, not the event's kind.
	kind := events[2].ChildEvents[3]
	if kind.Type != "Create" || kind.FieldName != "type" || kind.Value != "question" {
		t.Errorf("type child = %+v", kind)
	}
	change := events[4].ChildEvents[1]
	if change.Type != "Change" || change.FieldName != "priority" || change.Value != "urgent" || change.PreviousValue != "high" {
		t.Errorf("change child = %+v", change)
	}
	var raw map[string]any
	if err := json.Unmarshal(change.Raw, &raw); err != nil || raw["priority"] != "urgent" || raw["event_type"] != "Change" {
		t.Errorf("change child's Raw = %s, %v", change.Raw, err)
	}
	if private := events[4].ChildEvents[0]; private.Public {
		t.Errorf("private comment child = %+v", private)
	}
}

func TestIncrementalTicketEventsWithComments(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", "/api/v2/incremental/ticket_events.json", respondFixture(t, 200, "ticket_events_comments.json"))
	var events []TicketEvent
	for e, err := range c.Incremental.TicketEvents(context.Background(), &IncrementalOptions{StartTime: time.Unix(5, 0),
		Include: []string{"comment_events"}, PerPage: 50}) {
		if err != nil {
			t.Fatal(err)
		}
		events = append(events, e)
	}
	wantQuery(t, rec.last(t).URL, "start_time=5&include=comment_events&per_page=50")
	c0 := events[0].ChildEvents[0]
	if c0.Type != "Comment" || c0.Body != "The smoke is very colorful." || c0.AuthorID != 360000000002 || !c0.Public ||
		c0.HTMLBody == "" || c0.PlainBody == "" {
		t.Errorf("comment child = %+v", c0)
	}
	if c := events[4].ChildEvents[0]; c.Public || c.Body != "Fire brigade called; printer unplugged." {
		t.Errorf("private comment child = %+v", c)
	}
}

// ticketEventPages answers ticket_events.json from pages keyed by start_time.
func ticketEventPages(pages map[string]string) httpmock.Responder {
	return func(req *http.Request) (*http.Response, error) {
		body, ok := pages[req.URL.Query().Get("start_time")]
		if !ok {
			return respond(404, `{"error": "RecordNotFound"}`)(req)
		}
		return respond(200, body)(req)
	}
}

// Zendesk starts the next page at the second the last one ended in (next_page's start_time is
// the last event's time): the events of that second that came already are not yielded twice.
func TestIncrementalTicketEventsPagingSkipsRepeats(t *testing.T) {
	ev := func(id, ts int64) string {
		return fmt.Sprintf(`{"id": %d, "ticket_id": 1, "timestamp": %d, "event_type": "Audit", "child_events": []}`, id, ts)
	}
	c, mock := setup(t)
	rec := on(t, mock, "GET", "/api/v2/incremental/ticket_events.json", ticketEventPages(map[string]string{
		"100": `{"ticket_events": [` + ev(1, 100) + `,` + ev(2, 101) + `,` + ev(3, 101) + `],
			"next_page": "https://acme.zendesk.com/api/v2/incremental/ticket_events.json?per_page=3&start_time=101",
			"count": 3, "end_of_stream": false, "end_time": 101}`,
		"101": `{"ticket_events": [` + ev(2, 101) + `,` + ev(3, 101) + `,` + ev(4, 102) + `],
			"next_page": "https://acme.zendesk.com/api/v2/incremental/ticket_events.json?per_page=3&start_time=102",
			"count": 3, "end_of_stream": true, "end_time": 102}`,
	}))
	var ids []int64
	for e, err := range c.Incremental.TicketEvents(context.Background(), &IncrementalOptions{StartTime: time.Unix(100, 0), PerPage: 3}) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, e.ID)
	}
	if !reflect.DeepEqual(ids, []int64{1, 2, 3, 4}) || rec.count() != 2 {
		t.Errorf("ids %v in %d requests, want [1 2 3 4] in 2", ids, rec.count())
	}
	wantQuery(t, rec.all()[1].URL, "start_time=101&per_page=3")
}

// A page whose next page would be itself (every event of one second), or that says more
// follow without a next_page, ends with ErrPaging after its events, instead of a loop.
func TestIncrementalTicketEventsStopsOnBadPaging(t *testing.T) {
	for name, body := range map[string]string{
		"next page is this one": `{"ticket_events": [{"id": 1, "timestamp": 100}, {"id": 2, "timestamp": 100}],
			"next_page": "https://acme.zendesk.com/api/v2/incremental/ticket_events.json?start_time=100", "end_of_stream": false}`,
		"next page goes back": `{"ticket_events": [{"id": 1, "timestamp": 100}],
			"next_page": "https://acme.zendesk.com/api/v2/incremental/ticket_events.json?start_time=99", "end_of_stream": false}`,
		"no next page": `{"ticket_events": [{"id": 1, "timestamp": 100}], "next_page": null, "end_of_stream": false}`,
		"next page without start_time": `{"ticket_events": [{"id": 1, "timestamp": 100}],
			"next_page": "https://acme.zendesk.com/api/v2/incremental/ticket_events.json", "end_of_stream": false}`,
	} {
		c, mock := setup(t)
		rec := on(t, mock, "GET", "/api/v2/incremental/ticket_events.json", respond(200, body))
		var n int
		var last error
		for _, err := range c.Incremental.TicketEvents(context.Background(), &IncrementalOptions{StartTime: time.Unix(100, 0)}) {
			if err != nil {
				last = err
				continue
			}
			n++
		}
		if n == 0 || !errors.Is(last, ErrPaging) || rec.count() != 1 {
			t.Errorf("%s: %d events, error %v, %d requests", name, n, last, rec.count())
		}
	}
}

func TestIncrementalTicketEventsRefusedBeforeSending(t *testing.T) {
	for name, o := range map[string]*IncrementalOptions{
		"nil":             nil,
		"no start":        {},
		"cursor":          {Cursor: "abc"},
		"cursor and time": {Cursor: "abc", StartTime: time.Unix(5, 0)},
		"exclude deleted": {StartTime: time.Unix(5, 0), ExcludeDeleted: true},
		"future":          {StartTime: time.Now().Add(time.Minute)},
		"per page":        {StartTime: time.Unix(5, 0), PerPage: 1001},
		"include":         {StartTime: time.Unix(5, 0), Include: []string{"comment events"}},
	} {
		c, mock := setup(t)
		rec := on(t, mock, "GET", "/api/v2/incremental/ticket_events.json", respondFixture(t, 200, "ticket_events_page.json"))
		wantRefused(t, name, c.Incremental.TicketEvents(context.Background(), o), ErrInvalid)
		if rec.count() != 0 {
			t.Errorf("%s: %d requests", name, rec.count())
		}
	}
}

// The shape of Zendesk's own reference: via as a string, a tags event with added_tags and
// removed_tags, an unknown event kind kept with its keys in Raw.
func TestIncrementalTicketEventsReferenceShape(t *testing.T) {
	c, mock := setup(t)
	on(t, mock, "GET", "/api/v2/incremental/ticket_events.json", respond(200, `{"ticket_events": [{
		"id": 926256957613, "ticket_id": 155, "timestamp": 1719451214, "updater_id": -1, "via": "Web form",
		"event_type": "Audit", "child_events": [
			{"id": 1, "via": "Web form", "via_reference_id": null, "added_tags": ["vip"], "removed_tags": [], "tags": ["vip", "x"], "event_type": "Create"},
			{"id": 2, "via": "Web form", "via_reference_id": null, "custom_status_id": 4, "previous_value": 3, "event_type": "Change"},
			{"id": 3, "via": "Rule", "via_reference_id": 42, "event_type": "SlaTargetChange", "field_name": "sla"}]}],
		"next_page": "https://acme.zendesk.com/api/v2/incremental/ticket_events.json?start_time=1719451215", "count": 1, "end_of_stream": true}`))
	var events []TicketEvent
	for e, err := range c.Incremental.TicketEvents(context.Background(), &IncrementalOptions{StartTime: time.Unix(1719451000, 0)}) {
		if err != nil {
			t.Fatal(err)
		}
		events = append(events, e)
	}
	if len(events) != 1 || events[0].UpdaterID != -1 || len(events[0].ChildEvents) != 3 {
		t.Fatalf("events = %+v", events)
	}
	ch := events[0].ChildEvents
	if ch[0].FieldName != "tags" || !reflect.DeepEqual(ch[0].Value, []any{"vip", "x"}) {
		t.Errorf("tags event = %+v", ch[0])
	}
	if ch[1].FieldName != "custom_status_id" || ch[1].Value != json.Number("4") || ch[1].PreviousValue != json.Number("3") {
		t.Errorf("status event = %+v", ch[1])
	}
	if ch[2].Type != "SlaTargetChange" || !strings.Contains(string(ch[2].Raw), `"via_reference_id": 42`) {
		t.Errorf("unknown event = %+v (%s)", ch[2], ch[2].Raw)
	}
}

// TestTicketEventUnmarshalJSON: a ticket event decoded with encoding/json (as a caller reads
// one back from a queue or a cache) is what the export yields: each event of the export page,
// as the server sent it, decodes to the same value, child events in an audit event's form; a
// value the export yielded decodes back to itself after json.Marshal; and the tolerance of the
// other models holds (ids as strings, nulls).
func TestTicketEventUnmarshalJSON(t *testing.T) {
	c, mock := setup(t)
	on(t, mock, "GET", "/api/v2/incremental/ticket_events.json", respondFixture(t, 200, "ticket_events_page.json"))
	var yielded []TicketEvent
	for e, err := range c.Incremental.TicketEvents(context.Background(), &IncrementalOptions{StartTime: time.Unix(1772442000, 0)}) {
		if err != nil {
			t.Fatal(err)
		}
		yielded = append(yielded, e)
	}
	var page struct {
		Events []json.RawMessage `json:"ticket_events"`
	}
	if err := json.Unmarshal(fixture(t, "ticket_events_page.json"), &page); err != nil {
		t.Fatal(err)
	}
	if len(page.Events) != len(yielded) || len(yielded) == 0 {
		t.Fatalf("%d events on the page, %d yielded", len(page.Events), len(yielded))
	}
	for i, raw := range page.Events {
		var got TicketEvent
		if err := json.Unmarshal(raw, &got); err != nil {
			t.Fatalf("event %d: %v", i, err)
		}
		if !reflect.DeepEqual(got, yielded[i]) {
			t.Errorf("event %d decoded with encoding/json:\n got %+v\nwant %+v", i, got, yielded[i])
		}
	}
	change := yielded[4]
	b, err := json.Marshal(change)
	if err != nil {
		t.Fatal(err)
	}
	var back TicketEvent
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if c := back.ChildEvents[1]; c.Type != "Change" || c.FieldName != "priority" || c.Value != "urgent" || c.PreviousValue != "high" {
		t.Errorf("marshalled and decoded again, the change child = %+v", c)
	}

	var tolerant TicketEvent
	in := `{"id":"7","ticket_id":"35436","updater_id":-1,"timestamp":1772442927,"event_type":null,"via":null,
		"child_events":[{"id":"8","event_type":"Change","status":"pending","previous_value":"new"}],"merged_ticket_ids":null}`
	if err := json.Unmarshal([]byte(in), &tolerant); err != nil {
		t.Fatal(err)
	}
	want := TicketEvent{ID: 7, TicketID: 35436, UpdaterID: -1, Timestamp: time.Unix(1772442927, 0)}
	if tolerant.ID != want.ID || tolerant.TicketID != want.TicketID || tolerant.UpdaterID != want.UpdaterID ||
		!tolerant.Timestamp.Equal(want.Timestamp) || tolerant.EventType != "" || tolerant.Via != nil || len(tolerant.ChildEvents) != 1 {
		t.Errorf("tolerant = %+v", tolerant)
	}
	if ch := tolerant.ChildEvents[0]; ch.ID != 8 || ch.Type != "Change" || ch.FieldName != "status" || ch.Value != "pending" || ch.PreviousValue != "new" {
		t.Errorf("child = %+v", ch)
	}
	// A fresh value each time: nothing of the event before survives into the next.
	if err := json.Unmarshal([]byte(`{"id":9}`), &tolerant); err != nil || tolerant.TicketID != 0 || tolerant.ChildEvents != nil {
		t.Errorf("decoded into a used value: %+v, %v", tolerant, err)
	}
}
