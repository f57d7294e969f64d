package zendesk_test

// Integration tests: every service method of the SDK against zendesktest, the in-memory fake
// Zendesk, which keeps state and follows Zendesk's rules. The wire tests (httpmock) check what
// each method sends and decodes; these check that the calls do what they say on a server that
// acts on them. The package is zendesk_test because zendesktest imports zendesk.

import (
	"context"
	"encoding/json"
	"errors"
	"iter"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/ticketsdk/zendesk"
	"github.com/ticketsdk/zendesk/zendesktest"
)

// clientWith returns a client for s signed in with auth instead of Server.Client's credentials.
func clientWith(t *testing.T, s *zendesktest.Server, auth zendesk.Option) *zendesk.Client {
	t.Helper()
	c, err := zendesk.NewClient("", zendesk.WithBaseURL(s.URL), zendesk.WithHTTPClient(s.HTTPClient()),
		zendesk.WithRetryWait(time.Millisecond, 20*time.Millisecond), auth)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// ticket is a TicketRequest with a subject and the comment every create needs.
func ticket(subject string) *zendesk.TicketRequest {
	return &zendesk.TicketRequest{Subject: zendesk.Set(subject), Comment: &zendesk.Comment{Body: subject + ", in detail"}}
}

func mustCreate(t *testing.T, c *zendesk.Client, req *zendesk.TicketRequest) *zendesk.Ticket {
	t.Helper()
	tk, _, err := c.Tickets.Create(context.Background(), req)
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	return tk
}

// finish waits for a background job with JobStatuses.Wait and wants it completed.
func finish(t *testing.T, c *zendesk.Client, job *zendesk.JobStatus, err error) *zendesk.JobStatus {
	t.Helper()
	if err != nil {
		t.Fatalf("starting the job: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	done, err := c.JobStatuses.Wait(ctx, job.ID)
	if err != nil || done.Status != zendesk.JobCompleted {
		t.Fatalf("Wait: %+v, %v", done, err)
	}
	return done
}

// held returns the ticket as the server holds it now.
func held(t *testing.T, s *zendesktest.Server, id int64) zendesktest.Ticket {
	t.Helper()
	tk, ok := s.Ticket(id)
	if !ok {
		t.Fatalf("the server has no ticket %d", id)
	}
	return tk
}

func idsOf(tickets []zendesk.Ticket) []int64 {
	ids := make([]int64, len(tickets))
	for i, tk := range tickets {
		ids[i] = tk.ID
	}
	return ids
}

func collect(t *testing.T, seq iter.Seq2[zendesk.Ticket, error]) []int64 {
	t.Helper()
	var ids []int64
	for tk, err := range seq {
		if err != nil {
			t.Fatalf("iterating: %v", err)
		}
		ids = append(ids, tk.ID)
	}
	return ids
}

func TestIntegration_CreateAsCustomerAndOnBehalf(t *testing.T) {
	t.Parallel()
	s, c := zendesktest.Start(t)
	customer := &zendesk.Requester{Name: "The Customer", Email: "thecustomer@example.com"}
	req := ticket("My printer is on fire!")
	req.Requester = customer
	own, audit, err := c.Tickets.Create(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	u, ok := s.UserByEmail("thecustomer@example.com")
	if !ok || u.Name != "The Customer" || u.Role != "end-user" {
		t.Fatalf("requester user %+v, %v", u, ok)
	}
	if own.RequesterID != u.ID || own.SubmitterID != u.ID || own.Status != zendesk.StatusNew ||
		own.Description != "My printer is on fire!, in detail" || audit == nil || audit.Events[0].AuthorID != u.ID {
		t.Errorf("customer's ticket %+v, audit %+v", own, audit)
	}

	req = ticket("Logged a call")
	req.Requester, req.SubmitterID = customer, zendesk.Set(zendesktest.DefaultAgentID)
	behalf, audit, err := c.Tickets.Create(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if behalf.RequesterID != u.ID || behalf.SubmitterID != zendesktest.DefaultAgentID ||
		audit.Events[0].Type != "Comment" || audit.Events[0].AuthorID != zendesktest.DefaultAgentID {
		t.Errorf("on behalf: %+v, audit %+v", behalf, audit)
	}

	got, err := c.Tickets.Get(context.Background(), behalf.ID)
	if err != nil || got.ID != behalf.ID || got.Subject != "Logged a call" || !got.UpdatedAt.Equal(held(t, s, behalf.ID).UpdatedAt) {
		t.Errorf("Get: %+v, %v", got, err)
	}
	if _, err := c.Tickets.Get(context.Background(), 999); !errors.Is(err, zendesk.ErrNotFound) {
		t.Errorf("Get unknown: %v", err)
	}
	if _, _, err := c.Tickets.Create(context.Background(), &zendesk.TicketRequest{Subject: zendesk.Set("no comment")}); !errors.Is(err, zendesk.ErrInvalid) {
		t.Errorf("Create without a comment: %v", err)
	}
}

func TestIntegration_CreateIdempotencyKey(t *testing.T) {
	t.Parallel()
	s, c := zendesktest.Start(t)
	ctx := zendesk.ContextWithIdempotencyKey(context.Background(), "order-4711")
	first, _, err := c.Tickets.Create(ctx, ticket("Order 4711 never arrived"))
	if err != nil {
		t.Fatal(err)
	}
	again, _, err := c.Tickets.Create(ctx, ticket("Order 4711 never arrived"))
	if err != nil {
		t.Fatal(err)
	}
	if again.ID != first.ID || s.TicketsCreated() != 1 {
		t.Errorf("the same key twice: tickets %d and %d, %d created", first.ID, again.ID, s.TicketsCreated())
	}
	_, _, err = c.Tickets.Create(ctx, ticket("Another order"))
	var apiErr *zendesk.APIError
	if !errors.Is(err, zendesk.ErrInvalid) || !errors.As(err, &apiErr) || apiErr.Code != "IdempotentRequestError" {
		t.Errorf("the same key with another body: %v", err)
	}
	// Without a key of the caller's, each call has its own: two calls, two tickets.
	mustCreate(t, c, ticket("Order 4711 never arrived"))
	if s.TicketsCreated() != 2 {
		t.Errorf("%d tickets created, want 2", s.TicketsCreated())
	}
}

// TestIntegration_FieldsRoundTrip sets the request fields that need care on the wire (custom
// field values of every kind, a due date, metadata, set / clear / leave) and reads them back.
func TestIntegration_FieldsRoundTrip(t *testing.T) {
	t.Parallel()
	s, c := zendesktest.Start(t)
	ctx := context.Background()
	due := time.Date(2030, 1, 2, 15, 4, 5, 0, time.FixedZone("CET", 3600))
	req := ticket("fields")
	req.Type, req.DueAt, req.ExternalID = zendesk.Set(zendesk.TypeTask), zendesk.Set(due), zendesk.Set("crm-1")
	req.Tags = zendesk.Set([]string{"a", "b"})
	req.CustomFields = []zendesk.CustomField{{ID: 1, Value: "745"}, {ID: 2, Value: 3.5}, {ID: 3, Value: true},
		{ID: 4, Value: []string{"x", "y"}}, {ID: 5, Value: nil}}
	req.Metadata = map[string]any{"order": "4711"}
	tk, audit, err := c.Tickets.Create(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if tk.Type != zendesk.TypeTask || tk.DueAt == nil || !tk.DueAt.Equal(due) || tk.ExternalID != "crm-1" ||
		audit.Metadata.Custom["order"] != "4711" {
		t.Errorf("created %+v, audit metadata %+v", tk, audit.Metadata)
	}
	got, err := c.Tickets.Get(ctx, tk.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := map[int64]string{1: `"745"`, 2: "3.5", 3: "true", 4: `["x","y"]`, 5: "null"}
	for _, f := range got.CustomFields {
		if b, _ := json.Marshal(f.Value); string(b) != want[f.ID] {
			t.Errorf("custom field %d: %s, want %s", f.ID, b, want[f.ID])
		}
	}
	if len(got.CustomFields) != len(want) {
		t.Errorf("%d custom fields, want %d", len(got.CustomFields), len(want))
	}

	// Set([]string{}) clears the tags, Null clears the due date and external id, and what
	// the request leaves out stays.
	upd, _, err := c.Tickets.Update(ctx, tk.ID, &zendesk.TicketRequest{Tags: zendesk.Set([]string{}),
		DueAt: zendesk.Null[time.Time](), ExternalID: zendesk.Null[string]()})
	if err != nil {
		t.Fatal(err)
	}
	h := held(t, s, tk.ID)
	if len(upd.Tags) != 0 || upd.DueAt != nil || upd.ExternalID != "" || len(h.Tags) != 0 || h.DueAt != nil ||
		h.ExternalID != nil || h.Type == nil || *h.Type != "task" || h.Subject != "fields" {
		t.Errorf("after clearing: %+v; the server holds %+v", upd, h)
	}
}

func TestIntegration_GetMany(t *testing.T) {
	t.Parallel()
	s, c := zendesktest.Start(t)
	for _, subject := range []string{"one", "two", "three"} {
		mustCreate(t, c, ticket(subject))
	}
	got, err := c.Tickets.GetMany(context.Background(), []int64{3, 999, 1, 3})
	if err != nil || !slices.Equal(idsOf(got), []int64{3, 1}) || got[0].Subject != "three" {
		t.Errorf("GetMany: %v, %v", idsOf(got), err)
	}
	// 150 ids go in two requests; the tickets come back in the order asked.
	many := make([]int64, 150)
	for i := range many {
		many[i] = int64(150 - i)
	}
	got, err = c.Tickets.GetMany(context.Background(), many)
	if err != nil || !slices.Equal(idsOf(got), []int64{3, 2, 1}) {
		t.Errorf("GetMany of 150: %v, %v", idsOf(got), err)
	}
	if n := s.RequestCount(http.MethodGet, "tickets/show_many"); n != 3 {
		t.Errorf("%d show_many requests, want 1 + 2", n)
	}
}

func TestIntegration_UpdateAssignSolve(t *testing.T) {
	t.Parallel()
	s, c := zendesktest.Start(t)
	ctx := context.Background()
	agent := s.AddAgent("Agent Smith", "smith@example.com")
	tk := mustCreate(t, c, ticket("My printer is on fire!"))

	_, _, err := c.Tickets.Update(ctx, tk.ID, &zendesk.TicketRequest{Status: zendesk.Set(zendesk.StatusSolved)})
	var apiErr *zendesk.APIError
	if !errors.Is(err, zendesk.ErrInvalid) || !errors.As(err, &apiErr) || apiErr.StatusCode != 422 || len(apiErr.Details["status"]) == 0 {
		t.Fatalf("solving without an assignee: %v", err)
	}

	assigned, audit, err := c.Tickets.Update(ctx, tk.ID, &zendesk.TicketRequest{AssigneeID: zendesk.Set(agent),
		Priority: zendesk.Set(zendesk.PriorityHigh), Comment: &zendesk.Comment{Body: "On it.", Public: zendesk.Set(false)}})
	if err != nil {
		t.Fatal(err)
	}
	// Assigning the new ticket opens it: the comment, then priority, assignee, status and custom status changes.
	if assigned.AssigneeID != agent || assigned.Priority != zendesk.PriorityHigh || assigned.Status != zendesk.StatusOpen ||
		audit == nil || len(audit.Events) != 5 ||
		audit.Events[0].Body != "On it." || audit.Events[0].Public {
		t.Errorf("assigned: %+v, audit %+v", assigned, audit)
	}

	// safe_update: a stamp older than the last change is a conflict; the current one passes.
	_, _, err = c.Tickets.Update(ctx, tk.ID, &zendesk.TicketRequest{Subject: zendesk.Set("stale"),
		SafeUpdate: zendesk.Set(true), UpdatedStamp: zendesk.Set(tk.UpdatedAt)})
	if !errors.Is(err, zendesk.ErrConflict) {
		t.Errorf("stale safe update: %v", err)
	}
	solved, _, err := c.Tickets.Update(ctx, tk.ID, &zendesk.TicketRequest{Status: zendesk.Set(zendesk.StatusSolved),
		Priority: zendesk.Null[zendesk.Priority](), SafeUpdate: zendesk.Set(true), UpdatedStamp: zendesk.Set(assigned.UpdatedAt),
		Comment: &zendesk.Comment{Body: "Thanks for choosing Acme Jet Motors.", Public: zendesk.Set(true)}})
	if err != nil {
		t.Fatalf("solving with a fresh stamp: %v", err)
	}
	h := held(t, s, tk.ID)
	if solved.Status != zendesk.StatusSolved || solved.Priority != "" || h.Status != "solved" || h.Priority != nil ||
		h.Subject != "My printer is on fire!" {
		t.Errorf("solved: %+v; the server holds %+v", solved, h)
	}
	if _, _, err := c.Tickets.Update(ctx, 999, ticket("x")); !errors.Is(err, zendesk.ErrNotFound) {
		t.Errorf("Update unknown: %v", err)
	}
}

func TestIntegration_Lists(t *testing.T) {
	t.Parallel()
	s, c := zendesktest.Start(t)
	ctx := context.Background()
	customer := s.AddUser("Customer", "customer@example.org")
	org := s.AddOrganization("Acme", customer)
	cc := s.AddUser("Copied", "cc@example.org")
	agent := s.AddAgent("Agent", "agent2@example.org")
	reqs := []*zendesk.TicketRequest{ticket("1"), ticket("2"), ticket("3"), ticket("4"), ticket("5")}
	reqs[0].RequesterID, reqs[0].ExternalID, reqs[0].AssigneeID = zendesk.Set(customer), zendesk.Set("crm-7"), zendesk.Set(agent)
	reqs[1].ExternalID, reqs[1].Collaborators = zendesk.Set("crm-7"), zendesk.Set([]zendesk.Collaborator{zendesk.CollaboratorID(cc)})
	reqs[2].RequesterID, reqs[2].AssigneeID, reqs[2].CollaboratorIDs = zendesk.Set(customer), zendesk.Set(agent), zendesk.Set([]int64{cc})
	for _, r := range reqs {
		mustCreate(t, c, r)
	}

	tests := []struct {
		name string
		page func(context.Context, *zendesk.ListOptions) (*zendesk.Page[zendesk.Ticket], error)
		all  func(context.Context, *zendesk.ListOptions) iter.Seq2[zendesk.Ticket, error]
		want []int64
	}{
		{"List", c.Tickets.List, c.Tickets.ListAll, []int64{1, 2, 3, 4, 5}},
		{"ListByExternalID",
			func(ctx context.Context, o *zendesk.ListOptions) (*zendesk.Page[zendesk.Ticket], error) {
				return c.Tickets.ListByExternalID(ctx, "crm-7", o)
			},
			func(ctx context.Context, o *zendesk.ListOptions) iter.Seq2[zendesk.Ticket, error] {
				return c.Tickets.ListByExternalIDAll(ctx, "crm-7", o)
			}, []int64{1, 2}},
		{"ListByOrganization", bindPage(org, c.Tickets.ListByOrganization), bindAll(org, c.Tickets.ListByOrganizationAll), []int64{1, 3}},
		{"ListRequested", bindPage(customer, c.Tickets.ListRequested), bindAll(customer, c.Tickets.ListRequestedAll), []int64{1, 3}},
		{"ListCCd", bindPage(cc, c.Tickets.ListCCd), bindAll(cc, c.Tickets.ListCCdAll), []int64{2, 3}},
		{"ListAssigned", bindPage(agent, c.Tickets.ListAssigned), bindAll(agent, c.Tickets.ListAssignedAll), []int64{1, 3}},
	}
	for _, tt := range tests {
		page, err := tt.page(ctx, &zendesk.ListOptions{PageSize: 1})
		if err != nil || !slices.Equal(idsOf(page.Items), tt.want[:1]) || !page.HasMore || page.AfterCursor == "" {
			t.Errorf("%s, first page of 1: %+v, %v", tt.name, page, err)
			continue
		}
		next, err := tt.page(ctx, &zendesk.ListOptions{PageSize: 1, After: page.AfterCursor})
		if err != nil || !slices.Equal(idsOf(next.Items), tt.want[1:2]) {
			t.Errorf("%s, second page: %+v, %v", tt.name, next, err)
		}
		if got := collect(t, tt.all(ctx, &zendesk.ListOptions{PageSize: 2})); !slices.Equal(got, tt.want) {
			t.Errorf("%sAll: %v, want %v", tt.name, got, tt.want)
		}
	}
	// ListAll with 2 a page fetched 5 tickets in 3 requests; the first List calls made 2 more.
	if n := s.RequestCount(http.MethodGet, "tickets"); n != 2+3+2+1 { // List ×2, ListAll ×3, ByExternalID ×2 + ×1
		t.Errorf("%d GET tickets requests", n)
	}
	desc, err := c.Tickets.List(ctx, &zendesk.ListOptions{SortBy: "id", SortOrder: "desc"})
	if err != nil || !slices.Equal(idsOf(desc.Items), []int64{5, 4, 3, 2, 1}) {
		t.Errorf("List by id, descending: %v, %v", idsOf(desc.Items), err)
	}

	// Recent tickets: the last changed comes first.
	if _, _, err := c.Tickets.Update(ctx, 4, &zendesk.TicketRequest{Subject: zendesk.Set("4, changed")}); err != nil {
		t.Fatal(err)
	}
	recent, err := c.Tickets.ListRecent(ctx, &zendesk.ListOptions{PageSize: 2})
	if err != nil || len(recent.Items) != 2 || recent.Items[0].ID != 4 || !recent.HasMore {
		t.Errorf("ListRecent: %+v, %v", recent, err)
	}
	if _, err := c.Tickets.ListRequested(ctx, 999, nil); !errors.Is(err, zendesk.ErrNotFound) {
		t.Errorf("ListRequested of an unknown user: %v", err)
	}
}

// bindPage and bindAll fix the id argument of a list method.
func bindPage(id int64, f func(context.Context, int64, *zendesk.ListOptions) (*zendesk.Page[zendesk.Ticket], error)) func(context.Context, *zendesk.ListOptions) (*zendesk.Page[zendesk.Ticket], error) {
	return func(ctx context.Context, o *zendesk.ListOptions) (*zendesk.Page[zendesk.Ticket], error) {
		return f(ctx, id, o)
	}
}

func bindAll(id int64, f func(context.Context, int64, *zendesk.ListOptions) iter.Seq2[zendesk.Ticket, error]) func(context.Context, *zendesk.ListOptions) iter.Seq2[zendesk.Ticket, error] {
	return func(ctx context.Context, o *zendesk.ListOptions) iter.Seq2[zendesk.Ticket, error] {
		return f(ctx, id, o)
	}
}

func TestIntegration_CreateMany(t *testing.T) {
	t.Parallel()
	s, c := zendesktest.Start(t)
	job, err := c.Tickets.CreateMany(context.Background(), []zendesk.TicketRequest{
		*ticket("My printer is on fire!"), *ticket("Help I need somebody"), {Subject: zendesk.Set("no comment")}})
	done := finish(t, c, job, err)
	res := done.ResultsByIndex()
	if len(res) != 3 || res[0].ID == 0 || res[1].ID == 0 || !res[2].Failed() || len(done.Failures()) != 1 {
		t.Fatalf("results %+v", res)
	}
	got, err := c.Tickets.GetMany(context.Background(), []int64{res[0].ID, res[1].ID})
	if err != nil || len(got) != 2 || got[0].Subject != "My printer is on fire!" || got[1].Subject != "Help I need somebody" {
		t.Errorf("created tickets %+v, %v", got, err)
	}
	if s.TicketCount() != 2 {
		t.Errorf("%d tickets", s.TicketCount())
	}
}

func TestIntegration_UpdateMany(t *testing.T) {
	t.Parallel()
	s, c := zendesktest.Start(t)
	a, b := ticket("a"), ticket("b")
	a.Tags, b.Tags = zendesk.Set([]string{"old", "keep"}), zendesk.Set([]string{"old"})
	ta, tb := mustCreate(t, c, a), mustCreate(t, c, b)

	job, err := c.Tickets.UpdateMany(context.Background(), []int64{ta.ID, tb.ID, 999}, &zendesk.TicketRequest{
		AdditionalTags: zendesk.Set([]string{"vip"}), RemoveTags: zendesk.Set([]string{"old"}), Priority: zendesk.Set(zendesk.PriorityUrgent)})
	done := finish(t, c, job, err)
	if f := done.Failures(); len(done.Results) != 3 || len(f) != 1 || f[0].ID != 999 || f[0].Error != "TicketNotFound" {
		t.Errorf("results %+v", done.Results)
	}
	if ha, hb := held(t, s, ta.ID), held(t, s, tb.ID); !slices.Equal(ha.Tags, []string{"keep", "vip"}) ||
		!slices.Equal(hb.Tags, []string{"vip"}) || *ha.Priority != "urgent" || *hb.Priority != "urgent" {
		t.Errorf("tags %v and %v, priorities %v and %v", ha.Tags, hb.Tags, *ha.Priority, *hb.Priority)
	}
}

func TestIntegration_UpdateManyEach(t *testing.T) {
	t.Parallel()
	s, c := zendesktest.Start(t)
	ta, tb := mustCreate(t, c, ticket("a")), mustCreate(t, c, ticket("b"))
	job, err := c.Tickets.UpdateManyEach(context.Background(), []zendesk.TicketRequest{
		{ID: ta.ID, Status: zendesk.Set(zendesk.StatusPending)},
		{ID: tb.ID, Status: zendesk.Set(zendesk.StatusSolved)}, // nobody assigned: refused
	})
	done := finish(t, c, job, err)
	if f := done.Failures(); len(f) != 1 || f[0].ID != tb.ID || f[0].Error != "TicketUpdateFailed" {
		t.Errorf("results %+v", done.Results)
	}
	if ha, hb := held(t, s, ta.ID), held(t, s, tb.ID); ha.Status != "pending" || hb.Status != "new" {
		t.Errorf("statuses %s and %s", ha.Status, hb.Status)
	}
}

func TestIntegration_MarkAsSpam(t *testing.T) {
	t.Parallel()
	s, c := zendesktest.Start(t)
	ctx := context.Background()
	spammer := s.AddUser("Spammer", "spam@example.org")
	req := ticket("Cheap printers")
	req.RequesterID = zendesk.Set(spammer)
	tk := mustCreate(t, c, req)
	if err := c.Tickets.MarkAsSpam(ctx, tk.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Tickets.Get(ctx, tk.ID); !errors.Is(err, zendesk.ErrNotFound) {
		t.Errorf("Get after MarkAsSpam: %v", err)
	}
	if u, _ := s.User(spammer); !u.Suspended {
		t.Errorf("requester not suspended: %+v", u)
	}
	if err := c.Tickets.MarkAsSpam(ctx, tk.ID); !errors.Is(err, zendesk.ErrNotFound) {
		t.Errorf("MarkAsSpam again: %v", err)
	}

	ta, tb, keep := mustCreate(t, c, ticket("a")), mustCreate(t, c, ticket("b")), mustCreate(t, c, ticket("c"))
	job, err := c.Tickets.MarkManyAsSpam(ctx, []int64{ta.ID, tb.ID})
	done := finish(t, c, job, err)
	if len(done.Results) != 2 || len(done.Failures()) != 0 || s.TicketCount() != 1 {
		t.Errorf("results %+v, %d tickets left", done.Results, s.TicketCount())
	}
	if _, ok := s.Ticket(keep.ID); !ok {
		t.Error("a ticket not named was marked as spam")
	}
}

func TestIntegration_Merge(t *testing.T) {
	t.Parallel()
	s, c := zendesktest.Start(t)
	ctx := context.Background()
	target, src1, src2 := mustCreate(t, c, ticket("target")), mustCreate(t, c, ticket("dup 1")), mustCreate(t, c, ticket("dup 2"))
	job, err := c.Tickets.Merge(ctx, target.ID, &zendesk.MergeRequest{IDs: []int64{src1.ID, src2.ID},
		TargetComment: "Combining with #2, #3", SourceComment: "Closing in favor of #1",
		SourceCommentIsPublic: zendesk.Set(true)})
	finish(t, c, job, err)
	for _, id := range []int64{src1.ID, src2.ID} {
		h := held(t, s, id)
		audits := s.Audits(id)
		last := audits[len(audits)-1].Events[0]
		if h.Status != "closed" || last["body"] != "Closing in favor of #1" || last["public"] != true {
			t.Errorf("source #%d: status %s, last comment %v", id, h.Status, last)
		}
	}
	audits := s.Audits(target.ID)
	if last := audits[len(audits)-1].Events[0]; last["body"] != "Combining with #2, #3" || held(t, s, target.ID).Status != "new" {
		t.Errorf("target's last comment %v", last)
	}
	// A merged ticket is closed: it refuses changes and further merges.
	if _, _, err := c.Tickets.Update(ctx, src1.ID, ticket("reopen")); !errors.Is(err, zendesk.ErrInvalid) {
		t.Errorf("updating a merged ticket: %v", err)
	}
	if _, err := c.Tickets.Merge(ctx, target.ID, &zendesk.MergeRequest{IDs: []int64{src1.ID}}); !errors.Is(err, zendesk.ErrInvalid) {
		t.Errorf("merging a closed ticket: %v", err)
	}
	if _, err := c.Tickets.Merge(ctx, target.ID, &zendesk.MergeRequest{IDs: []int64{999}}); !errors.Is(err, zendesk.ErrNotFound) {
		t.Errorf("merging an unknown ticket: %v", err)
	}
}

func TestIntegration_RelatedAndIncidents(t *testing.T) {
	t.Parallel()
	_, c := zendesktest.Start(t)
	ctx := context.Background()
	p := ticket("Printers catch fire")
	p.Type = zendesk.Set(zendesk.TypeProblem)
	problem := mustCreate(t, c, p)
	var incidents []int64
	for _, subject := range []string{"fire on floor 1", "fire on floor 2", "fire on floor 3"} {
		r := ticket(subject)
		r.Type, r.ProblemID = zendesk.Set(zendesk.TypeIncident), zendesk.Set(problem.ID)
		incidents = append(incidents, mustCreate(t, c, r).ID)
	}
	page, err := c.Tickets.ListIncidents(ctx, problem.ID, &zendesk.ListOptions{PageSize: 2})
	if err != nil || !slices.Equal(idsOf(page.Items), incidents[:2]) || !page.HasMore {
		t.Errorf("ListIncidents: %+v, %v", page, err)
	}
	if got := collect(t, c.Tickets.ListIncidentsAll(ctx, problem.ID, &zendesk.ListOptions{PageSize: 2})); !slices.Equal(got, incidents) {
		t.Errorf("ListIncidentsAll: %v, want %v", got, incidents)
	}
	rel, err := c.Tickets.Related(ctx, problem.ID)
	if err != nil || rel.Incidents != 3 || len(rel.FollowupSourceIDs) != 0 {
		t.Errorf("Related of the problem: %+v, %v", rel, err)
	}
	if got, _ := c.Tickets.Get(ctx, problem.ID); !got.HasIncidents {
		t.Error("the problem has no incidents")
	}

	// A follow-up of a closed (here: merged) ticket names its source in Related.
	closed := mustCreate(t, c, ticket("duplicate"))
	job, err := c.Tickets.Merge(ctx, incidents[0], &zendesk.MergeRequest{IDs: []int64{closed.ID}})
	finish(t, c, job, err)
	f := ticket("still burning")
	f.ViaFollowupSourceID = zendesk.Set(closed.ID)
	followup := mustCreate(t, c, f)
	rel, err = c.Tickets.Related(ctx, followup.ID)
	if err != nil || !slices.Equal(rel.FollowupSourceIDs, []int64{closed.ID}) {
		t.Errorf("Related of the follow-up: %+v, %v", rel, err)
	}
	if _, err := c.Tickets.Related(ctx, 999); !errors.Is(err, zendesk.ErrNotFound) {
		t.Errorf("Related of an unknown ticket: %v", err)
	}
}

func TestIntegration_Delete(t *testing.T) {
	t.Parallel()
	s, c := zendesktest.Start(t)
	ctx := context.Background()
	tk := mustCreate(t, c, ticket("delete me"))
	if err := c.Tickets.Delete(ctx, tk.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Tickets.Get(ctx, tk.ID); !errors.Is(err, zendesk.ErrNotFound) {
		t.Errorf("Get after Delete: %v", err)
	}
	if err := c.Tickets.Delete(ctx, tk.ID); !errors.Is(err, zendesk.ErrNotFound) {
		t.Errorf("Delete again: %v", err)
	}

	ta, tb, keep := mustCreate(t, c, ticket("a")), mustCreate(t, c, ticket("b")), mustCreate(t, c, ticket("c"))
	job, err := c.Tickets.DeleteMany(ctx, []int64{ta.ID, tb.ID})
	if err == nil && job == nil {
		t.Fatal("DeleteMany: the fake answers with a job status, got none")
	}
	finish(t, c, job, err)
	if got, err := c.Tickets.GetMany(ctx, []int64{ta.ID, tb.ID, keep.ID}); err != nil || !slices.Equal(idsOf(got), []int64{keep.ID}) {
		t.Errorf("left after DeleteMany: %v, %v", idsOf(got), err)
	}
	if s.TicketCount() != 1 || s.TicketsCreated() != 4 {
		t.Errorf("%d tickets left of %d", s.TicketCount(), s.TicketsCreated())
	}
}

func TestIntegration_ListCollaborators(t *testing.T) {
	t.Parallel()
	s, c := zendesktest.Start(t)
	known := s.AddUser("Known", "known@example.org")
	req := ticket("copy them in")
	req.Collaborators = zendesk.Set([]zendesk.Collaborator{zendesk.CollaboratorID(known),
		zendesk.CollaboratorEmail("by-email@example.org"), zendesk.NewCollaborator("New Person", "new@example.org")})
	tk := mustCreate(t, c, req)
	users, err := c.Tickets.ListCollaborators(context.Background(), tk.ID)
	if err != nil || len(users) != 3 {
		t.Fatalf("ListCollaborators: %+v, %v", users, err)
	}
	if users[0].ID != known || users[1].Email != "by-email@example.org" || users[2].Name != "New Person" ||
		users[2].Email != "new@example.org" || users[2].Role != "end-user" {
		t.Errorf("collaborators %+v", users)
	}
	none, err := c.Tickets.ListCollaborators(context.Background(), mustCreate(t, c, ticket("alone")).ID)
	if err != nil || none == nil || len(none) != 0 {
		t.Errorf("no collaborators: %#v, %v", none, err)
	}
}

func TestIntegration_Problems(t *testing.T) {
	t.Parallel()
	_, c := zendesktest.Start(t)
	ctx := context.Background()
	var problems []int64
	for _, subject := range []string{"Printers catch fire", "Network down", "Printer paper jam"} {
		r := ticket(subject)
		r.Type = zendesk.Set(zendesk.TypeProblem)
		problems = append(problems, mustCreate(t, c, r).ID)
	}
	mustCreate(t, c, ticket("not a problem"))
	// The server lists problems newest updated first: the one changed last leads.
	if _, _, err := c.Tickets.Update(ctx, problems[0], &zendesk.TicketRequest{Priority: zendesk.Set(zendesk.PriorityHigh)}); err != nil {
		t.Fatal(err)
	}
	page, err := c.Problems.List(ctx, &zendesk.ListOptions{PageSize: 2})
	if err != nil || len(page.Items) != 2 || page.Items[0].ID != problems[0] || !page.HasMore {
		t.Errorf("Problems.List: %v, %v", idsOf(page.Items), err)
	}
	all := collect(t, c.Problems.ListAll(ctx, &zendesk.ListOptions{PageSize: 2}))
	if len(all) != 3 || all[0] != problems[0] {
		t.Errorf("Problems.ListAll: %v", all)
	}
	if _, err := c.Problems.List(ctx, &zendesk.ListOptions{SortBy: "id"}); !errors.Is(err, zendesk.ErrInvalid) {
		t.Errorf("Problems.List with a sort: %v", err)
	}
	found, err := c.Problems.Autocomplete(ctx, "print")
	if err != nil || len(found) != 2 || found[0].ID != problems[0] || found[1].ID != problems[2] {
		t.Errorf("Autocomplete: %v, %v", idsOf(found), err)
	}
	if found, err := c.Problems.Autocomplete(ctx, "nothing like it"); err != nil || len(found) != 0 {
		t.Errorf("Autocomplete without a match: %v, %v", idsOf(found), err)
	}
}

func TestIntegration_Twitter(t *testing.T) {
	t.Parallel()
	s, c := zendesktest.Start(t)
	ctx := context.Background()
	tk, err := c.Twitter.CreateTicket(ctx, 1234567890, 55)
	if err != nil || tk == nil {
		t.Fatalf("CreateTicket: %+v, %v", tk, err)
	}
	if tk.Via.Channel != "twitter" || tk.SubmitterID != zendesktest.DefaultAgentID || tk.RequesterID == zendesktest.DefaultAgentID {
		t.Errorf("ticket from a tweet: %+v", tk)
	}
	if _, _, err := c.Tickets.Update(ctx, tk.ID, &zendesk.TicketRequest{Comment: &zendesk.Comment{Body: "We see it."}}); err != nil {
		t.Fatal(err)
	}
	all, err := c.Twitter.Statuses(ctx, tk.ID)
	if err != nil || len(all) != 2 || all[0].ID == 0 || all[1].ID == 0 {
		t.Fatalf("Statuses: %+v, %v", all, err)
	}
	one, err := c.Twitter.Statuses(ctx, tk.ID, all[1].ID)
	if err != nil || len(one) != 1 || one[0].ID != all[1].ID {
		t.Errorf("Statuses of one comment: %+v, %v", one, err)
	}
	if got := held(t, s, tk.ID); got.Via.Channel != "twitter" {
		t.Errorf("the server holds via %+v", got.Via)
	}
	if _, err := c.Twitter.Statuses(ctx, 999); !errors.Is(err, zendesk.ErrNotFound) {
		t.Errorf("Statuses of an unknown ticket: %v", err)
	}
}

func TestIntegration_JobStatuses(t *testing.T) {
	t.Parallel()
	// The create job must still be pending at the Get below, three requests after it was
	// queued, on the real clock (over real HTTP): 1.5 s is the room a loaded machine gets.
	_, c := zendesktest.Start(t, zendesktest.WithJobDuration(1500*time.Millisecond))
	ctx := context.Background()
	tk := mustCreate(t, c, ticket("a"))
	create, err := c.Tickets.CreateMany(ctx, []zendesk.TicketRequest{*ticket("b")})
	if err != nil {
		t.Fatal(err)
	}
	update, err := c.Tickets.UpdateMany(ctx, []int64{tk.ID}, &zendesk.TicketRequest{Status: zendesk.Set(zendesk.StatusPending)})
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.JobStatuses.Get(ctx, create.ID)
	if err != nil || got.ID != create.ID || got.JobType != "Bulk Create Ticket" || got.Done() || got.Results != nil {
		t.Errorf("Get while queued: %+v, %v", got, err)
	}
	many, err := c.JobStatuses.GetMany(ctx, []string{update.ID, "V3-gone", create.ID})
	if err != nil || len(many) != 2 || many[0].ID != update.ID || many[1].ID != create.ID {
		t.Errorf("GetMany: %+v, %v", many, err)
	}
	// Wait polls until the job is done: queued at first, completed a poll later.
	done, err := c.JobStatuses.Wait(ctx, update.ID)
	if err != nil || done.Status != zendesk.JobCompleted || len(done.Results) != 1 || !done.Results[0].Success {
		t.Errorf("Wait: %+v, %v", done, err)
	}
	if got, err := c.JobStatuses.Get(ctx, create.ID); err != nil || !got.Done() || len(got.Results) != 1 {
		t.Errorf("Get when done: %+v, %v", got, err)
	}
	if _, err := c.JobStatuses.Get(ctx, "V3-gone"); !errors.Is(err, zendesk.ErrNotFound) {
		t.Errorf("Get of an unknown job: %v", err)
	}
}

func TestIntegration_AuthClientCredentials(t *testing.T) {
	t.Parallel()
	s, c := zendesktest.Start(t)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.Tickets.List(context.Background(), nil)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	// Eight calls at once share one token.
	if n := s.RequestCount(http.MethodPost, "oauth/tokens"); n != 1 {
		t.Errorf("%d token requests, want 1", n)
	}
	for _, r := range s.Requests() {
		if r.Path == "/oauth/tokens" && !strings.Contains(string(r.Body), "grant_type=client_credentials") {
			t.Errorf("token request body %q", r.Body)
		}
		if strings.HasPrefix(r.Path, "/api/") && !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer zt_at_") {
			t.Errorf("%s %s sent Authorization %q", r.Method, r.Path, r.Header.Get("Authorization"))
		}
	}
}

func TestIntegration_AuthAPIToken(t *testing.T) {
	t.Parallel()
	s, _ := zendesktest.Start(t)
	c := clientWith(t, s, zendesk.WithAPIToken(zendesktest.DefaultAgentEmail, zendesktest.DefaultAPIToken))
	tk := mustCreate(t, c, ticket("by API token"))
	if tk.SubmitterID != zendesktest.DefaultAgentID {
		t.Errorf("submitter %d", tk.SubmitterID)
	}
	wrong := clientWith(t, s, zendesk.WithAPIToken(zendesktest.DefaultAgentEmail, "not-the-token"))
	if _, err := wrong.Tickets.Get(context.Background(), tk.ID); !errors.Is(err, zendesk.ErrUnauthorized) {
		t.Errorf("a wrong API token: %v", err)
	}
}

func TestIntegration_AuthFixedOAuthToken(t *testing.T) {
	t.Parallel()
	s, _ := zendesktest.Start(t)
	ctx := context.Background()
	c := clientWith(t, s, zendesk.WithOAuthToken(s.IssueAccessToken(zendesktest.DefaultClientID)))
	tk := mustCreate(t, c, ticket("by a fixed token"))
	readOnly := clientWith(t, s, zendesk.WithOAuthToken(s.IssueAccessToken(zendesktest.DefaultClientID, "read")))
	if _, err := readOnly.Tickets.Get(ctx, tk.ID); err != nil {
		t.Errorf("reading with a read token: %v", err)
	}
	if _, _, err := readOnly.Tickets.Create(ctx, ticket("x")); !errors.Is(err, zendesk.ErrForbidden) {
		t.Errorf("writing with a read token: %v", err)
	}
	// A fixed token has nothing to renew: once revoked, calls fail, and are not repeated.
	s.RevokeAllTokens()
	before := s.RequestCount(http.MethodGet, "tickets/*")
	if _, err := c.Tickets.Get(ctx, tk.ID); !errors.Is(err, zendesk.ErrUnauthorized) {
		t.Errorf("a revoked fixed token: %v", err)
	}
	if n := s.RequestCount(http.MethodGet, "tickets/*") - before; n != 1 {
		t.Errorf("%d requests with the revoked token, want 1", n)
	}
}

func TestIntegration_AuthTokenSourceRefreshToken(t *testing.T) {
	t.Parallel()
	s, _ := zendesktest.Start(t)
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, s.HTTPClient())
	cfg := &oauth2.Config{ClientID: zendesktest.DefaultClientID, ClientSecret: zendesktest.DefaultClientSecret,
		Endpoint: oauth2.Endpoint{TokenURL: s.URL + "/oauth/tokens"}}
	ts := cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: s.IssueRefreshToken(zendesktest.DefaultClientID)})
	c := clientWith(t, s, zendesk.WithTokenSource(ts))
	tk := mustCreate(t, c, ticket("by a refreshed token"))
	if _, err := c.Tickets.Get(context.Background(), tk.ID); err != nil {
		t.Fatal(err)
	}
	// One refresh for both calls: the token is reused until it expires.
	if n := s.RequestCount(http.MethodPost, "oauth/tokens"); n != 1 {
		t.Errorf("%d token requests, want 1", n)
	}
	for _, r := range s.Requests() {
		if r.Path == "/oauth/tokens" && !strings.Contains(string(r.Body), "grant_type=refresh_token") {
			t.Errorf("token request body %q", r.Body)
		}
	}
}

func TestIntegration_AuthTokenExpiry(t *testing.T) {
	t.Parallel()
	t.Run("renewed before it expires", func(t *testing.T) {
		t.Parallel()
		// The token lives 3.5 s and is announced as 3 s: the client renews it at 2.4 s, and the
		// sleep is past that. The first list must reach the server while the token lives, on
		// the real clock (over real HTTP): a busy machine under -race once took over 1.5 s.
		s, c := zendesktest.Start(t, zendesktest.WithTokenLifetime(3500*time.Millisecond))
		ctx := context.Background()
		if _, err := c.Tickets.List(ctx, nil); err != nil {
			t.Fatal(err)
		}
		time.Sleep(2500 * time.Millisecond)
		if _, err := c.Tickets.List(ctx, nil); err != nil {
			t.Fatal(err)
		}
		if n := s.RequestCount(http.MethodPost, "oauth/tokens"); n != 2 {
			t.Errorf("%d token requests, want 2", n)
		}
		for _, r := range s.Requests() {
			if r.Status == http.StatusUnauthorized {
				t.Errorf("%s %s answered 401: the token was not renewed in time", r.Method, r.Path)
			}
		}
	})
	t.Run("renewed after a 401", func(t *testing.T) {
		t.Parallel()
		// A token the server expires before its announced end (a revoked grant, a skewed
		// clock): the 401 tells, and the client renews once and repeats the call.
		s, c := zendesktest.Start(t)
		ctx := context.Background()
		if _, err := c.Tickets.List(ctx, nil); err != nil {
			t.Fatal(err)
		}
		s.ExpireTokens()
		tokens, lists := s.RequestCount(http.MethodPost, "oauth/tokens"), s.RequestCount(http.MethodGet, "tickets")
		if _, err := c.Tickets.List(ctx, nil); err != nil {
			t.Fatalf("after expiry: %v", err)
		}
		tokens, lists = s.RequestCount(http.MethodPost, "oauth/tokens")-tokens, s.RequestCount(http.MethodGet, "tickets")-lists
		if tokens != 1 || lists != 2 {
			t.Errorf("%d token requests and %d list requests, want 1 and 2 (a 401, then the repeat)", tokens, lists)
		}
	})
}

func TestIntegration_AuthRevokeAllTokensRenewsOnce(t *testing.T) {
	t.Parallel()
	s, c := zendesktest.Start(t)
	ctx := context.Background()
	if _, err := c.Tickets.List(ctx, nil); err != nil {
		t.Fatal(err)
	}
	s.RevokeAllTokens()
	if _, err := c.Tickets.List(ctx, nil); err != nil {
		t.Fatalf("after RevokeAllTokens: %v", err)
	}
	var statuses []int
	for _, r := range s.Requests() {
		if r.Path == "/api/v2/tickets.json" {
			statuses = append(statuses, r.Status)
		}
	}
	if !slices.Equal(statuses, []int{200, 401, 200}) || s.RequestCount(http.MethodPost, "oauth/tokens") != 2 {
		t.Errorf("list answers %v, %d token requests; want [200 401 200] and 2", statuses, s.RequestCount(http.MethodPost, "oauth/tokens"))
	}
}

func TestIntegration_AuthReadOnlyScopeRefusedOnWrites(t *testing.T) {
	t.Parallel()
	s, c := zendesktest.Start(t)
	tk := mustCreate(t, c, ticket("written with read write"))
	ro := clientWith(t, s, zendesk.WithClientCredentials(zendesktest.DefaultClientID, zendesktest.DefaultClientSecret, "read"))
	ctx := context.Background()
	if _, err := ro.Tickets.Get(ctx, tk.ID); err != nil {
		t.Fatalf("reading: %v", err)
	}
	if _, err := ro.Problems.Autocomplete(ctx, "printer"); err != nil {
		t.Errorf("autocomplete, a POST that reads: %v", err)
	}
	_, _, err := ro.Tickets.Update(ctx, tk.ID, &zendesk.TicketRequest{Subject: zendesk.Set("x")})
	var apiErr *zendesk.APIError
	if !errors.Is(err, zendesk.ErrForbidden) || !errors.As(err, &apiErr) || apiErr.StatusCode != 403 {
		t.Errorf("Update with a read scope: %v", err)
	}
	if err := ro.Tickets.Delete(ctx, tk.ID); !errors.Is(err, zendesk.ErrForbidden) {
		t.Errorf("Delete with a read scope: %v", err)
	}
	if held(t, s, tk.ID).Subject != "written with read write" {
		t.Error("a refused write changed the ticket")
	}
}

func TestIntegration_AuthWrongSecret(t *testing.T) {
	t.Parallel()
	s, _ := zendesktest.Start(t)
	c := clientWith(t, s, zendesk.WithClientCredentials(zendesktest.DefaultClientID, "not-the-secret-42", "read"))
	_, err := c.Tickets.List(context.Background(), nil)
	var apiErr *zendesk.APIError
	if !errors.Is(err, zendesk.ErrUnauthorized) || !errors.As(err, &apiErr) || apiErr.Code != "invalid_client" {
		t.Fatalf("wrong secret: %v", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "getting an OAuth token") || strings.Contains(msg, "not-the-secret-42") {
		t.Errorf("error %q: should name the OAuth step and not the secret", msg)
	}
	if n := s.RequestCount(http.MethodGet, "tickets"); n != 0 {
		t.Errorf("%d API requests without a token", n)
	}
}
