package zendesktest

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestUpdate_Answer200WithAudit(t *testing.T) {
	s := newServer(t)
	tk, _ := create(t, s, obj{"subject": "Before"})
	var out struct {
		Ticket Ticket `json:"ticket"`
		Audit  *Audit `json:"audit"`
	}
	update(t, s, tk.ID, obj{"subject": "After", "priority": "high"}).want(t, http.StatusOK).decode(t, &out)
	if out.Ticket.Subject != "After" || out.Ticket.Priority == nil || *out.Ticket.Priority != "high" {
		t.Errorf("ticket %+v", out.Ticket)
	}
	if out.Audit == nil {
		t.Fatal("no audit")
	}
	var changed []string
	for _, ev := range out.Audit.Events {
		if ev["type"] == "Change" {
			changed = append(changed, ev["field_name"].(string))
		}
	}
	if !slices.Contains(changed, "subject") || !slices.Contains(changed, "priority") {
		t.Errorf("changes %v", changed)
	}
}

func TestUpdate_SolveNeedsAssignee(t *testing.T) {
	s := newServer(t)
	tk, _ := create(t, s, obj{})
	m := wantError(t, update(t, s, tk.ID, obj{"status": "solved"}), http.StatusUnprocessableEntity, "RecordInvalid")
	d := m["details"].(map[string]any)["status"].([]any)[0].(map[string]any)
	if d["error"] != "InvalidValue" || !strings.Contains(d["description"].(string), "assignee") {
		t.Errorf("details %v", d)
	}
	if got, _ := s.Ticket(tk.ID); got.Status != "new" {
		t.Errorf("status %q after a refused solve", got.Status)
	}
	update(t, s, tk.ID, obj{"status": "solved", "assignee_id": DefaultAgentID}).want(t, http.StatusOK)
	if got, _ := s.Ticket(tk.ID); got.Status != "solved" {
		t.Errorf("status %q", got.Status)
	}
}

func TestUpdate_AssigneeMustBeAgent(t *testing.T) {
	s := newServer(t)
	tk, _ := create(t, s, obj{})
	user := s.AddUser("End", "end@example.org")
	wantError(t, update(t, s, tk.ID, obj{"assignee_id": user}), http.StatusUnprocessableEntity, "RecordInvalid")
	agent := s.AddAgent("Agent", "a2@example.org")
	update(t, s, tk.ID, obj{"assignee_email": "A2@example.org"}).want(t, http.StatusOK)
	if got, _ := s.Ticket(tk.ID); got.AssigneeID == nil || *got.AssigneeID != agent {
		t.Errorf("assignee %v, want %d", got.AssigneeID, agent)
	}
	update(t, s, tk.ID, obj{"assignee_id": nil}).want(t, http.StatusOK)
	if got, _ := s.Ticket(tk.ID); got.AssigneeID != nil {
		t.Errorf("assignee %v after null", *got.AssigneeID)
	}
}

func TestUpdate_ClosedTicketCannotBeUpdated(t *testing.T) {
	s := newServer(t)
	tk, _ := create(t, s, obj{"assignee_id": DefaultAgentID})
	update(t, s, tk.ID, obj{"status": "closed"}).want(t, http.StatusOK)
	for _, change := range []obj{{"status": "open"}, {"comment": obj{"body": "more"}}, {"subject": "x"}} {
		m := wantError(t, update(t, s, tk.ID, change), http.StatusUnprocessableEntity, "RecordInvalid")
		if d := m["details"].(map[string]any)["status"].([]any)[0].(map[string]any); !strings.Contains(d["description"].(string), "closed prevents ticket update") {
			t.Errorf("details %v", d)
		}
	}
	send(t, s, "GET", tpath(tk.ID, ".json"), nil).want(t, http.StatusOK)
}

func TestUpdate_TagsReplace(t *testing.T) {
	s := newServer(t)
	tk, _ := create(t, s, obj{"tags": []string{"a", "b"}})
	update(t, s, tk.ID, obj{"tags": []string{"c"}}).want(t, http.StatusOK)
	if got, _ := s.Ticket(tk.ID); !slices.Equal(got.Tags, []string{"c"}) {
		t.Errorf("tags %v", got.Tags)
	}
	update(t, s, tk.ID, obj{"tags": []string{}}).want(t, http.StatusOK)
	if got, _ := s.Ticket(tk.ID); len(got.Tags) != 0 {
		t.Errorf("tags %v after []", got.Tags)
	}
}

func TestUpdate_CollaboratorsReplaceAndCreateUsers(t *testing.T) {
	s := newServer(t)
	known := s.AddUser("Known", "known@example.org")
	tk, _ := create(t, s, obj{"collaborator_ids": []int64{known}})
	update(t, s, tk.ID, obj{"collaborators": []any{known, "someone@example.com",
		obj{"name": "Someone Else", "email": "else@example.com"}}}).want(t, http.StatusOK)
	someone, ok1 := s.UserByEmail("someone@example.com")
	other, ok2 := s.UserByEmail("else@example.com")
	if !ok1 || !ok2 || other.Name != "Someone Else" {
		t.Fatalf("users not created: %+v %+v", someone, other)
	}
	got, _ := s.Ticket(tk.ID)
	if want := []int64{known, someone.ID, other.ID}; !slices.Equal(got.CollaboratorIDs, want) {
		t.Errorf("collaborator_ids %v, want %v", got.CollaboratorIDs, want)
	}
	update(t, s, tk.ID, obj{"collaborator_ids": []int64{other.ID}}).want(t, http.StatusOK)
	got, _ = s.Ticket(tk.ID)
	if !slices.Equal(got.CollaboratorIDs, []int64{other.ID}) {
		t.Errorf("collaborator_ids %v after replace", got.CollaboratorIDs)
	}
	var users struct {
		Users []User `json:"users"`
	}
	send(t, s, "GET", tpath(tk.ID, "/collaborators.json"), nil).want(t, http.StatusOK).decode(t, &users)
	if len(users.Users) != 1 || users.Users[0].Email != "else@example.com" {
		t.Errorf("collaborators %+v", users.Users)
	}
}

func TestUpdate_MetadataInAuditCustom(t *testing.T) {
	s := newServer(t)
	tk, _ := create(t, s, obj{})
	var out struct {
		Audit Audit `json:"audit"`
	}
	update(t, s, tk.ID, obj{"status": "pending", "metadata": obj{"time_spent": "4m12s", "account": "integrations"}}).
		want(t, http.StatusOK).decode(t, &out)
	if out.Audit.Metadata.Custom["time_spent"] != "4m12s" || out.Audit.Metadata.System == nil {
		t.Errorf("metadata %+v", out.Audit.Metadata)
	}
	audits := s.Audits(tk.ID)
	if len(audits) != 2 || audits[1].Metadata.Custom["account"] != "integrations" {
		t.Errorf("stored audits %+v", audits)
	}
}

func TestUpdate_NoChangeNoAuditKeepsUpdatedAt(t *testing.T) {
	s := newServer(t)
	tk, _ := create(t, s, obj{"subject": "Same", "tags": []string{"x"}})
	a := update(t, s, tk.ID, obj{"subject": "Same", "tags": []string{"x"}, "metadata": obj{"lost": true}}).want(t, http.StatusOK)
	m := a.object(t)
	if _, ok := m["audit"]; ok {
		t.Errorf("an audit for no change: %v", m["audit"])
	}
	got, _ := s.Ticket(tk.ID)
	if !got.UpdatedAt.Equal(tk.UpdatedAt) || len(s.Audits(tk.ID)) != 1 {
		t.Errorf("updated_at %v → %v, %d audits", tk.UpdatedAt, got.UpdatedAt, len(s.Audits(tk.ID)))
	}
}

func TestUpdate_ChangeMovesUpdatedAt(t *testing.T) {
	s := newServer(t)
	tk, _ := create(t, s, obj{})
	update(t, s, tk.ID, obj{"comment": obj{"body": "a reply"}}).want(t, http.StatusOK)
	got, _ := s.Ticket(tk.ID)
	if !got.UpdatedAt.After(tk.UpdatedAt) {
		t.Errorf("updated_at %v, was %v", got.UpdatedAt, tk.UpdatedAt)
	}
}

func TestUpdate_CommentPublicFollowsTicket(t *testing.T) {
	s := newServer(t)
	tk, _ := create(t, s, obj{"comment": obj{"body": "internal", "public": false}})
	var out struct {
		Audit Audit `json:"audit"`
	}
	update(t, s, tk.ID, obj{"comment": obj{"body": "next"}}).want(t, http.StatusOK).decode(t, &out)
	if out.Audit.Events[0]["public"] != false {
		t.Errorf("comment public %v, want false like the first comment", out.Audit.Events[0]["public"])
	}
}

func TestUpdate_IDInBodyDroppedWithWarning(t *testing.T) {
	s := newServer(t)
	tk, _ := create(t, s, obj{})
	a := update(t, s, tk.ID, obj{"id": 77, "subject": "x"}).want(t, http.StatusOK)
	if !strings.Contains(a.header.Get("X-Zendesk-Api-Warn"), `"id"`) {
		t.Errorf("X-Zendesk-Api-Warn %q", a.header.Get("X-Zendesk-Api-Warn"))
	}
}

func TestSafeUpdate_StaleStamp409(t *testing.T) {
	s := newServer(t)
	tk, _ := create(t, s, obj{})
	stamp := tk.UpdatedAt.Format(time.RFC3339)
	update(t, s, tk.ID, obj{"subject": "first", "safe_update": true, "updated_stamp": stamp}).want(t, http.StatusOK)
	m := wantError(t, update(t, s, tk.ID, obj{"subject": "second", "safe_update": true, "updated_stamp": stamp}),
		http.StatusConflict, "UpdateConflict")
	if m["description"] == "" {
		t.Error("no description")
	}
	if got, _ := s.Ticket(tk.ID); got.Subject != "first" {
		t.Errorf("subject %q", got.Subject)
	}
	// Without safe_update the same stale stamp is ignored.
	update(t, s, tk.ID, obj{"subject": "third", "updated_stamp": stamp}).want(t, http.StatusOK)
}

// TestUpdate_StatusNewIs422 (issue 12, item 15): an update takes open, pending, hold, solved or
// closed; new is refused with the field in details, and the ticket keeps its status.
func TestUpdate_StatusNewIs422(t *testing.T) {
	s := newServer(t)
	tk, _ := create(t, s, obj{})
	update(t, s, tk.ID, obj{"status": "open"}).want(t, http.StatusOK)
	m := wantError(t, update(t, s, tk.ID, obj{"status": "new"}), http.StatusUnprocessableEntity, "RecordInvalid")
	d := m["details"].(map[string]any)["status"].([]any)[0].(map[string]any)
	if d["error"] != "InvalidValue" {
		t.Errorf("details %v", d)
	}
	if got, _ := s.Ticket(tk.ID); got.Status != "open" {
		t.Errorf("status %q after a refused update", got.Status)
	}
}
