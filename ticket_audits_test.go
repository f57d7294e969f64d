package zendesk

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestAuditsOnTheWire(t *testing.T) {
	runWireCases(t, []wireCase{
		{name: "ListAudits", method: "GET", path: "tickets/35436/audits.json", query: "page[size]=3", status: 200,
			answer: "ticket_audits_page.json",
			call: func(ctx context.Context, s *TicketsService) (any, error) {
				return s.ListAudits(ctx, 35436, &ListOptions{PageSize: 3})
			},
			check: func(t *testing.T, got any) {
				p := got.(*Page[Audit])
				if len(p.Items) != 3 || !p.HasMore || p.AfterCursor == "" {
					t.Fatalf("page = %+v", p)
				}
				a := p.Items[0]
				if a.ID != 1020051101 || a.TicketID != 35436 || a.AuthorID != 20978392 || a.Via.Channel != "email" ||
					a.Metadata.System["client"] != "Microsoft Outlook 16.0" || len(a.Events) != 6 {
					t.Errorf("audit = %+v", a)
				}
				if ev := a.Events[0]; ev.Type != "Comment" || !ev.Public || len(ev.Attachments) != 1 || ev.Attachments[0].Width != 1280 {
					t.Errorf("comment event = %+v", ev)
				}
				if ev := a.Events[3]; ev.FieldName != "tags" || !reflect.DeepEqual(ev.Value, []any{"printer", "fire"}) {
					t.Errorf("tags event = %+v", ev)
				}
				// Events the SDK does not model keep every key in Raw.
				last := p.Items[2].Events
				wantRaw(t, last[0], `{"id":1020051402,"type":"CommentPrivacyChange","comment_id":1020051102,"public":false}`)
				if !strings.Contains(string(last[2].Raw), `"macro_title": "Escalate"`) {
					t.Errorf("macro event Raw = %s", last[2].Raw)
				}
				if sla := p.Items[1].Events[4]; sla.Type != "SLA" || !strings.Contains(string(sla.Raw), `"business_hours": true`) {
					t.Errorf("SLA event = %+v", sla)
				}
			}},
		{name: "GetAudit", method: "GET", path: "tickets/35436/audits/1020051201.json", status: 200, answer: "ticket_audit.json",
			call: func(ctx context.Context, s *TicketsService) (any, error) { return s.GetAudit(ctx, 35436, 1020051201) },
			check: func(t *testing.T, got any) {
				a := got.(*Audit)
				if a.ID != 1020051201 || a.Metadata.Custom["source"] != "hardware-escalation" || len(a.Events) != 5 ||
					a.Events[1].FieldName != "assignee_id" || a.Events[1].Value != "235323" || a.Events[1].PreviousValue != nil ||
					!reflect.DeepEqual(a.Events[3].Recipients, []int64{35334}) {
					t.Errorf("audit = %+v", a)
				}
				wantRaw(t, a.Events[3], `{"id":1020051205,"type":"Cc","recipients":[35334]}`)
			}},
		{name: "CountAudits", method: "GET", path: "tickets/35436/audits/count.json", status: 200, answer: "ticket_audits_count.json",
			call: func(ctx context.Context, s *TicketsService) (any, error) { return s.CountAudits(ctx, 35436) },
			check: func(t *testing.T, got any) {
				if got.(int64) != 3 {
					t.Errorf("count = %v", got)
				}
			}},
	})
}

// wantRaw fails unless the event's Raw is the JSON value want.
func wantRaw(t *testing.T, ev AuditEvent, want string) {
	t.Helper()
	if !json.Valid(ev.Raw) {
		t.Fatalf("Raw of event %d is not JSON: %q", ev.ID, ev.Raw)
	}
	wantJSON(t, ev.Raw, want)
}

func TestListAuditsAllFollowsTheCursor(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", "/api/v2/tickets/7/audits.json",
		respond(200, `{"audits":[{"id":1,"events":[]}],"meta":{"has_more":true,"after_cursor":"c1"}}`),
		respond(200, `{"audits":[{"id":2,"events":[{"id":5,"type":"Brand new","x":[1]}]}],"meta":{"has_more":false}}`))
	var audits []Audit
	for a, err := range c.Tickets.ListAuditsAll(context.Background(), 7, &ListOptions{PageSize: 1}) {
		if err != nil {
			t.Fatal(err)
		}
		audits = append(audits, a)
	}
	if len(audits) != 2 || audits[1].ID != 2 {
		t.Fatalf("audits = %+v", audits)
	}
	wantRaw(t, audits[1].Events[0], `{"id":5,"type":"Brand new","x":[1]}`)
	wantQuery(t, rec.all()[1].URL, "page[size]=1&page[after]=c1")
}
