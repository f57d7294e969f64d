package zendesktest

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestTicket_WireShape(t *testing.T) {
	s := newServer(t)
	tk, _ := create(t, s, obj{"subject": "Shape"})
	m := send(t, s, "GET", tpath(tk.ID, ".json"), nil).want(t, http.StatusOK).object(t)["ticket"].(map[string]any)
	keys := []string{"id", "url", "external_id", "type", "subject", "raw_subject", "description", "priority",
		"status", "recipient", "requester_id", "submitter_id", "assignee_id", "organization_id", "group_id",
		"collaborator_ids", "follower_ids", "email_cc_ids", "forum_topic_id", "problem_id", "has_incidents",
		"is_public", "due_at", "tags", "custom_fields", "fields", "satisfaction_rating", "sharing_agreement_ids",
		"followup_ids", "ticket_form_id", "brand_id", "custom_status_id", "allow_channelback",
		"allow_attachments", "from_messaging_channel", "generated_timestamp", "via", "created_at", "updated_at"}
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			t.Errorf("ticket has no %q", k)
		}
	}
	if len(m) != len(keys) {
		t.Errorf("ticket has %d keys, want %d", len(m), len(keys))
	}
	for _, k := range []string{"external_id", "type", "priority", "assignee_id", "group_id", "problem_id",
		"due_at", "satisfaction_rating"} {
		if m[k] != nil {
			t.Errorf("%s = %v, want null", k, m[k])
		}
	}
	via := m["via"].(map[string]any)
	if via["channel"] != "api" || via["source"].(map[string]any)["rel"] != nil {
		t.Errorf("via = %v", via)
	}
	if _, err := time.Parse(time.RFC3339, m["created_at"].(string)); err != nil || !strings.HasSuffix(m["created_at"].(string), "Z") {
		t.Errorf("created_at %v is not RFC 3339 UTC", m["created_at"])
	}
}

func TestHeaders_RequestIDAndContentType(t *testing.T) {
	s := newServer(t)
	for _, a := range []answer{
		send(t, s, "GET", "/api/v2/tickets.json", nil),
		send(t, s, "GET", "/api/v2/tickets/999.json", nil),
		send(t, s, "GET", "/api/v2/tickets.json", nil, "Authorization", "Bearer nope"),
	} {
		if a.header.Get("X-Request-Id") == "" {
			t.Errorf("%d answer without X-Request-Id", a.status)
		}
		if ct := a.header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
			t.Errorf("Content-Type %q", ct)
		}
	}
}

func TestPaths_WithAndWithoutJSON(t *testing.T) {
	s := newServer(t)
	tk, _ := create(t, s, obj{})
	send(t, s, "GET", tpath(tk.ID, ".json"), nil).want(t, http.StatusOK)
	send(t, s, "GET", tpath(tk.ID, ""), nil).want(t, http.StatusOK)
	send(t, s, "GET", "/api/v2/tickets", nil).want(t, http.StatusOK)
	wantError(t, send(t, s, "GET", "/api/v2/macros.json", nil), http.StatusNotFound, "InvalidEndpoint")
}

func TestGet_UnknownTicket404(t *testing.T) {
	s := newServer(t)
	m := wantError(t, send(t, s, "GET", "/api/v2/tickets/12345.json", nil), http.StatusNotFound, "RecordNotFound")
	if m["description"] != "Not found" {
		t.Errorf("description %v", m["description"])
	}
	wantError(t, update(t, s, 12345, obj{"subject": "x"}), http.StatusNotFound, "RecordNotFound")
	wantError(t, send(t, s, "DELETE", "/api/v2/tickets/12345.json", nil), http.StatusNotFound, "RecordNotFound")
}

func TestCreate_Answer201WithAuditAndLocation(t *testing.T) {
	s := newServer(t)
	a := send(t, s, "POST", "/api/v2/tickets.json", obj{"ticket": obj{"subject": "S", "comment": obj{"body": "B"}}})
	a.want(t, http.StatusCreated)
	var out struct {
		Ticket Ticket `json:"ticket"`
		Audit  *Audit `json:"audit"`
	}
	a.decode(t, &out)
	if loc := a.header.Get("Location"); loc != s.URL+tpath(out.Ticket.ID, ".json") || out.Ticket.URL != loc {
		t.Errorf("Location %q, url %q", loc, out.Ticket.URL)
	}
	if out.Audit == nil || out.Audit.TicketID != out.Ticket.ID || len(out.Audit.Events) == 0 {
		t.Fatalf("audit %+v", out.Audit)
	}
	if s.TicketCount() != 1 || s.TicketsCreated() != 1 {
		t.Errorf("count %d, created %d", s.TicketCount(), s.TicketsCreated())
	}
}

func TestCreate_CommentIsDescriptionAndFirstComment(t *testing.T) {
	s := newServer(t)
	tk, audit := create(t, s, obj{"comment": obj{"body": "The smoke is very colorful."}})
	if tk.Description != "The smoke is very colorful." {
		t.Errorf("description %q", tk.Description)
	}
	if ev := audit.Events[0]; ev["type"] != "Comment" || ev["body"] != tk.Description {
		t.Errorf("first event %v", ev)
	}
	// The description key works too, for old clients.
	tk2, _ := create(t, s, obj{"comment": nil, "description": "Old style"})
	if tk2.Description != "Old style" {
		t.Errorf("description %q", tk2.Description)
	}
}

func TestCreate_WithoutCommentIs422(t *testing.T) {
	s := newServer(t)
	a := send(t, s, "POST", "/api/v2/tickets.json", obj{"ticket": obj{"subject": "No body"}})
	m := wantError(t, a, http.StatusUnprocessableEntity, "RecordInvalid")
	if _, ok := m["details"].(map[string]any)["description"]; !ok {
		t.Errorf("details %v", m["details"])
	}
	wantError(t, send(t, s, "POST", "/api/v2/tickets.json", obj{"subject": "unwrapped"}), http.StatusBadRequest, "ParameterMissing")
	if s.TicketsCreated() != 0 {
		t.Error("a ticket was created")
	}
}

func TestCreate_RequesterDefaultsToCaller(t *testing.T) {
	s := newServer(t)
	tk, _ := create(t, s, obj{})
	if tk.RequesterID != DefaultAgentID || tk.SubmitterID != DefaultAgentID {
		t.Errorf("requester %d submitter %d, want %d", tk.RequesterID, tk.SubmitterID, DefaultAgentID)
	}
}

func TestCreate_UnknownRequesterEmailCreatesUser(t *testing.T) {
	s := newServer(t)
	tk, _ := create(t, s, obj{"requester": obj{"name": "Pablo", "email": "pablito@example.org", "locale_id": 8}})
	u, ok := s.UserByEmail("pablito@example.org")
	if !ok || u.ID != tk.RequesterID || u.Name != "Pablo" || u.Role != "end-user" || u.LocaleID != 8 {
		t.Fatalf("user %+v (found %v), ticket requester %d", u, ok, tk.RequesterID)
	}
	// An email string works as well.
	tk2, _ := create(t, s, obj{"requester": "someone@example.org"})
	if u, ok := s.UserByEmail("someone@example.org"); !ok || u.ID != tk2.RequesterID {
		t.Errorf("string requester: %+v %v", u, ok)
	}
}

func TestCreate_KnownRequesterEmailReusedUnchanged(t *testing.T) {
	s := newServer(t)
	id := s.AddUser("Original Name", "known@example.org")
	tk, _ := create(t, s, obj{"requester": obj{"name": "Other Name", "email": "KNOWN@example.org"}})
	u, _ := s.User(id)
	if tk.RequesterID != id || u.Name != "Original Name" {
		t.Errorf("requester %d (want %d), name %q", tk.RequesterID, id, u.Name)
	}
}

func TestCreate_RequesterByID(t *testing.T) {
	s := newServer(t)
	id := s.AddUser("U", "u@example.org")
	tk, _ := create(t, s, obj{"requester_id": id})
	tk2, _ := create(t, s, obj{"requester": id})
	if tk.RequesterID != id || tk2.RequesterID != id {
		t.Errorf("requesters %d %d, want %d", tk.RequesterID, tk2.RequesterID, id)
	}
	a := send(t, s, "POST", "/api/v2/tickets.json", obj{"ticket": obj{"requester_id": 42, "comment": obj{"body": "x"}}})
	wantError(t, a, http.StatusUnprocessableEntity, "RecordInvalid")
}

func TestCreate_SubmitterIsRequesterAndWritesFirstComment(t *testing.T) {
	s := newServer(t)
	tk, audit := create(t, s, obj{"requester": obj{"name": "C", "email": "c@example.org"}})
	if tk.SubmitterID != tk.RequesterID {
		t.Errorf("submitter %d, requester %d", tk.SubmitterID, tk.RequesterID)
	}
	if audit.Events[0]["author_id"] != float64(tk.RequesterID) {
		t.Errorf("comment author %v, want requester %d", audit.Events[0]["author_id"], tk.RequesterID)
	}
}

func TestCreate_SubmitterIDWritesFirstComment(t *testing.T) {
	s := newServer(t)
	agent := s.AddAgent("Agent", "agent2@example.org")
	tk, audit := create(t, s, obj{"requester": obj{"name": "C", "email": "c@example.org"}, "submitter_id": agent})
	if tk.SubmitterID != agent || tk.RequesterID == agent {
		t.Errorf("submitter %d requester %d", tk.SubmitterID, tk.RequesterID)
	}
	if audit.Events[0]["author_id"] != float64(agent) {
		t.Errorf("comment author %v, want submitter %d", audit.Events[0]["author_id"], agent)
	}
}

func TestCreate_OrganizationFromRequester(t *testing.T) {
	s := newServer(t)
	u := s.AddUser("Member", "m@example.org")
	org := s.AddOrganization("Acme", u)
	tk, _ := create(t, s, obj{"requester_id": u})
	if tk.OrganizationID == nil || *tk.OrganizationID != org {
		t.Errorf("organization %v, want %d", tk.OrganizationID, org)
	}
}

func TestUpdate_NewRequesterBringsOrganization(t *testing.T) {
	s := newServer(t)
	u := s.AddUser("Member", "m@example.org")
	org := s.AddOrganization("Acme", u)
	tk, _ := create(t, s, obj{})
	update(t, s, tk.ID, obj{"requester_id": u}).want(t, http.StatusOK)
	if got, _ := s.Ticket(tk.ID); got.OrganizationID == nil || *got.OrganizationID != org {
		t.Errorf("organization %v, want %d", got.OrganizationID, org)
	}
}

func TestCreate_CustomFieldsRoundTrip(t *testing.T) {
	s := newServer(t)
	fields := []any{obj{"id": 1, "value": "745"}, obj{"id": 2, "value": 12.5}, obj{"id": 3, "value": true},
		obj{"id": 4, "value": []any{"a", "b"}}, obj{"id": 5, "value": nil}}
	tk, _ := create(t, s, obj{"custom_fields": fields})
	m := send(t, s, "GET", tpath(tk.ID, ".json"), nil).object(t)["ticket"].(map[string]any)
	got := m["custom_fields"].([]any)
	if len(got) != 5 || got[0].(map[string]any)["value"] != "745" || got[1].(map[string]any)["value"] != 12.5 ||
		got[2].(map[string]any)["value"] != true || got[4].(map[string]any)["value"] != nil {
		t.Errorf("custom_fields %v", got)
	}
	if len(m["fields"].([]any)) != 5 {
		t.Errorf("fields %v", m["fields"])
	}
	// An update sets the fields it names and keeps the others.
	update(t, s, tk.ID, obj{"custom_fields": []any{obj{"id": 1, "value": "746"}}}).want(t, http.StatusOK)
	got2, _ := s.Ticket(tk.ID)
	if len(got2.CustomFields) != 5 || got2.CustomFields[0].Value != "746" {
		t.Errorf("after update %v", got2.CustomFields)
	}
}

func TestCreate_InvalidEnum422(t *testing.T) {
	s := newServer(t)
	a := send(t, s, "POST", "/api/v2/tickets.json", obj{"ticket": obj{"priority": "whenever", "comment": obj{"body": "x"}}})
	m := wantError(t, a, http.StatusUnprocessableEntity, "RecordInvalid")
	if _, ok := m["details"].(map[string]any)["priority"]; !ok {
		t.Errorf("details %v", m["details"])
	}
}

func TestCreate_ReadOnlyKeysDroppedWithWarning(t *testing.T) {
	s := newServer(t)
	a := send(t, s, "POST", "/api/v2/tickets.json", obj{"ticket": obj{"id": 999, "created_at": "2001-01-01T00:00:00Z",
		"comment": obj{"body": "x"}}}).want(t, http.StatusCreated)
	if w := a.header.Get("X-Zendesk-Api-Warn"); !strings.Contains(w, `"created_at"`) || !strings.Contains(w, `"id"`) {
		t.Errorf("X-Zendesk-Api-Warn %q", w)
	}
	if _, ok := s.Ticket(999); ok {
		t.Error("the id was taken from the request")
	}
}

func TestCreate_BodyMustBeJSON(t *testing.T) {
	s := newServer(t)
	a := send(t, s, "POST", "/api/v2/tickets.json", `{"ticket":{"comment":{"body":"x"}}}`, "Content-Type", "text/plain")
	wantError(t, a, http.StatusUnsupportedMediaType, "UnsupportedMediaType")
	wantError(t, send(t, s, "POST", "/api/v2/tickets.json", `{"ticket":`), http.StatusBadRequest, "InvalidJSON")
}

func TestFollowup_OnlyFromClosedTicket(t *testing.T) {
	s := newServer(t)
	open, _ := create(t, s, obj{"subject": "Open one"})
	f1, _ := create(t, s, obj{"via_followup_source_id": open.ID, "subject": "ignored link"})
	if f1.Via.Source.Rel != nil {
		t.Errorf("follow-up of an open ticket: via %+v", f1.Via)
	}
	closed, _ := create(t, s, obj{"subject": "Printer", "assignee_id": DefaultAgentID, "status": "closed"})
	f2, _ := create(t, s, obj{"via_followup_source_id": closed.ID, "comment": obj{"body": "My printer is still too hot!"}})
	if f2.Via.Source.Rel == nil || *f2.Via.Source.Rel != "follow_up" || f2.Subject != "Printer" {
		t.Errorf("follow-up via %+v subject %q", f2.Via, f2.Subject)
	}
	src, _ := s.Ticket(closed.ID)
	if !slices.Equal(src.FollowupIDs, []int64{f2.ID}) {
		t.Errorf("followup_ids %v", src.FollowupIDs)
	}
	if o, _ := s.Ticket(open.ID); len(o.FollowupIDs) != 0 {
		t.Errorf("open ticket followup_ids %v", o.FollowupIDs)
	}
	rel := send(t, s, "GET", tpath(f2.ID, "/related.json"), nil).want(t, http.StatusOK).object(t)
	if ids := rel["followup_source_ids"].([]any); len(ids) != 1 || ids[0] != itoa(closed.ID) {
		t.Errorf("related %v", rel)
	}
}

func TestProblem_IncidentsLinked(t *testing.T) {
	s := newServer(t)
	problem, _ := create(t, s, obj{"type": "problem", "subject": "Attachments are broken"})
	create(t, s, obj{"type": "incident", "problem_id": problem.ID})
	create(t, s, obj{"type": "incident", "problem_id": problem.ID})
	create(t, s, obj{"type": "question"})
	if p, _ := s.Ticket(problem.ID); !p.HasIncidents {
		t.Error("has_incidents false")
	}
	var list struct {
		Tickets []Ticket `json:"tickets"`
	}
	send(t, s, "GET", tpath(problem.ID, "/incidents.json"), nil).want(t, http.StatusOK).decode(t, &list)
	if len(list.Tickets) != 2 || *list.Tickets[0].ProblemID != problem.ID {
		t.Errorf("incidents %+v", list.Tickets)
	}
	rel := send(t, s, "GET", tpath(problem.ID, "/related.json"), nil).want(t, http.StatusOK).object(t)
	if rel["incidents"] != float64(2) || rel["from_archive"] != false || rel["topic_id"] != nil {
		t.Errorf("related %v", rel)
	}
	// problem_id must name a problem.
	a := send(t, s, "POST", "/api/v2/tickets.json", obj{"ticket": obj{"problem_id": 424242, "comment": obj{"body": "x"}}})
	wantError(t, a, http.StatusUnprocessableEntity, "RecordInvalid")
}

// TestProblems_ListNewestUpdatedFirstAndAutocomplete: a bumped problem lists before a newer one
// whatever the sort asked for. updated_at has whole seconds, and a change moves it at least a
// second past the ticket's own last value, not past other tickets': one bump made in the second
// p2 was created in would tie with p2. Two bumps always put p1 strictly after p2, however the
// seconds fall.
func TestProblems_ListNewestUpdatedFirstAndAutocomplete(t *testing.T) {
	s := newServer(t)
	p1, _ := create(t, s, obj{"type": "problem", "subject": "Attachments fail"})
	p2, _ := create(t, s, obj{"type": "problem", "subject": "Login slow"})
	create(t, s, obj{"subject": "Attachments too", "type": "question"})
	for _, body := range []string{"bump", "bump again"} {
		update(t, s, p1.ID, obj{"comment": obj{"body": body}}).want(t, http.StatusOK)
	}
	if a, _ := s.Ticket(p1.ID); !a.UpdatedAt.After(p2.UpdatedAt) {
		t.Fatalf("p1 updated at %v, p2 at %v: the bumps did not make p1 the newest", a.UpdatedAt, p2.UpdatedAt)
	}
	var list struct {
		Tickets []Ticket `json:"tickets"`
	}
	send(t, s, "GET", "/api/v2/problems.json?sort=id", nil).want(t, http.StatusOK).decode(t, &list)
	if len(list.Tickets) != 2 || list.Tickets[0].ID != p1.ID || list.Tickets[1].ID != p2.ID {
		t.Errorf("problems %v", list.Tickets)
	}
	send(t, s, "POST", "/api/v2/problems/autocomplete.json", obj{"text": "att"}).want(t, http.StatusOK).decode(t, &list)
	if len(list.Tickets) != 1 || list.Tickets[0].ID != p1.ID {
		t.Errorf("autocomplete (body) %v", list.Tickets)
	}
	send(t, s, "POST", "/api/v2/problems/autocomplete.json?text=LOG", nil).want(t, http.StatusOK).decode(t, &list)
	if len(list.Tickets) != 1 || list.Tickets[0].ID != p2.ID {
		t.Errorf("autocomplete (query) %v", list.Tickets)
	}
}

// TestProblems_TiesByIDNewestFirst: problems updated in the same second list newest id first,
// in the list and in autocomplete (the fake's choice: Zendesk only says newest updated_at first),
// so the order never depends on the clock.
func TestProblems_TiesByIDNewestFirst(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	var ids []int64
	for _, at := range []string{"2024-05-01T10:00:00Z", "2024-05-01T10:00:00Z", "2024-04-01T10:00:00Z", "2024-05-01T10:00:00Z"} {
		var out struct {
			Ticket Ticket `json:"ticket"`
		}
		send(t, s, "POST", "/api/v2/imports/tickets.json", obj{"ticket": obj{
			"type": "problem", "subject": "Outage " + at, "created_at": "2024-03-01T00:00:00Z", "updated_at": at,
			"comments": []any{obj{"value": "down", "created_at": "2024-03-01T00:00:00Z"}},
		}}).want(t, http.StatusCreated).decode(t, &out)
		if out.Ticket.Type == nil || *out.Ticket.Type != "problem" || out.Ticket.UpdatedAt.Format(time.RFC3339) != at {
			t.Fatalf("imported %+v", out.Ticket)
		}
		ids = append(ids, out.Ticket.ID)
	}
	want := []int64{ids[3], ids[1], ids[0], ids[2]}
	for _, req := range []struct{ method, path string }{
		{"GET", "/api/v2/problems.json"},
		{"GET", "/api/v2/problems.json?sort=id"},
		{"GET", "/api/v2/problems.json?page[size]=2"},
		{"POST", "/api/v2/problems/autocomplete.json?text=outage"},
	} {
		var list struct {
			Tickets []Ticket `json:"tickets"`
		}
		send(t, s, req.method, req.path, nil).want(t, http.StatusOK).decode(t, &list)
		var got []int64
		for _, tk := range list.Tickets {
			got = append(got, tk.ID)
		}
		n := len(want)
		if strings.Contains(req.path, "page[size]=2") {
			n = 2
		}
		if !slices.Equal(got, want[:n]) {
			t.Errorf("%s %s: ids %v, want %v", req.method, req.path, got, want[:n])
		}
	}
}

func TestDelete_204ThenGone(t *testing.T) {
	s := newServer(t)
	tk, _ := create(t, s, obj{})
	a := send(t, s, "DELETE", tpath(tk.ID, ".json"), nil).want(t, http.StatusNoContent)
	if len(a.body) != 0 {
		t.Errorf("body %q", a.body)
	}
	send(t, s, "GET", tpath(tk.ID, ".json"), nil).want(t, http.StatusNotFound)
	if s.TicketCount() != 0 || s.TicketsCreated() != 1 {
		t.Errorf("count %d created %d", s.TicketCount(), s.TicketsCreated())
	}
}

func TestMarkAsSpam_DeletesTicketSuspendsRequester(t *testing.T) {
	s := newServer(t)
	tk, _ := create(t, s, obj{"requester": obj{"name": "Spammer", "email": "spam@example.org"}})
	a := send(t, s, "PUT", tpath(tk.ID, "/mark_as_spam.json"), obj{}).want(t, http.StatusOK)
	if len(a.body) != 0 {
		t.Errorf("body %q, want empty", a.body)
	}
	if _, ok := s.Ticket(tk.ID); ok {
		t.Error("ticket still there")
	}
	if u, _ := s.User(tk.RequesterID); !u.Suspended {
		t.Error("requester not suspended")
	}
}

func TestShowMany(t *testing.T) {
	s := newServer(t)
	a, _ := create(t, s, obj{})
	b, _ := create(t, s, obj{})
	var list struct {
		Tickets []Ticket `json:"tickets"`
	}
	send(t, s, "GET", "/api/v2/tickets/show_many.json?ids="+itoa(b.ID)+","+itoa(a.ID)+",999", nil).
		want(t, http.StatusOK).decode(t, &list)
	if len(list.Tickets) != 2 {
		t.Errorf("tickets %v", list.Tickets)
	}
}

func TestListFilters_ExternalIDOrganizationUsers(t *testing.T) {
	s := newServer(t)
	agent := s.AddAgent("Agent", "ag@example.org")
	member := s.AddUser("M", "m@example.org")
	org := s.AddOrganization("Org", member)
	cc := s.AddUser("CC", "cc@example.org")
	t1, _ := create(t, s, obj{"external_id": "ext-1", "requester_id": member, "collaborator_ids": []int64{cc}})
	t2, _ := create(t, s, obj{"assignee_id": agent})
	ids := func(path string) []int64 {
		var list struct {
			Tickets []Ticket `json:"tickets"`
		}
		send(t, s, "GET", path, nil).want(t, http.StatusOK).decode(t, &list)
		var out []int64
		for _, tk := range list.Tickets {
			out = append(out, tk.ID)
		}
		return out
	}
	for path, want := range map[string][]int64{
		"/api/v2/tickets.json?external_id=ext-1":                      {t1.ID},
		"/api/v2/tickets.json?external_id=none":                       nil,
		"/api/v2/organizations/" + itoa(org) + "/tickets.json":        {t1.ID},
		"/api/v2/users/" + itoa(member) + "/tickets/requested.json":   {t1.ID},
		"/api/v2/users/" + itoa(cc) + "/tickets/ccd.json":             {t1.ID},
		"/api/v2/users/" + itoa(agent) + "/tickets/assigned.json":     {t2.ID},
		"/api/v2/tickets/recent.json":                                 {t2.ID, t1.ID},
		"/api/v2/users/" + itoa(DefaultAgentID) + "/tickets/ccd.json": nil,
	} {
		if got := ids(path); !slices.Equal(got, want) {
			t.Errorf("%s: %v, want %v", path, got, want)
		}
	}
	send(t, s, "GET", "/api/v2/organizations/1/tickets.json", nil).want(t, http.StatusNotFound)
	send(t, s, "GET", "/api/v2/users/1/tickets/requested.json", nil).want(t, http.StatusNotFound)
}

// TestRecent_TicketsChangedInOneSecondInChangeOrder: updated_at counts whole seconds, so a
// ticket updated in the second another was created in ties with it; the one changed last still
// comes first in the recent list, on one page and across cursor pages.
func TestRecent_TicketsChangedInOneSecondInChangeOrder(t *testing.T) {
	s := newServer(t)
	first, _ := create(t, s, obj{"subject": "first"})
	second, _ := create(t, s, obj{"subject": "second"})
	update(t, s, first.ID, obj{"subject": "first, changed"}).want(t, http.StatusOK)
	// All three changes fell in one second, as on a fast machine.
	stamp := time.Now().UTC().Truncate(time.Second)
	for _, tk := range s.st.tickets {
		tk.UpdatedAt = stamp
	}
	var list struct {
		Tickets []Ticket `json:"tickets"`
		Meta    pageMeta `json:"meta"`
	}
	tid := func(tk Ticket) int64 { return tk.ID }
	send(t, s, "GET", "/api/v2/tickets/recent.json", nil).want(t, http.StatusOK).decode(t, &list)
	if got := itemIDs(list.Tickets, tid); !slices.Equal(got, []int64{first.ID, second.ID}) {
		t.Errorf("recent: %v, want %d (changed last) first", got, first.ID)
	}
	var got []int64
	path := "/api/v2/tickets/recent.json?page[size]=1"
	for range 3 {
		list.Tickets, list.Meta = nil, pageMeta{}
		send(t, s, "GET", path, nil).want(t, http.StatusOK).decode(t, &list)
		got = append(got, itemIDs(list.Tickets, tid)...)
		if !list.Meta.HasMore {
			break
		}
		path = "/api/v2/tickets/recent.json?page[size]=1&page[after]=" + *list.Meta.AfterCursor
	}
	if !slices.Equal(got, []int64{first.ID, second.ID}) {
		t.Errorf("recent, a page of 1 at a time: %v", got)
	}
}

func TestTwitter_CreateTicketFromTweetAndStatuses(t *testing.T) {
	s := newServer(t)
	a := send(t, s, "POST", "/api/v2/channels/twitter/tickets.json",
		obj{"ticket": obj{"twitter_status_message_id": 8605426295771136, "monitored_twitter_handle_id": 45}})
	var out struct {
		Ticket Ticket `json:"ticket"`
	}
	a.want(t, http.StatusCreated).decode(t, &out)
	if out.Ticket.Via.Channel != "twitter" || out.Ticket.SubmitterID != DefaultAgentID || out.Ticket.RequesterID == DefaultAgentID {
		t.Errorf("ticket %+v", out.Ticket)
	}
	var st struct {
		Statuses []map[string]any `json:"statuses"`
	}
	send(t, s, "GET", "/api/v2/channels/twitter/tickets/"+itoa(out.Ticket.ID)+"/statuses.json", nil).
		want(t, http.StatusOK).decode(t, &st)
	if len(st.Statuses) != 1 {
		t.Fatalf("statuses %v", st.Statuses)
	}
	for _, k := range []string{"id", "favorited", "retweeted", "user_followed"} {
		if _, ok := st.Statuses[0][k]; !ok {
			t.Errorf("status has no %s", k)
		}
	}
	send(t, s, "GET", "/api/v2/channels/twitter/tickets/"+itoa(out.Ticket.ID)+"/statuses.json?ids=1", nil).
		want(t, http.StatusOK).decode(t, &st)
	if len(st.Statuses) != 0 {
		t.Errorf("statuses for ids=1: %v", st.Statuses)
	}
	a = send(t, s, "POST", "/api/v2/channels/twitter/tickets.json", obj{"ticket": obj{}})
	wantError(t, a, http.StatusUnprocessableEntity, "RecordInvalid")
}

func TestAudits_List(t *testing.T) {
	s := newServer(t)
	tk, _ := create(t, s, obj{})
	update(t, s, tk.ID, obj{"comment": obj{"body": "reply"}}).want(t, http.StatusOK)
	var out struct {
		Audits []Audit `json:"audits"`
	}
	send(t, s, "GET", tpath(tk.ID, "/audits.json"), nil).want(t, http.StatusOK).decode(t, &out)
	if len(out.Audits) != 2 || out.Audits[1].Events[0]["body"] != "reply" {
		t.Errorf("audits %+v", out.Audits)
	}
}
