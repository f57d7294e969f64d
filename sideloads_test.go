package zendesk

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"
)

const sideloadedTicket = `{"ticket":{"id":35436,"requester_id":20978392,"group_id":98738,"organization_id":509974},
	"users":[{"id":20978392,"name":"Jane Doe","email":"jane.doe@example.org","role":"end-user","organization_id":"509974"}],
	"groups":[{"id":98738,"url":"https://acme.zendesk.com/api/v2/groups/98738.json","name":"Support","description":"Tier 1",
		"default":true,"deleted":false,"created_at":"2024-01-02T03:04:05Z","updated_at":"2026-01-02T03:04:05Z"}],
	"organizations":[{"id":509974,"name":"Acme","external_id":null,"details":"d","notes":"n","domain_names":["acme.test"],
		"tags":["vip"],"group_id":"98738","shared_tickets":"true","shared_comments":false,
		"organization_fields":{"tier":"gold","seats":250},"created_at":"2019-01-02T08:00:00Z","updated_at":"2026-01-15T12:00:00Z"}],
	"comment_count":3}`

func TestGetWith(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", "/api/v2/tickets/35436.json", respond(200, sideloadedTicket))
	tk, side, err := c.Tickets.GetWith(context.Background(), 35436, "users", "groups", "organizations")
	if err != nil {
		t.Fatal(err)
	}
	r := rec.last(t)
	wantQuery(t, r.URL, "include=users,groups,organizations")
	if r.URL.RawQuery != "include=users,groups,organizations" {
		t.Errorf("raw query %q, want the commas literal", r.URL.RawQuery)
	}
	if tk.ID != 35436 || tk.GroupID != 98738 {
		t.Errorf("ticket = %+v", tk)
	}
	at := func(s string) time.Time { return mustTime(t, s) }
	want := &Sideloads{
		Users: []User{{ID: 20978392, Name: "Jane Doe", Email: "jane.doe@example.org", Role: "end-user", OrganizationID: 509974}},
		Groups: []Group{{ID: 98738, URL: "https://acme.zendesk.com/api/v2/groups/98738.json", Name: "Support", Description: "Tier 1",
			Default: true, CreatedAt: at("2024-01-02T03:04:05Z"), UpdatedAt: at("2026-01-02T03:04:05Z")}},
		Organizations: []Organization{{ID: 509974, Name: "Acme", Details: "d", Notes: "n", DomainNames: []string{"acme.test"},
			Tags: []string{"vip"}, GroupID: 98738, SharedTickets: true,
			OrganizationFields: map[string]any{"tier": "gold", "seats": jsonNumber("250")},
			CreatedAt:          at("2019-01-02T08:00:00Z"), UpdatedAt: at("2026-01-15T12:00:00Z")}},
	}
	if !reflect.DeepEqual(side, want) {
		t.Errorf("side-loads\n got %+v\nwant %+v", side, want)
	}
}

func TestGetWithoutSideloads(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", "/api/v2/tickets/1.json", respond(200, `{"ticket":{"id":1}}`))
	tk, side, err := c.Tickets.GetWith(context.Background(), 1)
	if err != nil || tk.ID != 1 || side != nil {
		t.Fatalf("GetWith = %+v, %+v, %v; want the ticket and nil side-loads", tk, side, err)
	}
	wantQuery(t, rec.last(t).URL, "")
	// Asked for but absent (an unknown side-load is silently left out): nil too.
	if _, side, err := c.Tickets.GetWith(context.Background(), 1, "slas"); err != nil || side != nil {
		t.Errorf("GetWith(slas) side-loads = %+v, %v", side, err)
	}
	wantQuery(t, rec.last(t).URL, "include=slas")
}

func TestGetWithRefusesBadInput(t *testing.T) {
	c, mock := setup(t)
	ctx := context.Background()
	for _, include := range [][]string{{""}, {"users,groups"}, {"users groups"}, {"users&x=1"}, {"users", "gr/oups"}} {
		if _, _, err := c.Tickets.GetWith(ctx, 1, include...); !errors.Is(err, ErrInvalid) {
			t.Errorf("GetWith(%q): err = %v, want ErrInvalid", include, err)
		}
	}
	if _, _, err := c.Tickets.GetWith(ctx, 0, "users"); !errors.Is(err, ErrInvalid) {
		t.Errorf("GetWith(0): err = %v, want ErrInvalid", err)
	}
	if n := mock.GetTotalCallCount(); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

func TestGetWithAnswerWithoutTicket(t *testing.T) {
	c, mock := setup(t)
	on(t, mock, "GET", "/api/v2/tickets/1.json", respond(200, `{"users":[]}`))
	tk, side, err := c.Tickets.GetWith(context.Background(), 1, "users")
	var de *DecodeError
	if !errors.As(err, &de) || tk != nil || side != nil {
		t.Errorf("GetWith = %+v, %+v, %v; want a *DecodeError", tk, side, err)
	}
}

// TestPageCountAndOffsetPaging: an offset page's total (count) and its next_page, and the
// side-load lists next to the items.
func TestPageCountAndOffsetPaging(t *testing.T) {
	tests := []struct {
		name, body string
		hasMore    bool
		count      int64
		side       *Sideloads
	}{
		{"offset, more", `{"tickets":[{"id":1}],"next_page":"https://acme.zendesk.com/api/v2/tickets.json?page=2","previous_page":null,"count":"1234"}`,
			true, 1234, nil},
		{"offset, last", `{"tickets":[{"id":1}],"next_page":null,"count":1}`, false, 1, nil},
		{"cursor", `{"tickets":[{"id":1}],"meta":{"has_more":true,"after_cursor":"a"},"links":{"next":"x"}}`, true, 0, nil},
		{"count in meta", `{"tickets":[{"id":1}],"meta":{"has_more":false,"count":7}}`, false, 7, nil},
		{"side-loads", `{"users":[{"id":5,"name":"U"}],"tickets":[{"id":1}],"groups":[],"meta":{"has_more":false}}`, false, 0,
			&Sideloads{Users: []User{{ID: 5, Name: "U"}}, Groups: []Group{}}},
		{"side-loads null", `{"tickets":[{"id":1}],"users":null}`, false, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mock := setup(t)
			on(t, mock, "GET", "/api/v2/tickets.json", respond(200, tt.body))
			p, err := c.Tickets.List(context.Background(), nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Items) != 1 || p.Items[0].ID != 1 || p.HasMore != tt.hasMore || p.Count != tt.count || !reflect.DeepEqual(p.Sideloads, tt.side) {
				t.Errorf("page = %+v (side-loads %+v)", p, p.Sideloads)
			}
		})
	}
}

// TestPageOfUsersIsNotASideload: where the items are users, "users" is the list itself.
func TestPageOfUsersIsNotASideload(t *testing.T) {
	p := &pageBody[User]{key: "users"}
	if err := decodeAnswer(stringsReader(`{"users":[{"id":1}],"groups":[{"id":2}]}`), p, 0); err != nil {
		t.Fatal(err)
	}
	if len(p.page.Items) != 1 || p.page.Sideloads == nil || p.page.Sideloads.Users != nil || len(p.page.Sideloads.Groups) != 1 {
		t.Errorf("page = %+v, side-loads %+v", p.page, p.page.Sideloads)
	}
}
