package zendesktest

import (
	"net/http"
	"slices"
	"testing"
)

// TestSearch_SideloadsPerResultType: search.json side-loads what include=tickets(users,groups,
// organizations) asks for the ticket results, as top-level arrays; a plain include=users names
// no result type and brings nothing.
func TestSearch_SideloadsPerResultType(t *testing.T) {
	s := newServer(t)
	ann := s.AddUser("Ann", "ann@example.com")
	org := s.AddOrganization("Acme", ann)
	create(t, s, obj{"subject": "Printer on fire", "requester_id": ann, "group_id": DefaultGroupID})
	var got struct {
		Results       []Ticket       `json:"results"`
		Users         []User         `json:"users"`
		Groups        []Group        `json:"groups"`
		Organizations []Organization `json:"organizations"`
	}
	send(t, s, "GET", searchPath("search", "type:ticket printer", "include", "tickets(users,groups,organizations)"), nil).
		want(t, http.StatusOK).decode(t, &got)
	userIDs := itemIDs(got.Users, func(u User) int64 { return u.ID })
	if len(got.Results) != 1 || !slices.Contains(userIDs, ann) || len(got.Groups) != 1 || got.Groups[0].ID != DefaultGroupID ||
		len(got.Organizations) != 1 || got.Organizations[0].ID != org {
		t.Errorf("results %d, users %v, groups %+v, organizations %+v", len(got.Results), userIDs, got.Groups, got.Organizations)
	}
	m := send(t, s, "GET", searchPath("search", "type:ticket printer", "include", "users"), nil).want(t, http.StatusOK).object(t)
	if _, ok := m["users"]; ok {
		t.Errorf("a plain include=users side-loaded users on search: %v", m["users"])
	}
}

// TestUsersSearch_SideloadsOrganizations: users/search.json side-loads the organizations of
// the page's users with include=organizations.
func TestUsersSearch_SideloadsOrganizations(t *testing.T) {
	s := newServer(t)
	ann := s.AddUser("Ann", "ann@example.com")
	org := s.AddOrganization("Acme", ann)
	s.AddUser("Bob", "bob@example.com")
	var got struct {
		Users         []User         `json:"users"`
		Organizations []Organization `json:"organizations"`
	}
	send(t, s, "GET", searchPath("users/search", "example.com", "include", "organizations"), nil).want(t, http.StatusOK).decode(t, &got)
	if len(got.Users) < 2 || len(got.Organizations) != 1 || got.Organizations[0].ID != org || got.Organizations[0].Name != "Acme" {
		t.Errorf("users %d, organizations %+v", len(got.Users), got.Organizations)
	}
	m := send(t, s, "GET", searchPath("users/search", "example.com"), nil).want(t, http.StatusOK).object(t)
	if _, ok := m["organizations"]; ok {
		t.Error("organizations side-loaded without include")
	}
}
