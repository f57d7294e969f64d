package zendesktest

import (
	"net/http"
	"slices"
	"testing"
)

type sideloaded struct {
	Users []struct {
		ID int64 `json:"id"`
	} `json:"users"`
	Groups        []Group        `json:"groups"`
	Organizations []Organization `json:"organizations"`
}

func (sl sideloaded) userIDs() []int64 {
	out := []int64{}
	for _, u := range sl.Users {
		out = append(out, u.ID)
	}
	return out
}

// sideloadFixture makes a ticket with a requester in an organization, an assignee, a CC and
// a group, and a second ticket of the built-in agent in the default group.
func sideloadFixture(t *testing.T, s *Server) (t1, t2 Ticket, requester, assignee, cc, org, grp int64) {
	t.Helper()
	requester = s.AddUser("Ann", "ann@example.com")
	assignee = s.AddAgent("Bob", "bob@example.com")
	cc = s.AddUser("Cid", "cid@example.com")
	org = s.AddOrganization("Acme", requester)
	grp = s.AddGroup("Tier 2", assignee)
	t1, _ = create(t, s, obj{"requester_id": requester, "assignee_id": assignee, "group_id": grp,
		"collaborator_ids": []int64{cc}})
	t2, _ = create(t, s, obj{"group_id": DefaultGroupID})
	return
}

func TestSideloads_OnEveryTicketList(t *testing.T) {
	s := newServer(t)
	t1, _, requester, assignee, cc, org, grp := sideloadFixture(t, s)
	wantUsers := []int64{DefaultAgentID, requester, assignee, cc}
	slices.Sort(wantUsers)
	for _, path := range []string{
		"/api/v2/tickets.json?include=users,groups,organizations",
		"/api/v2/tickets.json?page[size]=10&include=users,groups,organizations",
		"/api/v2/tickets/show_many.json?ids=1,2&include=users,groups,organizations",
		"/api/v2/tickets/recent.json?include=users,groups,organizations",
		"/api/v2/incremental/tickets/cursor.json?start_time=0&include=users,groups,organizations",
	} {
		var sl sideloaded
		send(t, s, "GET", path, nil).want(t, http.StatusOK).decode(t, &sl)
		if !slices.Equal(sl.userIDs(), wantUsers) {
			t.Errorf("%s: users %v, want %v", path, sl.userIDs(), wantUsers)
		}
		if len(sl.Groups) != 2 || sl.Groups[0].ID != DefaultGroupID || !sl.Groups[0].Default ||
			sl.Groups[0].Name != DefaultGroupName || sl.Groups[1].ID != grp || sl.Groups[1].Name != "Tier 2" {
			t.Errorf("%s: groups %+v", path, sl.Groups)
		}
		if len(sl.Organizations) != 1 || sl.Organizations[0].ID != org || sl.Organizations[0].Name != "Acme" {
			t.Errorf("%s: organizations %+v", path, sl.Organizations)
		}
	}
	// Lists scoped to one ticket's people side-load that ticket's records.
	var sl sideloaded
	send(t, s, "GET", "/api/v2/organizations/"+itoa(org)+"/tickets.json?include=users", nil).want(t, http.StatusOK).decode(t, &sl)
	want := []int64{requester, assignee, cc}
	slices.Sort(want)
	if !slices.Equal(sl.userIDs(), want) || sl.Groups != nil {
		t.Errorf("organization tickets: users %v groups %v", sl.userIDs(), sl.Groups)
	}
	_ = t1
}

func TestSideloads_ShowAndWireShape(t *testing.T) {
	s := newServer(t)
	t1, _, _, _, _, org, grp := sideloadFixture(t, s)
	a := send(t, s, "GET", tpath(t1.ID, ".json?include=groups,organizations"), nil).want(t, http.StatusOK)
	m := a.object(t)
	if _, ok := m["ticket"]; !ok {
		t.Fatalf("no ticket: %s", a.body)
	}
	if _, ok := m["users"]; ok {
		t.Errorf("users side-loaded without being asked: %s", a.body)
	}
	g := m["groups"].([]any)[0].(map[string]any)
	for _, k := range []string{"id", "url", "name", "description", "default", "deleted", "is_public", "created_at", "updated_at"} {
		if _, ok := g[k]; !ok {
			t.Errorf("group has no %q", k)
		}
	}
	o := m["organizations"].([]any)[0].(map[string]any)
	for _, k := range []string{"id", "url", "name", "external_id", "details", "notes", "domain_names", "tags",
		"group_id", "shared_tickets", "shared_comments", "organization_fields", "created_at", "updated_at"} {
		if _, ok := o[k]; !ok {
			t.Errorf("organization has no %q", k)
		}
	}
	if g["id"] != float64(grp) || o["id"] != float64(org) {
		t.Errorf("groups %v organizations %v", g, o)
	}
}

func TestSideloads_UnsupportedAbsentAndCommentCount(t *testing.T) {
	s := newServer(t)
	tk, _ := create(t, s, obj{})
	update(t, s, tk.ID, obj{"comment": obj{"body": "again"}}).want(t, http.StatusOK)
	a := send(t, s, "GET", "/api/v2/tickets.json?include=metric_sets,last_audits,comment_count", nil).want(t, http.StatusOK)
	m := a.object(t)
	for _, k := range []string{"metric_sets", "last_audits", "comment_count"} {
		if _, ok := m[k]; ok {
			t.Errorf("top-level %q in %s", k, a.body)
		}
	}
	if c := m["tickets"].([]any)[0].(map[string]any)["comment_count"]; c != float64(2) {
		t.Errorf("comment_count %v, want 2", c)
	}
	show := send(t, s, "GET", tpath(tk.ID, ".json?include=comment_count"), nil).want(t, http.StatusOK).object(t)
	if c := show["ticket"].(map[string]any)["comment_count"]; c != float64(2) {
		t.Errorf("show comment_count %v", c)
	}
	plain := send(t, s, "GET", tpath(tk.ID, ".json"), nil).want(t, http.StatusOK).object(t)
	if _, ok := plain["ticket"].(map[string]any)["comment_count"]; ok {
		t.Error("comment_count without include")
	}
}

func TestGroups_DefaultGroupAndGroupValidation(t *testing.T) {
	s := newServer(t)
	gs := s.Groups()
	if len(gs) != 1 || gs[0].ID != DefaultGroupID || !gs[0].Default || gs[0].Name != DefaultGroupName {
		t.Fatalf("groups of a new server %+v", gs)
	}
	tk, _ := create(t, s, obj{"group_id": DefaultGroupID})
	if tk.GroupID == nil || *tk.GroupID != DefaultGroupID {
		t.Errorf("group_id %v", tk.GroupID)
	}
	a := send(t, s, "POST", "/api/v2/tickets.json", obj{"ticket": obj{"group_id": 42, "comment": obj{"body": "x"}}})
	m := wantError(t, a, http.StatusUnprocessableEntity, "RecordInvalid")
	if _, ok := m["details"].(map[string]any)["group_id"]; !ok {
		t.Errorf("422 without details.group_id: %s", a.body)
	}
	if g := s.AddGroup("Tier 3"); len(s.Groups()) != 2 || s.Groups()[1].ID != g {
		t.Errorf("AddGroup: %+v", s.Groups())
	}
}
