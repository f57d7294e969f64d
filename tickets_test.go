package zendesk

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// created is what Create and Update return, as one value for the table tests.
type created struct {
	Ticket *Ticket
	Audit  *Audit
}

// wireCase is one call of a TicketsService method: what must go over the wire, the answer the
// server gives, and what the method must make of it.
type wireCase struct {
	name   string
	call   func(ctx context.Context, s *TicketsService) (any, error)
	method string
	path   string // under /api/v2/
	query  string // exact, decoded; "" for none
	body   string // JSON; "" for no body
	status int
	answer string // fixture name; "" for an empty body
	check  func(t *testing.T, got any)
}

func runWireCases(t *testing.T, cases []wireCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, mock := setup(t)
			answer := respond(tc.status, "")
			if tc.answer != "" {
				answer = respondFixture(t, tc.status, tc.answer)
			}
			rec := on(t, mock, tc.method, "/api/v2/"+tc.path, answer)
			got, err := tc.call(context.Background(), c.Tickets)
			if err != nil {
				t.Fatalf("err = %v", err)
			}
			if n := mock.GetTotalCallCount(); n != 1 {
				t.Fatalf("%d requests, want 1", n)
			}
			req := rec.last(t)
			wantQuery(t, req.URL, tc.query)
			if tc.body == "" {
				if len(req.Body) != 0 {
					t.Errorf("body = %s, want none", req.Body)
				}
			} else {
				wantJSON(t, req.Body, tc.body)
				if ct := req.Header.Get("Content-Type"); ct != "application/json" {
					t.Errorf("Content-Type = %q", ct)
				}
			}
			if tc.check != nil {
				tc.check(t, got)
			}
		})
	}
}

// wantTicketIDs fails unless the tickets have exactly the ids want, in that order.
func wantTicketIDs(t *testing.T, tickets []Ticket, want ...int64) {
	t.Helper()
	got := make([]int64, len(tickets))
	for i, tk := range tickets {
		got[i] = tk.ID
	}
	if !slices.Equal(got, want) {
		t.Errorf("ticket ids = %v, want %v", got, want)
	}
}

// checkPage checks a page decoded from tickets_page.json.
func checkPage(t *testing.T, got any) {
	t.Helper()
	p := got.(*Page[Ticket])
	wantTicketIDs(t, p.Items, 35436, 35438, 35439)
	if !p.HasMore || p.AfterCursor != "eyJvIjoibmljZV9pZCIsInYiOiJhUUVBQUFBQUFBQUEifQ==" || p.BeforeCursor == "" {
		t.Errorf("page meta = %v %q %q", p.HasMore, p.AfterCursor, p.BeforeCursor)
	}
	if p.Items[0].Subject != "Help, my printer is on fire!" || p.Items[0].Via.Channel != "email" {
		t.Errorf("first ticket = %+v", p.Items[0])
	}
}

// checkJob returns a check that the job status has the given id and is queued.
func checkJob(id string) func(*testing.T, any) {
	return func(t *testing.T, got any) {
		t.Helper()
		js := got.(*JobStatus)
		if js == nil || js.ID != id || js.Status != JobQueued || js.Results != nil || js.Done() {
			t.Errorf("job = %+v, want queued %s", js, id)
		}
	}
}

func TestTicketListsOnTheWire(t *testing.T) {
	opts := &ListOptions{PageSize: 3}
	runWireCases(t, []wireCase{
		{name: "List", method: "GET", path: "tickets.json", query: "page[size]=3", status: 200, answer: "tickets_page.json",
			call:  func(ctx context.Context, s *TicketsService) (any, error) { return s.List(ctx, opts) },
			check: checkPage},
		{name: "List sorted", method: "GET", path: "tickets.json", query: "page[size]=100&sort=-updated_at", status: 200, answer: "tickets_page.json",
			call: func(ctx context.Context, s *TicketsService) (any, error) {
				return s.List(ctx, &ListOptions{SortBy: "updated_at", SortOrder: "desc"})
			}},
		{name: "ListByExternalID", method: "GET", path: "tickets.json", query: "external_id=order+88121%2Fa%26b&page[size]=3", status: 200, answer: "tickets_page.json",
			call: func(ctx context.Context, s *TicketsService) (any, error) {
				return s.ListByExternalID(ctx, "order 88121/a&b", opts)
			},
			check: checkPage},
		{name: "ListByOrganization", method: "GET", path: "organizations/509974/tickets.json", query: "page[size]=3", status: 200, answer: "tickets_page.json",
			call: func(ctx context.Context, s *TicketsService) (any, error) {
				return s.ListByOrganization(ctx, 509974, opts)
			},
			check: checkPage},
		{name: "ListRequested", method: "GET", path: "users/20978392/tickets/requested.json", query: "page[size]=3", status: 200, answer: "tickets_page.json",
			call:  func(ctx context.Context, s *TicketsService) (any, error) { return s.ListRequested(ctx, 20978392, opts) },
			check: checkPage},
		{name: "ListCCd", method: "GET", path: "users/234/tickets/ccd.json", query: "page[size]=3", status: 200, answer: "tickets_page.json",
			call:  func(ctx context.Context, s *TicketsService) (any, error) { return s.ListCCd(ctx, 234, opts) },
			check: checkPage},
		{name: "ListAssigned", method: "GET", path: "users/235323/tickets/assigned.json", query: "page[size]=3", status: 200, answer: "tickets_page.json",
			call:  func(ctx context.Context, s *TicketsService) (any, error) { return s.ListAssigned(ctx, 235323, opts) },
			check: checkPage},
		{name: "ListRecent", method: "GET", path: "tickets/recent.json", query: "page[size]=100", status: 200, answer: "tickets_page.json",
			call: func(ctx context.Context, s *TicketsService) (any, error) { return s.ListRecent(ctx, nil) }},
		{name: "ListIncidents", method: "GET", path: "tickets/35440/incidents.json", query: "page[size]=100", status: 200, answer: "tickets_incidents.json",
			call: func(ctx context.Context, s *TicketsService) (any, error) { return s.ListIncidents(ctx, 35440, nil) },
			check: func(t *testing.T, got any) {
				p := got.(*Page[Ticket])
				wantTicketIDs(t, p.Items, 35451, 35452)
				if p.HasMore || p.Items[0].ProblemID != 35440 || p.Items[1].Status != StatusPending {
					t.Errorf("page = %+v", p)
				}
			}},
	})
}

func TestTicketReadsOnTheWire(t *testing.T) {
	runWireCases(t, []wireCase{
		{name: "Get", method: "GET", path: "tickets/35436.json", status: 200, answer: "ticket.json",
			call: func(ctx context.Context, s *TicketsService) (any, error) { return s.Get(ctx, 35436) },
			check: func(t *testing.T, got any) {
				if want := decodeTicket(t, "ticket.json"); !reflect.DeepEqual(*got.(*Ticket), want) {
					t.Errorf("ticket = %+v", got)
				}
			}},
		{name: "GetMany", method: "GET", path: "tickets/show_many.json", query: "ids=35436,35999,35439", status: 200, answer: "tickets_show_many.json",
			call: func(ctx context.Context, s *TicketsService) (any, error) {
				return s.GetMany(ctx, []int64{35436, 35999, 35439})
			},
			check: func(t *testing.T, got any) { wantTicketIDs(t, got.([]Ticket), 35436, 35439) }},
		{name: "Related", method: "GET", path: "tickets/35436/related.json", status: 200, answer: "ticket_related.json",
			call: func(ctx context.Context, s *TicketsService) (any, error) { return s.Related(ctx, 35436) },
			check: func(t *testing.T, got any) {
				want := &TicketRelated{JiraIssueIDs: []string{"10432", "OPS-77"}, FollowupSourceIDs: []int64{35001, 35002}, Incidents: 7}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("related = %+v", got)
				}
			}},
	})
}

func TestTicketWritesOnTheWire(t *testing.T) {
	runWireCases(t, []wireCase{
		{name: "Create", method: "POST", path: "tickets.json", status: 201, answer: "ticket_create.json",
			body: `{"ticket":{"subject":"My printer is on fire!","comment":{"body":"The smoke is very colorful."},"priority":"urgent"}}`,
			call: func(ctx context.Context, s *TicketsService) (any, error) {
				tk, a, err := s.Create(ctx, &TicketRequest{Subject: Set("My printer is on fire!"),
					Comment: &Comment{Body: "The smoke is very colorful."}, Priority: Set(PriorityUrgent)})
				return created{tk, a}, err
			},
			check: func(t *testing.T, got any) {
				c := got.(created)
				if c.Ticket.ID != 35440 || c.Ticket.Priority != PriorityUrgent || c.Audit == nil ||
					c.Audit.TicketID != 35440 || c.Audit.Events[0].Type != "Comment" {
					t.Errorf("create = %+v / %+v", c.Ticket, c.Audit)
				}
			}},
		{name: "CreateMany", method: "POST", path: "tickets/create_many.json", status: 200, answer: "job_status_queued.json",
			body: `{"tickets":[{"subject":"My printer is on fire!","comment":{"body":"The smoke is very colorful."},"priority":"urgent"},
				{"subject":"Help","comment":{"body":"This is a comment"},"priority":"normal"}]}`,
			call: func(ctx context.Context, s *TicketsService) (any, error) {
				return s.CreateMany(ctx, []TicketRequest{
					{ID: 99, Subject: Set("My printer is on fire!"), Comment: &Comment{Body: "The smoke is very colorful."}, Priority: Set(PriorityUrgent)},
					{Subject: Set("Help"), Comment: &Comment{Body: "This is a comment"}, Priority: Set(PriorityNormal)},
				})
			},
			check: checkJob("V3-8b6f2c5e1d0a4f7b9c3e2a1d5f6b7c8d")},
		{name: "Update", method: "PUT", path: "tickets/35436.json", status: 200, answer: "ticket_update.json",
			body: `{"ticket":{"status":"solved","comment":{"public":true,"body":"Thanks, this is now solved!"}}}`,
			call: func(ctx context.Context, s *TicketsService) (any, error) {
				tk, a, err := s.Update(ctx, 35436, &TicketRequest{Status: Set(StatusSolved),
					Comment: &Comment{Body: "Thanks, this is now solved!", Public: Set(true)}})
				return created{tk, a}, err
			},
			check: func(t *testing.T, got any) {
				c := got.(created)
				if c.Ticket.Status != StatusSolved || c.Ticket.AssigneeID != 0 || c.Audit.ID != 1020051201 ||
					len(c.Audit.Events) != 4 || c.Audit.Events[1].Value != "solved" {
					t.Errorf("update = %+v / %+v", c.Ticket, c.Audit)
				}
			}},
		{name: "UpdateMany", method: "PUT", path: "tickets/update_many.json", query: "ids=1,2,3", status: 200, answer: "job_status_update_queued.json",
			body: `{"ticket":{"status":"solved"}}`,
			call: func(ctx context.Context, s *TicketsService) (any, error) {
				return s.UpdateMany(ctx, []int64{1, 2, 3}, &TicketRequest{Status: Set(StatusSolved)})
			},
			check: checkJob("V3-2f9d0c1b7a6e45d3b8c9a0e1f2d3c4b5")},
		{name: "UpdateManyEach", method: "PUT", path: "tickets/update_many.json", status: 200, answer: "job_status_update_queued.json",
			body: `{"tickets":[{"id":1,"status":"solved"},{"id":2,"status":"pending"}]}`,
			call: func(ctx context.Context, s *TicketsService) (any, error) {
				return s.UpdateManyEach(ctx, []TicketRequest{{ID: 1, Status: Set(StatusSolved)}, {ID: 2, Status: Set(StatusPending)}})
			},
			check: checkJob("V3-2f9d0c1b7a6e45d3b8c9a0e1f2d3c4b5")},
		{name: "MarkAsSpam", method: "PUT", path: "tickets/35436/mark_as_spam.json", status: 200, body: `{}`,
			call: func(ctx context.Context, s *TicketsService) (any, error) { return nil, s.MarkAsSpam(ctx, 35436) }},
		{name: "MarkManyAsSpam", method: "PUT", path: "tickets/mark_many_as_spam.json", query: "ids=1,2,3", status: 200, body: `{}`,
			answer: "job_status_spam_queued.json",
			call: func(ctx context.Context, s *TicketsService) (any, error) {
				return s.MarkManyAsSpam(ctx, []int64{1, 2, 3})
			},
			check: checkJob("V3-7c6b5a4f3e2d41c0b9a8f7e6d5c4b3a2")},
		{name: "Merge", method: "POST", path: "tickets/111/merge.json", status: 200, answer: "job_status_merge_queued.json",
			body: `{"ids":[123,456,789],"source_comment":"Closing in favor of #111","target_comment":"Combining with #123, #456, #789"}`,
			call: func(ctx context.Context, s *TicketsService) (any, error) {
				return s.Merge(ctx, 111, &MergeRequest{IDs: []int64{123, 456, 789},
					SourceComment: "Closing in favor of #111", TargetComment: "Combining with #123, #456, #789"})
			},
			check: checkJob("V3-9e8d7c6b5a4f43e2d1c0b9a8f7e6d5c4")},
		{name: "Merge with comment privacy", method: "POST", path: "tickets/111/merge.json", status: 200, answer: "job_status_merge_queued.json",
			body: `{"ids":[123],"source_comment":"Closing in favor of #111","target_comment":"Combining with #123",
				"source_comment_is_public":false,"target_comment_is_public":true}`,
			call: func(ctx context.Context, s *TicketsService) (any, error) {
				return s.Merge(ctx, 111, &MergeRequest{IDs: []int64{123},
					SourceComment: "Closing in favor of #111", TargetComment: "Combining with #123",
					SourceCommentIsPublic: Set(false), TargetCommentIsPublic: Set(true)})
			}},
		{name: "Delete 204", method: "DELETE", path: "tickets/35436.json", status: 204,
			call: func(ctx context.Context, s *TicketsService) (any, error) { return nil, s.Delete(ctx, 35436) }},
		{name: "Delete 200", method: "DELETE", path: "tickets/35436.json", status: 200,
			call: func(ctx context.Context, s *TicketsService) (any, error) { return nil, s.Delete(ctx, 35436) }},
		{name: "DeleteMany", method: "DELETE", path: "tickets/destroy_many.json", query: "ids=1,2,3", status: 200, answer: "job_status_delete_queued.json",
			call:  func(ctx context.Context, s *TicketsService) (any, error) { return s.DeleteMany(ctx, []int64{1, 2, 3}) },
			check: checkJob("V3-3a4b5c6d7e8f40a1b2c3d4e5f6a7b8c9")},
		{name: "DeleteMany empty 200", method: "DELETE", path: "tickets/destroy_many.json", query: "ids=1,2,3", status: 200,
			call: func(ctx context.Context, s *TicketsService) (any, error) { return s.DeleteMany(ctx, []int64{1, 2, 3}) },
			// Never a nil job with a nil error (issue 12, item 21): an empty 200 is a job with
			// nothing to wait for.
			check: func(t *testing.T, got any) {
				js := got.(*JobStatus)
				if js == nil || js.ID != "" || js.Status != JobCompleted || js.Total != 3 || !js.Done() {
					t.Errorf("job = %+v, want an id-less completed job of 3", js)
				}
			}},
	})
}

// TestCreateSeedExamples sends the seed documentation's create examples.
func TestCreateSeedExamples(t *testing.T) {
	due := time.Date(2026, 3, 10, 12, 0, 0, 0, time.FixedZone("CET", 3600))
	tests := []struct {
		name string
		req  TicketRequest
		want string
	}{
		{"as a customer, from a web form",
			TicketRequest{Requester: &Requester{Name: "The Customer", Email: "thecustomer@domain.com"},
				Subject: Set("My printer is on fire!"), Comment: &Comment{Body: "The smoke is very colorful."}},
			`{"ticket": {"requester": {"name": "The Customer", "email": "thecustomer@domain.com"}, "subject": "My printer is on fire!", "comment": { "body": "The smoke is very colorful." }}}`},
		{"on behalf of a customer",
			TicketRequest{Requester: &Requester{Name: "The Customer", Email: "thecustomer@domain.com"}, SubmitterID: Set[int64](410989),
				Subject: Set("My printer is on fire!"), Comment: &Comment{Body: "The smoke is very colorful."}},
			`{"ticket": {"requester": {"name": "The Customer", "email": "thecustomer@domain.com"}, "submitter_id": 410989, "subject": "My printer is on fire!", "comment": { "body": "The smoke is very colorful." }}}`},
		{"with a new requester",
			TicketRequest{Subject: Set("Hello"), Comment: &Comment{Body: "Some question"},
				Requester: &Requester{LocaleID: 8, Name: "Pablo", Email: "pablito@example.org"}},
			`{"ticket": {"subject": "Hello", "comment": { "body": "Some question" }, "requester": { "locale_id": 8, "name": "Pablo", "email": "pablito@example.org" }}}`},
		{"follow-up of a closed ticket",
			TicketRequest{ViaFollowupSourceID: Set[int64](103), Comment: &Comment{Body: "My printer is still too hot!"}},
			`{"ticket": {"via_followup_source_id": 103, "comment": {"body": "My printer is still too hot!"}}}`},
		{"custom fields of several types",
			TicketRequest{Subject: Set("Hello"), Comment: &Comment{Body: "Some question"}, CustomFields: []CustomField{
				{ID: 34, Value: "I need help!"}, {ID: 21938362, Value: "hd_3000"}, {ID: 25356371, Value: 745},
				{ID: 25356372, Value: 12.5}, {ID: 25356373, Value: true}, {ID: 25356374, Value: []string{"red", "blue"}},
				{ID: 25356375, Value: nil}}},
			`{"ticket": {"subject": "Hello", "comment": { "body": "Some question" }, "custom_fields": [{ "id": 34, "value": "I need help!" },
				{"id": 21938362, "value": "hd_3000"}, {"id": 25356371, "value": 745}, {"id": 25356372, "value": 12.5},
				{"id": 25356373, "value": true}, {"id": 25356374, "value": ["red", "blue"]}, {"id": 25356375, "value": null}]}}`},
		{"collaborator ids",
			TicketRequest{Comment: &Comment{Body: "cc"}, CollaboratorIDs: Set([]int64{562624, 624562, 243642})},
			`{"ticket": {"comment": {"body": "cc"}, "collaborator_ids": [562624, 624562, 243642]}}`},
		{"collaborators in all three forms",
			TicketRequest{Comment: &Comment{Body: "cc"}, Collaborators: Set([]Collaborator{CollaboratorID(562),
				CollaboratorEmail("someone@example.com"), NewCollaborator("Someone Else", "else@example.com")})},
			`{"ticket": {"comment": {"body": "cc"}, "collaborators": [ 562, "someone@example.com", { "name": "Someone Else", "email": "else@example.com" } ]}}`},
		{"metadata",
			TicketRequest{Metadata: map[string]any{"time_spent": "4m12s", "account": "integrations"},
				Comment: &Comment{Body: "Please press play on tape now"}, Status: Set(StatusPending)},
			`{"ticket": {"metadata": { "time_spent": "4m12s", "account": "integrations" }, "comment":  { "body": "Please press play on tape now" }, "status": "pending"}}`},
		{"uploads",
			TicketRequest{Comment: &Comment{Body: "Please press play on tape now", Uploads: []string{"vz7ll9ud8oofowy"}}},
			`{"ticket": {"comment":  { "body": "Please press play on tape now", "uploads":  ["vz7ll9ud8oofowy"] }}}`},
		{"a task with every id field",
			TicketRequest{Comment: &Comment{HTMLBody: "<p>Call back</p>", Public: Set(false), AuthorID: 76872},
				Type: Set(TypeTask), DueAt: Set(due), RequesterID: Set[int64](20978392), AssigneeID: Set[int64](235323),
				GroupID: Set[int64](98738), OrganizationID: Set[int64](509974), ExternalID: Set("order-88121"),
				Tags: Set([]string{"callback"}), TicketFormID: Set[int64](360000094652), BrandID: Set[int64](360001128151),
				ProblemID: Set[int64](9873764), ForumTopicID: Set[int64](72648221), CustomStatusID: Set[int64](3612009),
				EmailCCIDs: Set([]int64{234}), FollowerIDs: Set([]int64{35334}), RawSubject: Set("{{dc.callback}}")},
			`{"ticket": {"comment": {"html_body": "<p>Call back</p>", "public": false, "author_id": 76872}, "type": "task",
				"due_at": "2026-03-10T11:00:00Z", "requester_id": 20978392, "assignee_id": 235323, "group_id": 98738,
				"organization_id": 509974, "external_id": "order-88121", "tags": ["callback"], "ticket_form_id": 360000094652,
				"brand_id": 360001128151, "problem_id": 9873764, "forum_topic_id": 72648221, "custom_status_id": 3612009,
				"email_cc_ids": [234], "follower_ids": [35334], "raw_subject": "{{dc.callback}}"}}`},
		{"an ID is never sent",
			TicketRequest{ID: 35436, Subject: Set("x"), Comment: &Comment{Body: "y"}},
			`{"ticket": {"subject": "x", "comment": {"body": "y"}}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mock := setup(t)
			rec := on(t, mock, "POST", "/api/v2/tickets.json", respondFixture(t, 201, "ticket_create.json"))
			req := tt.req
			if _, _, err := c.Tickets.Create(context.Background(), &req); err != nil {
				t.Fatal(err)
			}
			wantJSON(t, rec.last(t).Body, tt.want)
			if !reflect.DeepEqual(req, tt.req) {
				t.Error("Create changed the caller's request")
			}
		})
	}
}

// TestUpdateSeedExamples sends the seed documentation's update examples and the three states
// of a field: set, cleared, left alone.
func TestUpdateSeedExamples(t *testing.T) {
	stamp := time.Date(2026, 3, 4, 17, 2, 11, 500_000_000, time.UTC)
	tests := []struct {
		name string
		req  TicketRequest
		want string
	}{
		{"solve with a public comment",
			TicketRequest{Comment: &Comment{Body: "Thanks for choosing Acme Jet Motors.", Public: Set(true)}, Status: Set(StatusSolved)},
			`{"ticket": {"comment": { "body": "Thanks for choosing Acme Jet Motors.", "public": true }, "status": "solved"}}`},
		{"safe update with updated_stamp",
			TicketRequest{Subject: Set("New subject"), SafeUpdate: Set(true), UpdatedStamp: Set(stamp)},
			`{"ticket": {"subject": "New subject", "safe_update": true, "updated_stamp": "2026-03-04T17:02:11Z"}}`},
		{"clear the assignee, leave the rest",
			TicketRequest{AssigneeID: Null[int64]()},
			`{"ticket": {"assignee_id": null}}`},
		{"clear all tags",
			TicketRequest{Tags: Set([]string{})},
			`{"ticket": {"tags": []}}`},
		{"set, clear and leave in one update",
			TicketRequest{Priority: Set(PriorityLow), GroupID: Null[int64](), DueAt: Null[time.Time](), AssigneeEmail: Set("agent@acme.test")},
			`{"ticket": {"priority": "low", "group_id": null, "due_at": null, "assignee_email": "agent@acme.test"}}`},
		{"replace collaborators",
			TicketRequest{Collaborators: Set([]Collaborator{CollaboratorID(562), CollaboratorEmail("someone@example.com")})},
			`{"ticket": {"collaborators": [562, "someone@example.com"]}}`},
		{"comment with uploads and metadata",
			TicketRequest{Comment: &Comment{Body: "Logs attached", Uploads: []string{"vz7ll9ud8oofowy", "6bk3gql82em5nmf"}},
				Metadata: map[string]any{"time_spent": "4m12s"}},
			`{"ticket": {"comment": {"body": "Logs attached", "uploads": ["vz7ll9ud8oofowy", "6bk3gql82em5nmf"]}, "metadata": {"time_spent": "4m12s"}}}`},
		{"the read-only id stays out of the body",
			TicketRequest{ID: 35436, Status: Set(StatusOpen)},
			`{"ticket": {"status": "open"}}`},
		{"an empty request sends an empty ticket",
			TicketRequest{},
			`{"ticket": {}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mock := setup(t)
			rec := on(t, mock, "PUT", "/api/v2/tickets/35436.json", respondFixture(t, 200, "ticket_update.json"))
			req := tt.req
			if _, _, err := c.Tickets.Update(context.Background(), 35436, &req); err != nil {
				t.Fatal(err)
			}
			wantJSON(t, rec.last(t).Body, tt.want)
			if req.ID != tt.req.ID {
				t.Error("Update changed the caller's request")
			}
		})
	}
}

func TestUpdateManyForms(t *testing.T) {
	t.Run("same change, tags added and removed", func(t *testing.T) {
		c, mock := setup(t)
		rec := on(t, mock, "PUT", "/api/v2/tickets/update_many.json", respondFixture(t, 200, "job_status_update_queued.json"))
		_, err := c.Tickets.UpdateMany(context.Background(), []int64{35436, 35438},
			&TicketRequest{ID: 7, AdditionalTags: Set([]string{"urgent"}), RemoveTags: Set([]string{"later"}), AssigneeID: Null[int64]()})
		if err != nil {
			t.Fatal(err)
		}
		got := rec.last(t)
		if got.URL.RawQuery != "ids=35436,35438" {
			t.Errorf("raw query = %q", got.URL.RawQuery)
		}
		wantJSON(t, got.Body, `{"ticket": {"additional_tags": ["urgent"], "remove_tags": ["later"], "assignee_id": null}}`)
	})
	t.Run("each its own", func(t *testing.T) {
		c, mock := setup(t)
		rec := on(t, mock, "PUT", "/api/v2/tickets/update_many.json", respondFixture(t, 200, "job_status_update_queued.json"))
		_, err := c.Tickets.UpdateManyEach(context.Background(), []TicketRequest{
			{ID: 1, Status: Set(StatusSolved), Comment: &Comment{Body: "Fixed", Public: Set(true)}},
			{ID: 2, AssigneeID: Null[int64](), Tags: Set([]string{})},
		})
		if err != nil {
			t.Fatal(err)
		}
		got := rec.last(t)
		wantQuery(t, got.URL, "")
		wantJSON(t, got.Body, `{"tickets": [{"id": 1, "status": "solved", "comment": {"body": "Fixed", "public": true}},
			{"id": 2, "assignee_id": null, "tags": []}]}`)
	})
}

func TestUpdateConflictMatchesErrConflict(t *testing.T) {
	c, mock := setup(t)
	on(t, mock, "PUT", "/api/v2/tickets/35436.json", respondFixture(t, 409, "error_update_conflict.json"))
	tk, a, err := c.Tickets.Update(context.Background(), 35436,
		&TicketRequest{Status: Set(StatusSolved), SafeUpdate: Set(true), UpdatedStamp: Set(time.Now())})
	var apiErr *APIError
	if !errors.Is(err, ErrConflict) || !errors.As(err, &apiErr) || apiErr.Code != "UpdateConflict" {
		t.Fatalf("err = %v, want a 409 UpdateConflict", err)
	}
	if tk != nil || a != nil {
		t.Error("a failed update returned a ticket or audit")
	}
}

func TestCreateIdempotencyKey(t *testing.T) {
	req := &TicketRequest{Subject: Set("Help"), Comment: &Comment{Body: "Printer on fire"}}

	t.Run("random per call", func(t *testing.T) {
		c, mock := setup(t)
		rec := on(t, mock, "POST", "/api/v2/tickets.json", respondFixture(t, 201, "ticket_create.json"))
		for range 2 {
			if _, _, err := c.Tickets.Create(context.Background(), req); err != nil {
				t.Fatal(err)
			}
		}
		reqs := rec.all()
		k1, k2 := reqs[0].Header.Get("Idempotency-Key"), reqs[1].Header.Get("Idempotency-Key")
		if len(k1) < 16 || len(k2) < 16 || k1 == k2 {
			t.Errorf("keys %q and %q: want two different random keys", k1, k2)
		}
	})
	t.Run("the caller's key", func(t *testing.T) {
		c, mock := setup(t)
		rec := on(t, mock, "POST", "/api/v2/tickets.json", respondFixture(t, 201, "ticket_create.json"))
		ctx := ContextWithIdempotencyKey(context.Background(), "order-88121-create")
		if _, _, err := c.Tickets.Create(ctx, req); err != nil {
			t.Fatal(err)
		}
		if k := rec.last(t).Header.Get("Idempotency-Key"); k != "order-88121-create" {
			t.Errorf("Idempotency-Key = %q", k)
		}
	})
	t.Run("an empty or bad caller key is refused", func(t *testing.T) {
		for _, key := range []string{"", "two words", strings.Repeat("k", 256)} {
			c, mock := setup(t)
			ctx := ContextWithIdempotencyKey(context.Background(), key)
			if _, _, err := c.Tickets.Create(ctx, req); !errors.Is(err, ErrInvalid) || mock.GetTotalCallCount() != 0 {
				t.Errorf("key %q: err = %v, %d requests", key, err, mock.GetTotalCallCount())
			}
		}
	})
	t.Run("a 5xx is retried with the same key and body", func(t *testing.T) {
		c, mock := setup(t)
		// The 201 comes without a Location header: the body is all Create needs.
		rec := on(t, mock, "POST", "/api/v2/tickets.json", respond(500, `{"error":"InternalServerError"}`),
			respond(502, "<html>Bad gateway</html>", "Content-Type", "text/html"), respondFixture(t, 201, "ticket_create.json"))
		tk, _, err := c.Tickets.Create(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		if tk.ID != 35440 {
			t.Errorf("ticket id = %d", tk.ID)
		}
		reqs := rec.all()
		if len(reqs) != 3 {
			t.Fatalf("%d requests, want 3", len(reqs))
		}
		key := reqs[0].Header.Get("Idempotency-Key")
		for i, r := range reqs {
			if k := r.Header.Get("Idempotency-Key"); k == "" || k != key {
				t.Errorf("request %d: Idempotency-Key = %q, want %q", i, k, key)
			}
			wantJSON(t, r.Body, `{"ticket": {"subject": "Help", "comment": {"body": "Printer on fire"}}}`)
		}
	})
	t.Run("bulk writes without a key are not retried after a 5xx", func(t *testing.T) {
		c, mock := setup(t)
		rec := on(t, mock, "POST", "/api/v2/tickets/create_many.json", respond(500, ""), respondFixture(t, 200, "job_status_queued.json"))
		if _, err := c.Tickets.CreateMany(context.Background(), []TicketRequest{*req}); err == nil {
			t.Fatal("want the 500")
		}
		if rec.count() != 1 || rec.last(t).Header.Get("Idempotency-Key") != "" {
			t.Errorf("%d requests, key %q", rec.count(), rec.last(t).Header.Get("Idempotency-Key"))
		}
	})
}

func TestGetManySplitsAndKeepsTheOrderAsked(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", "/api/v2/tickets/show_many.json", func(req *http.Request) (*http.Response, error) {
		var b strings.Builder
		b.WriteString(`{"tickets":[`)
		ids := strings.Split(req.URL.Query().Get("ids"), ",")
		n := 0
		for i := len(ids) - 1; i >= 0; i-- { // the server's order is not the order asked
			id, _ := strconv.ParseInt(ids[i], 10, 64)
			if id%7 == 0 { // deleted or archived: not returned
				continue
			}
			if n > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"id":%d,"subject":"ticket %d","status":"open"}`, id, id)
			n++
		}
		b.WriteString(`],"next_page":null,"previous_page":null,"count":` + strconv.Itoa(n) + `}`)
		return respond(200, b.String())(req)
	})
	ids := make([]int64, 250)
	for i := range ids {
		ids[i] = int64(1000 + 3*(250-i)) // descending, so sorting would show
	}
	got, err := c.Tickets.GetMany(context.Background(), ids)
	if err != nil {
		t.Fatal(err)
	}
	reqs := rec.all()
	var sizes []int
	for _, r := range reqs {
		sizes = append(sizes, len(strings.Split(r.URL.Query().Get("ids"), ",")))
		if strings.Contains(r.URL.RawQuery, "%2C") {
			t.Errorf("commas escaped: %s", r.URL.RawQuery)
		}
	}
	if !slices.Equal(sizes, []int{100, 100, 50}) {
		t.Errorf("request sizes = %v, want [100 100 50]", sizes)
	}
	var want []int64
	for _, id := range ids {
		if id%7 != 0 {
			want = append(want, id)
		}
	}
	wantTicketIDs(t, got, want...)
	if got[0].Subject != fmt.Sprintf("ticket %d", want[0]) {
		t.Errorf("first ticket = %+v", got[0])
	}
}

func TestGetManyDuplicatesAskedOnce(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", "/api/v2/tickets/show_many.json", respondFixture(t, 200, "tickets_show_many.json"))
	got, err := c.Tickets.GetMany(context.Background(), []int64{35439, 35436, 35439, 35436})
	if err != nil {
		t.Fatal(err)
	}
	wantQuery(t, rec.last(t).URL, "ids=35439,35436")
	wantTicketIDs(t, got, 35439, 35436)
}

func TestGetManyFailsAsAWhole(t *testing.T) {
	c, mock := setup(t)
	on(t, mock, "GET", "/api/v2/tickets/show_many.json",
		respond(200, `{"tickets":[{"id":1}]}`), respond(400, `{"error":"TooManyValues","description":"too many","max_count":100}`))
	ids := make([]int64, 101)
	for i := range ids {
		ids[i] = int64(i + 1)
	}
	got, err := c.Tickets.GetMany(context.Background(), ids)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Code != "TooManyValues" || !errors.Is(err, ErrInvalid) || got != nil {
		t.Fatalf("got %v, err = %v", got, err)
	}
}

// TestTicketsRefuseBadInput: every refusal is ErrInvalid, and nothing is sent.
func TestTicketsRefuseBadInput(t *testing.T) {
	seq := func(n int) []int64 {
		ids := make([]int64, n)
		for i := range ids {
			ids[i] = int64(i + 1)
		}
		return ids
	}
	reqs := func(n int, withID bool) []TicketRequest {
		out := make([]TicketRequest, n)
		for i := range out {
			out[i].Comment = &Comment{Body: "b"}
			if withID {
				out[i].ID = int64(i + 1)
			}
		}
		return out
	}
	req := &TicketRequest{Status: Set(StatusOpen)}
	bad := &ListOptions{PageSize: 101}
	ctx := context.Background()
	type call func(s *TicketsService) error
	one := func(f func(*TicketsService) (any, error)) call {
		return func(s *TicketsService) error { _, err := f(s); return err }
	}
	drain := func(f func(*TicketsService) func(func(Ticket, error) bool)) call {
		return func(s *TicketsService) error {
			var first error
			for _, err := range f(s) {
				if first == nil {
					first = err
				}
			}
			return first
		}
	}
	tests := []struct {
		name string
		call call
	}{
		{"List page size", one(func(s *TicketsService) (any, error) { return s.List(ctx, bad) })},
		{"ListAll page size", drain(func(s *TicketsService) func(func(Ticket, error) bool) { return s.ListAll(ctx, bad) })},
		{"ListRecent page size", one(func(s *TicketsService) (any, error) { return s.ListRecent(ctx, bad) })},
		{"ListByExternalID empty", one(func(s *TicketsService) (any, error) { return s.ListByExternalID(ctx, "", nil) })},
		{"ListByExternalIDAll empty", drain(func(s *TicketsService) func(func(Ticket, error) bool) { return s.ListByExternalIDAll(ctx, "", nil) })},
		{"ListByOrganization zero", one(func(s *TicketsService) (any, error) { return s.ListByOrganization(ctx, 0, nil) })},
		{"ListByOrganizationAll negative", drain(func(s *TicketsService) func(func(Ticket, error) bool) { return s.ListByOrganizationAll(ctx, -1, nil) })},
		{"ListRequested zero", one(func(s *TicketsService) (any, error) { return s.ListRequested(ctx, 0, nil) })},
		{"ListRequestedAll zero", drain(func(s *TicketsService) func(func(Ticket, error) bool) { return s.ListRequestedAll(ctx, 0, nil) })},
		{"ListCCd negative", one(func(s *TicketsService) (any, error) { return s.ListCCd(ctx, -5, nil) })},
		{"ListCCdAll zero", drain(func(s *TicketsService) func(func(Ticket, error) bool) { return s.ListCCdAll(ctx, 0, nil) })},
		{"ListAssigned zero", one(func(s *TicketsService) (any, error) { return s.ListAssigned(ctx, 0, nil) })},
		{"ListAssignedAll zero", drain(func(s *TicketsService) func(func(Ticket, error) bool) { return s.ListAssignedAll(ctx, 0, nil) })},
		{"ListIncidents zero", one(func(s *TicketsService) (any, error) { return s.ListIncidents(ctx, 0, nil) })},
		{"ListIncidentsAll zero", drain(func(s *TicketsService) func(func(Ticket, error) bool) { return s.ListIncidentsAll(ctx, 0, nil) })},
		{"ListIncidents page size", one(func(s *TicketsService) (any, error) { return s.ListIncidents(ctx, 1, bad) })},
		{"Get zero", one(func(s *TicketsService) (any, error) { return s.Get(ctx, 0) })},
		{"Get negative", one(func(s *TicketsService) (any, error) { return s.Get(ctx, -1) })},
		{"GetMany empty", one(func(s *TicketsService) (any, error) { return s.GetMany(ctx, nil) })},
		{"GetMany zero id", one(func(s *TicketsService) (any, error) { return s.GetMany(ctx, []int64{1, 0}) })},
		{"GetMany negative id among 250", one(func(s *TicketsService) (any, error) { return s.GetMany(ctx, append(seq(249), -1)) })},
		{"Create nil", one(func(s *TicketsService) (any, error) { tk, _, err := s.Create(ctx, nil); return tk, err })},
		{"Create nil context", one(func(s *TicketsService) (any, error) {
			//lint:ignore SA1012 the nil context is the point
			tk, _, err := s.Create(nil, req)
			return tk, err
		})},
		{"CreateMany empty", one(func(s *TicketsService) (any, error) { return s.CreateMany(ctx, nil) })},
		{"CreateMany 101", one(func(s *TicketsService) (any, error) { return s.CreateMany(ctx, reqs(101, false)) })},
		{"Update zero id", one(func(s *TicketsService) (any, error) { tk, _, err := s.Update(ctx, 0, req); return tk, err })},
		{"Update nil", one(func(s *TicketsService) (any, error) { tk, _, err := s.Update(ctx, 1, nil); return tk, err })},
		{"UpdateMany empty", one(func(s *TicketsService) (any, error) { return s.UpdateMany(ctx, []int64{}, req) })},
		{"UpdateMany 101", one(func(s *TicketsService) (any, error) { return s.UpdateMany(ctx, seq(101), req) })},
		{"UpdateMany zero id", one(func(s *TicketsService) (any, error) { return s.UpdateMany(ctx, []int64{1, 0}, req) })},
		{"UpdateMany nil", one(func(s *TicketsService) (any, error) { return s.UpdateMany(ctx, seq(2), nil) })},
		{"UpdateManyEach empty", one(func(s *TicketsService) (any, error) { return s.UpdateManyEach(ctx, nil) })},
		{"UpdateManyEach 101", one(func(s *TicketsService) (any, error) { return s.UpdateManyEach(ctx, reqs(101, true)) })},
		{"UpdateManyEach entry without ID", one(func(s *TicketsService) (any, error) {
			return s.UpdateManyEach(ctx, append(reqs(3, true), TicketRequest{Status: Set(StatusOpen)}))
		})},
		{"UpdateManyEach negative ID", one(func(s *TicketsService) (any, error) {
			return s.UpdateManyEach(ctx, []TicketRequest{{ID: -2, Status: Set(StatusOpen)}})
		})},
		{"MarkAsSpam zero", one(func(s *TicketsService) (any, error) { return nil, s.MarkAsSpam(ctx, 0) })},
		{"MarkManyAsSpam empty", one(func(s *TicketsService) (any, error) { return s.MarkManyAsSpam(ctx, nil) })},
		{"MarkManyAsSpam 101", one(func(s *TicketsService) (any, error) { return s.MarkManyAsSpam(ctx, seq(101)) })},
		{"MarkManyAsSpam negative", one(func(s *TicketsService) (any, error) { return s.MarkManyAsSpam(ctx, []int64{-1}) })},
		{"Merge zero target", one(func(s *TicketsService) (any, error) { return s.Merge(ctx, 0, &MergeRequest{IDs: []int64{1}}) })},
		{"Merge nil", one(func(s *TicketsService) (any, error) { return s.Merge(ctx, 1, nil) })},
		{"Merge no ids", one(func(s *TicketsService) (any, error) { return s.Merge(ctx, 1, &MergeRequest{TargetComment: "x"}) })},
		{"Merge 101 ids", one(func(s *TicketsService) (any, error) { return s.Merge(ctx, 1000, &MergeRequest{IDs: seq(101)}) })},
		{"Merge zero source", one(func(s *TicketsService) (any, error) { return s.Merge(ctx, 9, &MergeRequest{IDs: []int64{2, 0}}) })},
		{"Merge into itself", one(func(s *TicketsService) (any, error) { return s.Merge(ctx, 2, &MergeRequest{IDs: []int64{1, 2, 3}}) })},
		{"Related zero", one(func(s *TicketsService) (any, error) { return s.Related(ctx, 0) })},
		{"Delete zero", one(func(s *TicketsService) (any, error) { return nil, s.Delete(ctx, 0) })},
		{"Delete negative", one(func(s *TicketsService) (any, error) { return nil, s.Delete(ctx, -35436) })},
		{"DeleteMany empty", one(func(s *TicketsService) (any, error) { return s.DeleteMany(ctx, []int64{}) })},
		{"DeleteMany 101", one(func(s *TicketsService) (any, error) { return s.DeleteMany(ctx, seq(101)) })},
		{"DeleteMany zero", one(func(s *TicketsService) (any, error) { return s.DeleteMany(ctx, []int64{0}) })},
		{"ListCollaborators zero", one(func(s *TicketsService) (any, error) { return s.ListCollaborators(ctx, 0) })},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mock := setup(t)
			err := tt.call(c.Tickets)
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("err = %v, want ErrInvalid", err)
			}
			var apiErr *APIError
			if errors.As(err, &apiErr) {
				t.Errorf("err is an *APIError: %v", err)
			}
			if n := mock.GetTotalCallCount(); n != 0 {
				t.Errorf("%d requests sent", n)
			}
		})
	}
}

func TestTicketsAtTheLimitsAreSent(t *testing.T) {
	ids := make([]int64, 100)
	tickets := make([]TicketRequest, 100)
	for i := range ids {
		ids[i] = int64(i + 1)
		tickets[i] = TicketRequest{ID: ids[i], Status: Set(StatusOpen)}
	}
	c, mock := setup(t)
	on(t, mock, "PUT", "/api/v2/tickets/update_many.json", respondFixture(t, 200, "job_status_update_queued.json"))
	on(t, mock, "POST", "/api/v2/tickets/create_many.json", respondFixture(t, 200, "job_status_queued.json"))
	on(t, mock, "DELETE", "/api/v2/tickets/destroy_many.json", respondFixture(t, 200, "job_status_delete_queued.json"))
	on(t, mock, "PUT", "/api/v2/tickets/mark_many_as_spam.json", respondFixture(t, 200, "job_status_spam_queued.json"))
	on(t, mock, "POST", "/api/v2/tickets/1000/merge.json", respondFixture(t, 200, "job_status_merge_queued.json"))
	ctx := context.Background()
	for name, err := range map[string]error{
		"UpdateMany":     second(c.Tickets.UpdateMany(ctx, ids, &TicketRequest{Status: Set(StatusOpen)})),
		"UpdateManyEach": second(c.Tickets.UpdateManyEach(ctx, tickets)),
		"CreateMany":     second(c.Tickets.CreateMany(ctx, tickets)),
		"DeleteMany":     second(c.Tickets.DeleteMany(ctx, ids)),
		"MarkManyAsSpam": second(c.Tickets.MarkManyAsSpam(ctx, ids)),
		"Merge":          second(c.Tickets.Merge(ctx, 1000, &MergeRequest{IDs: ids})),
	} {
		if err != nil {
			t.Errorf("%s with 100: %v", name, err)
		}
	}
	if n := mock.GetTotalCallCount(); n != 6 {
		t.Errorf("%d requests, want 6", n)
	}
}

func second[T any](_ T, err error) error { return err }

// TestTicketsDecodeTolerantly: what real accounts send decodes through the methods.
func TestTicketsDecodeTolerantly(t *testing.T) {
	t.Run("unknown fields and enums, ids and rating as strings", func(t *testing.T) {
		c, mock := setup(t)
		on(t, mock, "GET", "/api/v2/tickets/1201.json", respondFixture(t, 200, "ticket_odd.json"))
		tk, err := c.Tickets.Get(context.Background(), 1201)
		if err != nil {
			t.Fatal(err)
		}
		if tk.Type != "incident_report" || tk.Priority != "critical" || tk.Status != "escalated" ||
			tk.GroupID != 123 || tk.RequesterID != 20978392 || tk.SatisfactionRating.Score != "offered" ||
			tk.Via.Channel != "4" || tk.DueAt == nil || tk.BrandID != 360001128151 {
			t.Errorf("ticket = %+v", tk)
		}
	})
	t.Run("null in every nullable field", func(t *testing.T) {
		c, mock := setup(t)
		on(t, mock, "GET", "/api/v2/tickets/35437.json", respondFixture(t, 200, "ticket_nulls.json"))
		tk, err := c.Tickets.Get(context.Background(), 35437)
		if err != nil {
			t.Fatal(err)
		}
		if tk.ExternalID != "" || tk.Type != "" || tk.Priority != "" || tk.Recipient != "" || tk.AssigneeID != 0 ||
			tk.OrganizationID != 0 || tk.GroupID != 0 || tk.ForumTopicID != 0 || tk.ProblemID != 0 ||
			tk.DueAt != nil || tk.SatisfactionRating != nil || tk.CustomStatusID != 0 || tk.CustomFields[0].Value != nil {
			t.Errorf("ticket = %+v", tk)
		}
	})
	t.Run("a page of odd tickets", func(t *testing.T) {
		c, mock := setup(t)
		page := `{"tickets":[` + string(fixtureTicket(t, "ticket_odd.json")) + `,` + string(fixtureTicket(t, "ticket_nulls.json")) +
			`],"meta":{"has_more":false,"after_cursor":null,"before_cursor":null},"links":{"next":null,"prev":null}}`
		on(t, mock, "GET", "/api/v2/users/20978392/tickets/requested.json", respond(200, page))
		p, err := c.Tickets.ListRequested(context.Background(), 20978392, nil)
		if err != nil {
			t.Fatal(err)
		}
		wantTicketIDs(t, p.Items, 1201, 35437)
	})
	t.Run("job results as an object", func(t *testing.T) {
		c, mock := setup(t)
		on(t, mock, "POST", "/api/v2/tickets/111/merge.json", respondFixture(t, 200, "job_status_results_object.json"))
		js, err := c.Tickets.Merge(context.Background(), 111, &MergeRequest{IDs: []int64{123}})
		if err != nil {
			t.Fatal(err)
		}
		if !js.Done() || len(js.Results) != 1 || !js.Results[0].Success || js.Failures() != nil {
			t.Errorf("job = %+v", js)
		}
	})
	t.Run("a failed job's results", func(t *testing.T) {
		c, mock := setup(t)
		on(t, mock, "PUT", "/api/v2/tickets/update_many.json", respondFixture(t, 200, "job_status_failed.json"))
		js, err := c.Tickets.UpdateMany(context.Background(), []int64{35441, 35442, 35999}, &TicketRequest{Status: Set(StatusSolved)})
		if err != nil {
			t.Fatal(err)
		}
		if js.Status != JobFailed || len(js.Failures()) == 0 || js.Failures()[0].ID != 35442 {
			t.Errorf("job = %+v", js)
		}
	})
}

// fixtureTicket returns the ticket object of a {"ticket": …} fixture as raw JSON.
func fixtureTicket(t *testing.T, name string) []byte {
	t.Helper()
	b := fixture(t, name)
	start := strings.Index(string(b), "{\n    ")
	end := strings.LastIndex(string(b), "}")
	if start < 0 || end <= start {
		t.Fatalf("%s: no ticket object", name)
	}
	return b[start:end]
}

// TestTicketsAnswerWithoutTheirKey: a 2xx answer that lacks what the endpoint documents is a
// *DecodeError carrying the status, never a nil result with a nil error.
func TestTicketsAnswerWithoutTheirKey(t *testing.T) {
	ctx := context.Background()
	req := &TicketRequest{Comment: &Comment{Body: "b"}}
	tests := []struct {
		name, method, path string
		status             int
		call               func(s *TicketsService) error
	}{
		{"Get", "GET", "tickets/1.json", 200, func(s *TicketsService) error { _, err := s.Get(ctx, 1); return err }},
		{"Create", "POST", "tickets.json", 201, func(s *TicketsService) error { _, _, err := s.Create(ctx, req); return err }},
		{"Update", "PUT", "tickets/1.json", 200, func(s *TicketsService) error { _, _, err := s.Update(ctx, 1, req); return err }},
		{"CreateMany", "POST", "tickets/create_many.json", 200, func(s *TicketsService) error {
			_, err := s.CreateMany(ctx, []TicketRequest{*req})
			return err
		}},
		{"UpdateMany", "PUT", "tickets/update_many.json", 200, func(s *TicketsService) error {
			_, err := s.UpdateMany(ctx, []int64{1}, req)
			return err
		}},
		{"MarkManyAsSpam", "PUT", "tickets/mark_many_as_spam.json", 200, func(s *TicketsService) error {
			_, err := s.MarkManyAsSpam(ctx, []int64{1})
			return err
		}},
		{"Merge", "POST", "tickets/2/merge.json", 200, func(s *TicketsService) error {
			_, err := s.Merge(ctx, 2, &MergeRequest{IDs: []int64{1}})
			return err
		}},
		{"ListCollaborators", "GET", "tickets/1/collaborators.json", 200, func(s *TicketsService) error {
			_, err := s.ListCollaborators(ctx, 1)
			return err
		}},
	}
	for _, tt := range tests {
		for _, body := range []string{`{}`, ``} {
			t.Run(tt.name+" "+strconv.Quote(body), func(t *testing.T) {
				c, mock := setup(t)
				on(t, mock, tt.method, "/api/v2/"+tt.path, respond(tt.status, body))
				var de *DecodeError
				if err := tt.call(c.Tickets); !errors.As(err, &de) || de.StatusCode != tt.status || de.Path != "/api/v2/"+tt.path {
					t.Errorf("err = %v, want a *DecodeError for %d", err, tt.status)
				}
			})
		}
	}
}

func TestTicketsAPIErrors(t *testing.T) {
	c, mock := setup(t)
	on(t, mock, "GET", "/api/v2/tickets/404.json", respond(404, `{"error":"RecordNotFound","description":"Not found"}`))
	on(t, mock, "PUT", "/api/v2/tickets/1.json", respond(422, `{"error":"RecordInvalid","description":"Record validation errors",
		"details":{"requester":[{"description":"Requester: Name is too short","error":"InvalidValue"}]}}`))
	on(t, mock, "DELETE", "/api/v2/tickets/destroy_many.json", respond(403, `{"error":{"title":"Forbidden","message":"You do not have access"}}`))
	ctx := context.Background()
	if _, err := c.Tickets.Get(ctx, 404); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get: %v", err)
	}
	_, _, err := c.Tickets.Update(ctx, 1, &TicketRequest{Requester: &Requester{Name: "x", Email: "x@example.org"}})
	var apiErr *APIError
	if !errors.Is(err, ErrInvalid) || !errors.As(err, &apiErr) || apiErr.Details["requester"][0].Error != "InvalidValue" {
		t.Errorf("Update: %v", err)
	}
	if js, err := c.Tickets.DeleteMany(ctx, []int64{1}); !errors.Is(err, ErrForbidden) || js != nil {
		t.Errorf("DeleteMany: %v, %v", js, err)
	}
}

// TestTicketListsAllForms walks every …All form over two pages: the path, the filter and the
// caller's options stay, the cursor moves on.
func TestTicketListsAllForms(t *testing.T) {
	ctx := context.Background()
	opts := &ListOptions{PageSize: 2, SortBy: "updated_at", SortOrder: "desc"}
	tests := []struct {
		name, path, filter string
		all                func(s *TicketsService) func(func(Ticket, error) bool)
	}{
		{"ListAll", "tickets.json", "", func(s *TicketsService) func(func(Ticket, error) bool) { return s.ListAll(ctx, opts) }},
		{"ListByExternalIDAll", "tickets.json", "external_id=ahg35h3jh&", func(s *TicketsService) func(func(Ticket, error) bool) {
			return s.ListByExternalIDAll(ctx, "ahg35h3jh", opts)
		}},
		{"ListByOrganizationAll", "organizations/509974/tickets.json", "", func(s *TicketsService) func(func(Ticket, error) bool) {
			return s.ListByOrganizationAll(ctx, 509974, opts)
		}},
		{"ListRequestedAll", "users/20978392/tickets/requested.json", "", func(s *TicketsService) func(func(Ticket, error) bool) {
			return s.ListRequestedAll(ctx, 20978392, opts)
		}},
		{"ListCCdAll", "users/234/tickets/ccd.json", "", func(s *TicketsService) func(func(Ticket, error) bool) {
			return s.ListCCdAll(ctx, 234, opts)
		}},
		{"ListAssignedAll", "users/235323/tickets/assigned.json", "", func(s *TicketsService) func(func(Ticket, error) bool) {
			return s.ListAssignedAll(ctx, 235323, opts)
		}},
		{"ListIncidentsAll", "tickets/35440/incidents.json", "", func(s *TicketsService) func(func(Ticket, error) bool) {
			return s.ListIncidentsAll(ctx, 35440, opts)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mock := setup(t)
			rec := on(t, mock, "GET", "/api/v2/"+tt.path,
				respond(200, `{"tickets":[{"id":1},{"id":2}],"meta":{"has_more":true,"after_cursor":"c1","before_cursor":"b1"}}`),
				respond(200, `{"tickets":[{"id":3}],"meta":{"has_more":false,"after_cursor":"c2","before_cursor":"b2"}}`))
			var got []Ticket
			for tk, err := range tt.all(c.Tickets) {
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, tk)
			}
			wantTicketIDs(t, got, 1, 2, 3)
			reqs := rec.all()
			if len(reqs) != 2 {
				t.Fatalf("%d requests, want 2", len(reqs))
			}
			wantQuery(t, reqs[0].URL, tt.filter+"page[size]=2&sort=-updated_at")
			wantQuery(t, reqs[1].URL, tt.filter+"page[size]=2&sort=-updated_at&page[after]=c1")
			if opts.After != "" {
				t.Error("the caller's options were changed")
			}
		})
	}
}

func TestTicketsListAllBreakStopsFetching(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", "/api/v2/tickets.json", func(req *http.Request) (*http.Response, error) {
		after := req.URL.Query().Get("page[after]")
		n, _ := strconv.Atoi(strings.TrimPrefix(after, "p"))
		return respond(200, fmt.Sprintf(`{"tickets":[{"id":%d},{"id":%d}],"meta":{"has_more":true,"after_cursor":"p%d"}}`,
			2*n+1, 2*n+2, n+1))(req)
	})
	var got []Ticket
	for tk, err := range c.Tickets.ListAll(context.Background(), &ListOptions{PageSize: 2}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, tk)
		if tk.ID == 5 {
			break
		}
	}
	wantTicketIDs(t, got, 1, 2, 3, 4, 5)
	if n := rec.count(); n != 3 {
		t.Errorf("%d pages fetched, want 3", n)
	}
}

func TestTicketsListAllStopsOnError(t *testing.T) {
	c, mock := setup(t)
	on(t, mock, "GET", "/api/v2/tickets/35440/incidents.json",
		respond(200, `{"tickets":[{"id":1}],"meta":{"has_more":true,"after_cursor":"c1"}}`),
		respond(400, `{"errors":[{"code":"InvalidPaginationParameter","title":"Invalid cursor"}]}`))
	var ids []int64
	var errs []error
	for tk, err := range c.Tickets.ListIncidentsAll(context.Background(), 35440, nil) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ids = append(ids, tk.ID)
	}
	if !slices.Equal(ids, []int64{1}) || len(errs) != 1 || !errors.Is(errs[0], ErrInvalid) {
		t.Errorf("ids %v, errs %v", ids, errs)
	}
}
