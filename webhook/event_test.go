package webhook_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/ticketsdk/zendesk"
	"github.com/ticketsdk/zendesk/webhook"
)

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func parse(t testing.TB, name string) *webhook.Event {
	t.Helper()
	e, err := webhook.ParseEvent(fixture(t, name))
	if err != nil {
		t.Fatalf("ParseEvent(%s): %v", name, err)
	}
	return e
}

func TestParseEvent_Envelope(t *testing.T) {
	e := parse(t, "ticket_status_changed.json")
	want := time.Date(2025, 1, 8, 16, 45, 20, 987654321, time.UTC)
	if e.ID != "a8b9c1d2-3e4f-5a6b-7c8d-9e0f1a2b3c4d" || e.Type != webhook.TicketStatusChanged ||
		e.Subject != "zen:ticket:5158" || e.AccountID != 22129848 || !e.Time.Equal(want) ||
		e.Version != "2022-11-06" {
		t.Errorf("envelope = %+v", e)
	}
	if len(e.Detail) == 0 || e.Detail[0] != '{' || len(e.Event) == 0 || e.Event[0] != '{' {
		t.Errorf("detail %q / event %q not kept raw", e.Detail, e.Event)
	}
}

func TestParseEvent_Tolerance(t *testing.T) {
	e, err := webhook.ParseEvent([]byte(`{"type":"zen:event-type:ticket.created","account_id":"42","time":"soon","id":7,"detail":null,"event":[1],"extra":{"a":1}}`))
	if err != nil {
		t.Fatalf("ParseEvent: %v", err)
	}
	if e.AccountID != 42 || !e.Time.IsZero() || e.ID != "7" || e.Detail != nil || e.Event != nil {
		t.Errorf("event = %+v, want account 42, zero time, id \"7\", no detail or event", e)
	}
}

func TestParseEvent_NotAnEvent(t *testing.T) {
	for _, body := range []string{
		``, `   `, `not json`, `[]`, `"zen:event-type:ticket.created"`, `null`, `{}`,
		`{"type":""}`, `{"type":7}`, `{"type":"zen:event-type:ticket.created"`, `{"type":"x"} trailing`,
	} {
		if e, err := webhook.ParseEvent([]byte(body)); !errors.Is(err, webhook.ErrNotEvent) || e != nil {
			t.Errorf("ParseEvent(%q) = %v, %v; want ErrNotEvent", body, e, err)
		}
	}
}

func TestEvent_TicketMapsZendesksWebhookShape(t *testing.T) {
	tk, err := parse(t, "ticket_status_changed.json").Ticket()
	if err != nil {
		t.Fatalf("Ticket: %v", err)
	}
	if tk.ID != 5158 || tk.Status != zendesk.StatusSolved || tk.Priority != zendesk.PriorityHigh ||
		tk.Type != zendesk.TypeIncident || tk.Subject != "Cannot log in to the mobile app" ||
		tk.RequesterID != 8447388090495 || tk.AssigneeID != 8447388090494 ||
		tk.GroupID != 8447320466430 || tk.BrandID != 8447346621310 ||
		tk.TicketFormID != 8646151517822 || tk.CustomStatusID != 8447320465150 ||
		tk.OrganizationID != 0 || tk.ExternalID != "" || !tk.IsPublic ||
		!slices.Equal(tk.Tags, []string{"mobile", "login"}) || tk.Via.Channel != "web_service" ||
		!tk.CreatedAt.Equal(time.Date(2025, 1, 8, 10, 12, 7, 0, time.UTC)) {
		t.Errorf("ticket = %+v", tk)
	}
}

func TestEvent_TicketIDFromSubjectWhenDetailHasNone(t *testing.T) {
	e := &webhook.Event{Type: webhook.TicketCreated, Subject: "zen:ticket:77", Detail: []byte(`{"status":"NEW"}`)}
	tk, err := e.Ticket()
	if err != nil || tk.ID != 77 || tk.Status != zendesk.StatusNew {
		t.Fatalf("Ticket = %+v, %v; want id 77, status new", tk, err)
	}
	if id, err := e.TicketID(); id != 77 || err != nil {
		t.Errorf("TicketID = %d, %v", id, err)
	}
	e.Subject = "zen:ticket:"
	e.Detail = []byte(`{"id":"78"}`)
	if id, err := e.TicketID(); id != 78 || err != nil {
		t.Errorf("TicketID from the detail = %d, %v", id, err)
	}
	e.Detail = []byte(`{}`)
	if _, err := e.TicketID(); !errors.Is(err, webhook.ErrNotEvent) {
		t.Errorf("TicketID without any id = %v, want ErrNotEvent", err)
	}
}

func TestEvent_StatusChange(t *testing.T) {
	c, err := parse(t, "ticket_status_changed.json").StatusChange()
	if err != nil || c.Previous != zendesk.StatusOpen || c.Current != zendesk.StatusSolved {
		t.Fatalf("StatusChange = %+v, %v; want open → solved", c, err)
	}
	ch, err := parse(t, "ticket_status_changed.json").Change()
	if err != nil || string(ch.Previous) != `"OPEN"` || string(ch.Current) != `"SOLVED"` {
		t.Fatalf("Change = %+v, %v", ch, err)
	}
}

func TestEvent_TagsChange(t *testing.T) {
	c, err := parse(t, "ticket_tags_changed.json").TagsChange()
	if err != nil || !slices.Equal(c.Added, []string{"vip"}) || !slices.Equal(c.Removed, []string{"login"}) {
		t.Fatalf("TagsChange = %+v, %v; want +vip −login", c, err)
	}
	flat := &webhook.Event{Type: webhook.TicketTagsChanged, Event: []byte(`{"tags":{"added":["a","b"],"removed":null}}`)}
	if c, err := flat.TagsChange(); err != nil || !slices.Equal(c.Added, []string{"a", "b"}) || c.Removed != nil {
		t.Fatalf("TagsChange of plain lists = %+v, %v", c, err)
	}
	feed := &webhook.Event{Type: webhook.TicketTagsChanged, Event: []byte(`{"tags_added":["vip"],"tags_removed":["login"]}`)}
	if c, err := feed.TagsChange(); err != nil || !slices.Equal(c.Added, []string{"vip"}) || !slices.Equal(c.Removed, []string{"login"}) {
		t.Fatalf("TagsChange of the flat tags_added/tags_removed form = %+v, %v", c, err)
	}
}

func TestEvent_Comment(t *testing.T) {
	c, err := parse(t, "ticket_comment_added.json").Comment()
	want := webhook.Comment{ID: 9876543210, Body: "We are looking into it.", IsPublic: true,
		Author: webhook.Author{ID: 8447388090494, Name: "Support Agent", IsStaff: true}}
	if err != nil || *c != want {
		t.Fatalf("Comment = %+v, %v; want %+v", c, err, want)
	}
	numeric := &webhook.Event{Type: webhook.TicketCommentAdded, Event: []byte(`{"comment":{"id":5,"author":{"id":6}}}`)}
	if c, err := numeric.Comment(); err != nil || c.ID != 5 || c.Author.ID != 6 {
		t.Fatalf("Comment with numeric ids = %+v, %v", c, err)
	}
	empty := &webhook.Event{Type: webhook.TicketCommentAdded, Event: []byte(`{}`)}
	if _, err := empty.Comment(); !errors.Is(err, webhook.ErrNotEvent) {
		t.Errorf("Comment without a comment = %v, want ErrNotEvent", err)
	}
}

func TestEvent_WrongType(t *testing.T) {
	user := parse(t, "user_active_changed.json")
	created := &webhook.Event{Type: webhook.TicketCreated, Subject: "zen:ticket:1", Detail: []byte(`{}`), Event: []byte(`{}`)}
	var nilEvent *webhook.Event
	for name, err := range map[string]error{
		"Ticket of a user event":         second(user.Ticket()),
		"TicketID of a user event":       second(user.TicketID()),
		"Change of a user event":         second(user.Change()),
		"Change of ticket.created":       second(created.Change()),
		"StatusChange of ticket.created": second(created.StatusChange()),
		"TagsChange of ticket.created":   second(created.TagsChange()),
		"Comment of ticket.created":      second(created.Comment()),
		"Ticket of a nil event":          second(nilEvent.Ticket()),
		"StatusChange of a nil event":    second(nilEvent.StatusChange()),
		"Comment of a status change":     second(parse(t, "ticket_status_changed.json").Comment()),
		"TagsChange of a comment":        second(parse(t, "ticket_comment_added.json").TagsChange()),
		"StatusChange of a tags change":  second(parse(t, "ticket_tags_changed.json").StatusChange()),
		"Change of a tags change":        second(parse(t, "ticket_tags_changed.json").Change()),
		"Change of a comment":            second(parse(t, "ticket_comment_added.json").Change()),
		"TicketID of a nil event":        second(nilEvent.TicketID()),
	} {
		if !errors.Is(err, webhook.ErrEventType) {
			t.Errorf("%s = %v, want ErrEventType", name, err)
		}
	}
	if user.IsTicket() || nilEvent.IsTicket() || !created.IsTicket() {
		t.Error("IsTicket is wrong")
	}
	noDetail := &webhook.Event{Type: webhook.TicketCreated, Subject: "zen:ticket:1"}
	if _, err := noDetail.Ticket(); !errors.Is(err, webhook.ErrNotEvent) {
		t.Errorf("Ticket without a detail = %v, want ErrNotEvent", err)
	}
	badDetail := &webhook.Event{Type: webhook.TicketCreated, Detail: []byte(`{"created_at":"not a time"}`)}
	if _, err := badDetail.Ticket(); !errors.Is(err, webhook.ErrNotEvent) {
		t.Errorf("Ticket of a detail that is no ticket = %v, want ErrNotEvent", err)
	}
}

func second[T any](_ T, err error) error { return err }

// FuzzParseEvent: whatever the body, ParseEvent and the Event methods return without
// panicking, and an accepted body has a type.
func FuzzParseEvent(f *testing.F) {
	for _, name := range []string{"ticket_status_changed.json", "ticket_comment_added.json",
		"ticket_tags_changed.json", "user_active_changed.json"} {
		f.Add(fixture(f, name))
	}
	f.Add([]byte(`{"type":"zen:event-type:ticket.tags_changed","event":{"tags":{"added":{"tags":null},"removed":"x"}}}`))
	f.Add([]byte(`{"type":"zen:event-type:ticket.comment_added","subject":"zen:ticket:-1","event":{"comment":{"author":7}}}`))
	f.Add([]byte(`{"type":"zen:event-type:ticket.status_changed","detail":{"id":1e30,"status":7},"event":{"current":{}}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		e, err := webhook.ParseEvent(body)
		if err != nil {
			if !errors.Is(err, webhook.ErrNotEvent) {
				t.Fatalf("ParseEvent error %v does not match ErrNotEvent", err)
			}
			return
		}
		if e.Type == "" {
			t.Fatal("accepted an event without a type")
		}
		e.IsTicket()
		e.TicketID()
		e.Ticket()
		e.Change()
		e.StatusChange()
		e.TagsChange()
		e.Comment()
	})
}
