package zendesk

import (
	"context"
	"testing"
)

// TestSearchInclude: search side-loads are asked per result type — Search.Tickets sends
// include=tickets(users,groups), Users.Search a plain include= — and arrive in Page.Sideloads.
// A name that cannot be a side-load is refused before any request.
func TestSearchInclude(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", "/api/v2/search.json", respond(200, `{"results": [
		{"id": 1, "subject": "Printer", "requester_id": 7, "group_id": 3, "result_type": "ticket"}],
		"users": [{"id": 7, "name": "Ann", "email": "ann@example.com"}],
		"groups": [{"id": 3, "name": "Support"}],
		"facets": null, "next_page": null, "previous_page": null, "count": 1}`))
	page, err := c.Search.Tickets(context.Background(), "printer", &SearchOptions{Include: []string{"users", "groups"}})
	if err != nil {
		t.Fatal(err)
	}
	wantQuery(t, rec.last(t).URL, "query=type:ticket printer&per_page=100&include=tickets(users,groups)")
	s := page.Sideloads
	if len(page.Items) != 1 || s == nil || len(s.Users) != 1 || s.Users[0].Email != "ann@example.com" ||
		len(s.Groups) != 1 || s.Groups[0].Name != "Support" {
		t.Errorf("page %+v, side-loads %+v", page, s)
	}

	urec := on(t, mock, "GET", "/api/v2/users/search.json", respond(200, `{"users": [{"id": 7, "organization_id": 9}],
		"organizations": [{"id": 9, "name": "Acme"}], "next_page": null, "count": 1}`))
	users, err := c.Users.Search(context.Background(), "ann", &SearchOptions{Include: []string{"organizations"}})
	if err != nil {
		t.Fatal(err)
	}
	wantQuery(t, urec.last(t).URL, "query=ann&per_page=100&include=organizations")
	if users.Sideloads == nil || len(users.Sideloads.Organizations) != 1 || users.Sideloads.Organizations[0].Name != "Acme" {
		t.Errorf("users side-loads %+v", users.Sideloads)
	}

	for _, bad := range [][]string{{""}, {"users)"}, {"users,groups"}, {"tickets(users"}} {
		_, err := c.Search.Tickets(context.Background(), "printer", &SearchOptions{Include: bad})
		wantInvalid(t, err)
		_, err = c.Users.Search(context.Background(), "ann", &SearchOptions{Include: bad})
		wantInvalid(t, err)
	}
	if rec.count() != 1 || urec.count() != 1 {
		t.Errorf("%d search and %d user search requests, want 1 each: bad names were sent", rec.count(), urec.count())
	}
}
