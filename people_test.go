package zendesk

// Wire tests of users, ticket fields and FieldMap, deleted tickets and ticket import: what each
// method sends and what the caller gets back, against answers shaped as Zendesk sends them.

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
)

var bg = context.Background()

func wantInvalid(t *testing.T, err error) {
	t.Helper()
	if !errors.Is(err, ErrInvalid) {
		t.Errorf("err = %v, want ErrInvalid", err)
	}
}

func TestUsersGet(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", "/api/v2/users/26155588908179.json", respondFixture(t, 200, "user.json"))
	u, err := c.Users.Get(bg, 26155588908179)
	if err != nil {
		t.Fatal(err)
	}
	r := rec.last(t)
	wantQuery(t, r.URL, "")
	if r.Header.Get("Accept") != "application/json" || len(r.Body) != 0 {
		t.Errorf("request %+v", r)
	}
	login := time.Date(2026, 9, 30, 8, 0, 0, 0, time.UTC)
	if u.ID != 26155588908179 || u.Name != "Ann Lee" || u.ExternalID != "crm-1042" || u.OrganizationID != 360012345678 ||
		!slices.Equal(u.Tags, []string{"vip"}) || u.UserFields["plan"] != "gold" || u.Phone != "+1 555 0100" ||
		u.Notes != "Prefers email" || u.LastLoginAt == nil || !u.LastLoginAt.Equal(login) || u.TicketRestriction != "requested" ||
		!u.RestrictedAgent || u.IanaTimeZone != "America/New_York" || u.Photo != nil || u.Signature != "" {
		t.Errorf("user %+v", u)
	}

	on(t, mock, "GET", "/api/v2/users/5.json", respond(404, `{"error":"RecordNotFound","description":"Not found"}`))
	if _, err := c.Users.Get(bg, 5); !errors.Is(err, ErrNotFound) {
		t.Errorf("404: %v", err)
	}
	on(t, mock, "GET", "/api/v2/users/6.json", respond(200, `{}`))
	var de *DecodeError
	if _, err := c.Users.Get(bg, 6); !errors.As(err, &de) {
		t.Errorf("no user key: %v", err)
	}
	_, err = c.Users.Get(bg, 0)
	wantInvalid(t, err)
}

func TestUsersGetAgentKeys(t *testing.T) {
	c, mock := setup(t)
	on(t, mock, "GET", "/api/v2/users/show_many.json", respondFixture(t, 200, "users_show_many.json"))
	users, err := c.Users.GetMany(bg, []int64{360000000001})
	if err != nil || len(users) != 1 {
		t.Fatal(users, err)
	}
	a := users[0]
	if a.Role != "agent" || a.DefaultGroupID != 360004412301 || a.CustomRoleID != 360002281234 || a.RoleType != 2 ||
		!a.TwoFactorAuthEnabled || a.Signature != "Al\nSupport" || !a.Moderator || a.Photo == nil || a.Photo.ID != 368 ||
		a.Locale != "de" || a.LocaleID != 8 {
		t.Errorf("agent %+v", a)
	}
}

func TestUsersGetManyKeepsTheOrderAskedAndSplits(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", "/api/v2/users/show_many.json", func(req *http.Request) (*http.Response, error) {
		ids := strings.Split(req.URL.Query().Get("ids"), ",")
		slices.Sort(ids) // the server's own order
		var items []string
		for _, s := range ids {
			if id, _ := strconv.ParseInt(s, 10, 64); id%5 != 0 { // some do not exist
				items = append(items, fmt.Sprintf(`{"id":%q,"name":"u%s"}`, s, s))
			}
		}
		return respond(200, `{"users":[`+strings.Join(items, ",")+`],"next_page":null,"previous_page":null}`)(req)
	})
	var ids []int64
	for i := 150; i >= 1; i-- {
		ids = append(ids, int64(1000+i))
	}
	ids = append(ids, 1150) // asked twice
	got, err := c.Users.GetMany(bg, ids)
	if err != nil {
		t.Fatal(err)
	}
	reqs := rec.all()
	if len(reqs) != 2 || len(strings.Split(reqs[0].URL.Query().Get("ids"), ",")) != 100 ||
		len(strings.Split(reqs[1].URL.Query().Get("ids"), ",")) != 50 {
		t.Fatalf("%d requests", len(reqs))
	}
	var want []int64
	for _, id := range ids[:150] {
		if id%5 != 0 {
			want = append(want, id)
		}
	}
	var gotIDs []int64
	for _, u := range got {
		gotIDs = append(gotIDs, u.ID)
	}
	if !slices.Equal(gotIDs, want) {
		t.Errorf("ids %v\nwant %v", gotIDs, want)
	}

	before := rec.count()
	for _, bad := range [][]int64{nil, {1, 0}, make([]int64, maxGetMany+1)} {
		_, err := c.Users.GetMany(bg, bad)
		wantInvalid(t, err)
	}
	if rec.count() != before {
		t.Error("requests sent for bad ids")
	}
}

func TestUsersSearch(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", "/api/v2/users/search.json", respondFixture(t, 200, "users_search_page.json"))
	page, err := c.Users.Search(bg, "example tags:vip", &SearchOptions{PerPage: 2, Page: 1, SortBy: "created_at", SortOrder: "desc"})
	if err != nil {
		t.Fatal(err)
	}
	wantQuery(t, rec.last(t).URL, "query=example tags:vip&per_page=2&page=1&sort_by=created_at&sort_order=desc")
	if len(page.Items) != 2 || !page.HasMore || page.Count != 3 || page.AfterCursor != "" ||
		page.Items[0].Email != "ann@example.com" || page.Items[1].ID != 26155588908180 {
		t.Errorf("page %+v", page)
	}
	for _, bad := range []struct {
		q    string
		opts *SearchOptions
	}{{" ", nil}, {"x", &SearchOptions{PerPage: 101}}, {"x", &SearchOptions{SortOrder: "up"}}} {
		_, err := c.Users.Search(bg, bad.q, bad.opts)
		wantInvalid(t, err)
	}
	if rec.count() != 1 {
		t.Errorf("%d requests, want 1", rec.count())
	}
}

func TestUsersSearchAllWalksOffsetPages(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", "/api/v2/users/search.json", respondFixture(t, 200, "users_search_page.json"),
		respond(200, `{"users":[{"id":7,"name":"Cy"}],"next_page":null,"previous_page":"x","count":3}`))
	var names []string
	for u, err := range c.Users.SearchAll(bg, "example", &SearchOptions{PerPage: 2}) {
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, u.Name)
	}
	if !slices.Equal(names, []string{"Ann Lee", "Bob", "Cy"}) {
		t.Errorf("names %v", names)
	}
	reqs := rec.all()
	if len(reqs) != 2 {
		t.Fatalf("%d requests", len(reqs))
	}
	wantQuery(t, reqs[0].URL, "query=example&per_page=2&page=1")
	wantQuery(t, reqs[1].URL, "query=example&per_page=2&page=2")
}

func TestUsersSearchAllStopsAtTheOffsetLimit(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", "/api/v2/users/search.json", func(req *http.Request) (*http.Response, error) {
		return respond(200, `{"users":[{"id":1}],"next_page":"more","count":20000}`)(req)
	})
	var err error
	n := 0
	for _, e := range c.Users.SearchAll(bg, "x", &SearchOptions{PerPage: 100, Page: 100}) {
		if e != nil {
			err = e
			break
		}
		n++
	}
	if !errors.Is(err, ErrSearchLimit) || n != 1 || rec.count() != 1 {
		t.Errorf("err %v after %d users and %d requests", err, n, rec.count())
	}
}

func TestUsersFindByEmail(t *testing.T) {
	c, mock := setup(t)
	// The fixture says another page follows: the first call finds its user on it, the second
	// reads it and the last page after it.
	rec := on(t, mock, "GET", "/api/v2/users/search.json", respondFixture(t, 200, "users_search_page.json"),
		respondFixture(t, 200, "users_search_page.json"), respond(200, `{"users":[],"count":3,"next_page":null,"previous_page":null}`))
	u, err := c.Users.FindByEmail(bg, " ANN@example.com ")
	if err != nil {
		t.Fatal(err)
	}
	wantQuery(t, rec.last(t).URL, `query=email:"ANN@example.com"&page=1&per_page=100`)
	if u.ID != 26155588908179 {
		t.Errorf("user %+v", u)
	}
	// Search also matched others; only an exact address counts.
	if _, err := c.Users.FindByEmail(bg, "nn@example.com"); !errors.Is(err, ErrNotFound) || rec.count() != 3 {
		t.Errorf("no exact match: %v after %d requests, want ErrNotFound after 3", err, rec.count())
	}
	before := rec.count()
	for _, bad := range []string{"", "ann", "a b@example.com", `a"@x`} {
		_, err := c.Users.FindByEmail(bg, bad)
		wantInvalid(t, err)
	}
	if rec.count() != before {
		t.Error("requests sent for bad emails")
	}
}

func TestUsersCreateOrUpdate(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "POST", "/api/v2/users/create_or_update.json",
		respondFixture(t, 201, "user_create_or_update.json"), respondFixture(t, 200, "user_create_or_update.json"))
	req := &UserRequest{Name: Set("New Person"), Email: Set("new@example.com"), OrganizationID: Null[int64](),
		Tags: Set([]string{}), Verified: Set(true), SkipVerifyEmail: Set(true), UserFields: map[string]any{"plan": "gold"}}
	u, created, err := c.Users.CreateOrUpdate(bg, req)
	if err != nil {
		t.Fatal(err)
	}
	r := rec.last(t)
	wantJSON(t, r.Body, `{"user":{"name":"New Person","email":"new@example.com","organization_id":null,"tags":[],
		"verified":true,"skip_verify_email":true,"user_fields":{"plan":"gold"}}}`)
	if r.Header.Get("Content-Type") != "application/json" || !created || u.ID != 26155588908200 {
		t.Errorf("created %v, user %+v", created, u)
	}
	_, created, err = c.Users.CreateOrUpdate(bg, &UserRequest{ExternalID: Set("crm-9"), Notes: Set("n")})
	if err != nil || created {
		t.Errorf("200: created %v, err %v", created, err)
	}
	wantJSON(t, rec.last(t).Body, `{"user":{"external_id":"crm-9","notes":"n"}}`)

	before := rec.count()
	for _, bad := range []*UserRequest{nil, {Name: Set("x")}, {Email: Set("")}, {Email: Null[string]()}} {
		_, _, err := c.Users.CreateOrUpdate(bg, bad)
		wantInvalid(t, err)
	}
	if rec.count() != before {
		t.Error("requests sent for bad requests")
	}
	on(t, mock, "POST", "/api/v2/users/create_or_update.json", respond(422,
		`{"error":"RecordInvalid","description":"Record validation errors","details":{"email":[{"description":"Email: x is already being used by another user","error":"DuplicateValue"}]}}`))
	_, _, err = c.Users.CreateOrUpdate(bg, &UserRequest{Email: Set("x@example.com"), ExternalID: Set("other")})
	var apiErr *APIError
	if !errors.Is(err, ErrInvalid) || !errors.As(err, &apiErr) || apiErr.Details["email"][0].Error != "DuplicateValue" {
		t.Errorf("422: %v", err)
	}
}

func TestTicketFieldsListGetOptions(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", "/api/v2/ticket_fields.json", respondFixture(t, 200, "ticket_fields.json"))
	fields, err := c.TicketFields.List(bg)
	if err != nil {
		t.Fatal(err)
	}
	wantQuery(t, rec.last(t).URL, "page[size]=100")
	if len(fields) != 16 || fields[0].Type != "subject" || fields[0].Removable || !fields[0].Required {
		t.Fatalf("fields %+v", fields)
	}
	p := fields[7]
	if p.Title != "Printer" || p.Type != "tagger" || p.Position != 8 || !p.Active || !p.Removable || len(p.CustomFieldOptions) != 2 ||
		p.CustomFieldOptions[0] != (FieldOption{ID: 360019741001, Name: "HD 3000 color printer", RawName: "HD 3000 color printer", Value: "hd_3000"}) ||
		!p.CustomFieldOptions[1].Default || p.AgentDescription != "" || p.CreatedAt.IsZero() {
		t.Errorf("printer %+v", p)
	}
	if fields[13].RegexpForValidation != "^[0-9]{6}$" || fields[9].Tag != "urgent_cb" {
		t.Errorf("regexp %+v, checkbox %+v", fields[13], fields[9])
	}

	on(t, mock, "GET", "/api/v2/ticket_fields/360005001001.json", respondFixture(t, 200, "ticket_field.json"))
	f, err := c.TicketFields.Get(bg, 360005001001)
	if err != nil || f.Title != "Printer" || len(f.CustomFieldOptions) != 2 {
		t.Errorf("Get: %+v %v", f, err)
	}
	orec := on(t, mock, "GET", "/api/v2/ticket_fields/360005001001/options.json", respondFixture(t, 200, "ticket_field_options.json"))
	opts, err := c.TicketFields.Options(bg, 360005001001)
	if err != nil {
		t.Fatal(err)
	}
	wantQuery(t, orec.last(t).URL, "page[size]=100")
	if len(opts) != 2 || opts[1].Position != 1 || opts[1].Value != "laser_jet" || !strings.HasSuffix(opts[1].URL, "/360019741002.json") {
		t.Errorf("options %+v", opts)
	}
	_, err = c.TicketFields.Get(bg, -1)
	wantInvalid(t, err)
	_, err = c.TicketFields.Options(bg, 0)
	wantInvalid(t, err)
}

// fieldMap returns a map loaded from the ticket_fields.json fixture.
func fieldMap(t *testing.T) *FieldMap {
	t.Helper()
	c, mock := setup(t)
	on(t, mock, "GET", "/api/v2/ticket_fields.json", respondFixture(t, 200, "ticket_fields.json"))
	m, err := c.TicketFields.Map(bg)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestFieldMapSet(t *testing.T) {
	m := fieldMap(t)
	date := time.Date(2027, 3, 1, 23, 30, 0, 0, time.FixedZone("X", -5*3600))
	good := []struct {
		title string
		value any
		want  any
	}{
		{"Printer", "HD 3000 color printer", "hd_3000"},
		{"Printer", "hd_3000", "hd_3000"},
		{"Printer", "laser jet", "laser_jet"},
		{"Printer", nil, nil},
		{"OS", []string{"Mac OS", "win"}, []string{"mac_os", "win"}},
		{"OS", []string{}, []string{}},
		{"Urgent", true, true},
		{"Seats", 12, int64(12)},
		{"Seats", uint8(3), int64(3)},
		{"Amount", 12.5, 12.5},
		{"Amount", 7, int64(7)},
		{"Renewal", date, "2027-03-01"},
		{"Order number", "123456", "123456"},
		{"Serial", "SN-1", "SN-1"},
		{"Notes", "long text", "long text"},
	}
	for _, c := range good {
		cf, err := m.Set(c.title, c.value)
		if err != nil {
			t.Errorf("Set(%q, %v): %v", c.title, c.value, err)
			continue
		}
		f, _ := m.Field(c.title)
		if cf.ID != f.ID || !reflect.DeepEqual(cf.Value, c.want) {
			t.Errorf("Set(%q, %v) = %+v, want value %v (%T)", c.title, c.value, cf, c.want, c.want)
		}
	}
	bad := []struct {
		title string
		value any
	}{
		{"Nope", "x"},
		{"Subject", "a subject"},
		{"Printer", "Inkjet"},
		{"Printer", 3},
		{"OS", []string{"mac_os", "linux"}},
		{"OS", "mac_os"},
		{"Urgent", "true"},
		{"Seats", 12.0},
		{"Seats", "12"},
		{"Amount", "1.5"},
		{"Amount", nanValue()},
		{"Renewal", "2027-03-01"},
		{"Renewal", time.Time{}},
		{"Order number", "12345"},
		{"Serial", 42},
	}
	for _, c := range bad {
		if cf, err := m.Set(c.title, c.value); !errors.Is(err, ErrInvalid) {
			t.Errorf("Set(%q, %v) = %+v, %v; want ErrInvalid", c.title, c.value, cf, err)
		}
	}
}

func nanValue() float64 { var z float64; return z / z }

func TestFieldMapValueAndField(t *testing.T) {
	m := fieldMap(t)
	tk := &Ticket{CustomFields: []CustomField{
		{ID: 360005001001, Value: "hd_3000"},
		{ID: 360005001002, Value: []any{"mac_os", "gone"}},
		{ID: 360005001004, Value: "12"},
	}}
	for _, c := range []struct {
		title string
		want  any
		ok    bool
	}{
		{"Printer", "HD 3000 color printer", true},
		{"OS", []string{"Mac OS", "gone"}, true},
		{"Seats", "12", true},
		{"Urgent", nil, false},
		{"Nope", nil, false},
	} {
		got, ok := m.Value(tk, c.title)
		if ok != c.ok || !reflect.DeepEqual(got, c.want) {
			t.Errorf("Value(%q) = %v, %v; want %v, %v", c.title, got, ok, c.want, c.ok)
		}
	}
	if _, ok := m.Value(nil, "Printer"); ok {
		t.Error("nil ticket")
	}
	f, ok := m.Field("Printer")
	if !ok || f.ID != 360005001001 {
		t.Fatalf("Field %+v", f)
	}
	f.CustomFieldOptions[0].Value = "changed" // a copy: the map is not touched
	if cf, _ := m.Set("Printer", "HD 3000 color printer"); cf.Value != "hd_3000" {
		t.Errorf("the map changed through Field's copy: %v", cf.Value)
	}
}

func TestFieldMapRefreshIsSafeForConcurrentUse(t *testing.T) {
	c, mock := setup(t)
	// The second load has a new option; until it is loaded, Set refuses it.
	withNew := strings.Replace(string(fixture(t, "ticket_fields.json")), `"value": "laser_jet"`, `"value": "inkjet"`, 1)
	withNew = strings.Replace(withNew, `"name": "Laser Jet"`, `"name": "Inkjet"`, 1)
	rec := on(t, mock, "GET", "/api/v2/ticket_fields.json", respondFixture(t, 200, "ticket_fields.json"), respond(200, withNew))
	m, err := c.TicketFields.Map(bg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Set("Printer", "Inkjet"); !errors.Is(err, ErrInvalid) {
		t.Fatalf("before refresh: %v", err)
	}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				if _, err := m.Set("Printer", "hd_3000"); err != nil {
					t.Error(err)
					return
				}
				m.Value(&Ticket{CustomFields: []CustomField{{ID: 360005001001, Value: "hd_3000"}}}, "Printer")
				m.Field("OS")
			}
			if i == 0 {
				if err := m.Refresh(bg); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	if cf, err := m.Set("Printer", "Inkjet"); err != nil || cf.Value != "inkjet" || rec.count() != 2 {
		t.Errorf("after refresh: %+v %v (%d loads)", cf, err, rec.count())
	}
	// A failed refresh keeps what the map had.
	on(t, mock, "GET", "/api/v2/ticket_fields.json", respond(503, `{"error":"ServiceUnavailable"}`))
	if err := m.Refresh(bg); err == nil {
		t.Error("refresh of a 503 succeeded")
	}
	if _, err := m.Set("Printer", "Inkjet"); err != nil {
		t.Errorf("after a failed refresh: %v", err)
	}
}

func TestDeletedTicketsList(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", "/api/v2/deleted_tickets.json", respondFixture(t, 200, "deleted_tickets_page.json"))
	page, err := c.DeletedTickets.List(bg, &ListOptions{PageSize: 2, SortBy: "id", SortOrder: "desc"})
	if err != nil {
		t.Fatal(err)
	}
	wantQuery(t, rec.last(t).URL, "page[size]=2&sort=-id")
	want := DeletedTicket{ID: 581, Subject: "Printer on fire", Description: "Smoke everywhere", PreviousState: "open",
		Actor: DeletedBy{ID: 360000000001, Name: "Al Agent"}, DeletedAt: time.Date(2026, 11, 28, 17, 45, 12, 0, time.UTC)}
	if len(page.Items) != 2 || !reflect.DeepEqual(page.Items[0], want) || !page.HasMore || page.AfterCursor == "" {
		t.Errorf("page %+v", page)
	}
	_, err = c.DeletedTickets.List(bg, &ListOptions{PageSize: 101})
	wantInvalid(t, err)
}

func TestDeletedTicketsListAll(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", "/api/v2/deleted_tickets.json", respondFixture(t, 200, "deleted_tickets_page.json"),
		respond(200, `{"deleted_tickets":[{"id":583}],"meta":{"has_more":false,"after_cursor":"c2","before_cursor":"c1"}}`))
	var ids []int64
	for d, err := range c.DeletedTickets.ListAll(bg, nil) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.ID)
	}
	if !slices.Equal(ids, []int64{581, 582, 583}) {
		t.Errorf("ids %v", ids)
	}
	reqs := rec.all()
	wantQuery(t, reqs[1].URL, "page[size]=100&page[after]=eyJvIjoiaWQiLCJ2IjoiYVFJQUFBQUFBQUFBIn0=")
}

func TestDeletedTicketsRestore(t *testing.T) {
	c, mock := setup(t)
	one := on(t, mock, "PUT", "/api/v2/deleted_tickets/581/restore.json", respond(200, ""))
	many := on(t, mock, "PUT", "/api/v2/deleted_tickets/restore_many.json", respond(200, "{}"))
	if err := c.DeletedTickets.Restore(bg, 581); err != nil {
		t.Fatal(err)
	}
	if r := one.last(t); len(r.Body) != 0 {
		t.Errorf("body %q", r.Body)
	}
	if err := c.DeletedTickets.RestoreMany(bg, []int64{581, 582}); err != nil {
		t.Fatal(err)
	}
	wantQuery(t, many.last(t).URL, "ids=581,582")
	on(t, mock, "PUT", "/api/v2/deleted_tickets/9/restore.json", respond(404, `{"error":"RecordNotFound","description":"Not found"}`))
	if err := c.DeletedTickets.Restore(bg, 9); !errors.Is(err, ErrNotFound) {
		t.Errorf("404: %v", err)
	}
	wantInvalid(t, c.DeletedTickets.Restore(bg, 0))
	wantInvalid(t, c.DeletedTickets.RestoreMany(bg, nil))
	wantInvalid(t, c.DeletedTickets.RestoreMany(bg, make([]int64, 101)))
	if one.count() != 1 || many.count() != 1 {
		t.Errorf("requests: %d, %d", one.count(), many.count())
	}
}

func TestDeletedTicketsDestroy(t *testing.T) {
	c, mock := setup(t)
	one := on(t, mock, "DELETE", "/api/v2/deleted_tickets/581.json", respondFixture(t, 200, "job_status_delete_queued.json"))
	many := on(t, mock, "DELETE", "/api/v2/deleted_tickets/destroy_many.json", respondFixture(t, 200, "job_status_delete_queued.json"))
	js, err := c.DeletedTickets.Destroy(bg, 581)
	if err != nil || js.ID != "V3-3a4b5c6d7e8f40a1b2c3d4e5f6a7b8c9" {
		t.Fatalf("Destroy: %+v %v", js, err)
	}
	js, err = c.DeletedTickets.DestroyMany(bg, []int64{581, 582})
	if err != nil || js.ID == "" {
		t.Fatalf("DestroyMany: %+v %v", js, err)
	}
	wantQuery(t, many.last(t).URL, "ids=581,582")
	on(t, mock, "DELETE", "/api/v2/deleted_tickets/582.json", respond(200, `{}`))
	var de *DecodeError
	if _, err := c.DeletedTickets.Destroy(bg, 582); !errors.As(err, &de) {
		t.Errorf("no job_status: %v", err)
	}
	_, err = c.DeletedTickets.Destroy(bg, -2)
	wantInvalid(t, err)
	_, err = c.DeletedTickets.DestroyMany(bg, make([]int64, 101))
	wantInvalid(t, err)
	if one.count() != 1 || many.count() != 1 {
		t.Errorf("requests: %d, %d", one.count(), many.count())
	}
}

func TestTicketsImport(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "POST", "/api/v2/imports/tickets.json", respondFixture(t, 201, "ticket_import.json"))
	berlin := time.FixedZone("CET", 3600)
	imp := &TicketImport{
		Ticket: TicketRequest{ID: 5, Subject: Set("Old printer issue"), Status: Set(StatusClosed), RequesterID: Set[int64](20978392),
			AssigneeID: Set[int64](223443), Tags: Set([]string{"migrated"}), Comment: &Comment{Body: "ignored"}},
		CreatedAt: time.Date(2020, 1, 2, 4, 4, 5, 900, berlin),
		UpdatedAt: time.Date(2020, 2, 1, 0, 0, 0, 0, time.UTC),
		SolvedAt:  time.Date(2020, 1, 31, 0, 0, 0, 0, time.UTC),
		Comments: []ImportComment{
			{AuthorID: 20978392, Body: "It broke", CreatedAt: time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)},
			{AuthorID: 223443, HTMLBody: "<p>Fixed</p>", Public: Set(false), CreatedAt: time.Date(2020, 1, 3, 0, 0, 0, 0, time.UTC), Uploads: []string{"tok1"}},
		},
	}
	tk, err := c.Tickets.Import(bg, imp, &ImportOptions{ArchiveImmediately: true})
	if err != nil {
		t.Fatal(err)
	}
	r := rec.last(t)
	wantQuery(t, r.URL, "archive_immediately=true")
	wantJSON(t, r.Body, `{"ticket":{"subject":"Old printer issue","status":"closed","requester_id":20978392,"assignee_id":223443,
		"tags":["migrated"],"created_at":"2020-01-02T03:04:05Z","updated_at":"2020-02-01T00:00:00Z","solved_at":"2020-01-31T00:00:00Z",
		"comments":[{"author_id":20978392,"body":"It broke","created_at":"2020-01-02T03:04:05Z"},
		{"author_id":223443,"html_body":"<p>Fixed</p>","public":false,"created_at":"2020-01-03T00:00:00Z","uploads":["tok1"]}]}}`)
	if r.Header.Get("Idempotency-Key") != "" || tk.ID != 9001 || tk.Status != StatusClosed ||
		!tk.CreatedAt.Equal(time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)) {
		t.Errorf("ticket %+v", tk)
	}
	// Zero times are left out; no options, no query.
	_, err = c.Tickets.Import(bg, &TicketImport{Comments: []ImportComment{{Body: "x"}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantQuery(t, rec.last(t).URL, "")
	wantJSON(t, rec.last(t).Body, `{"ticket":{"comments":[{"body":"x"}]}}`)

	before := rec.count()
	for _, bad := range []*TicketImport{nil, {}, {Comments: []ImportComment{{AuthorID: 1}}}} {
		_, err := c.Tickets.Import(bg, bad, nil)
		wantInvalid(t, err)
	}
	if rec.count() != before {
		t.Error("requests sent for bad imports")
	}
	on(t, mock, "POST", "/api/v2/imports/tickets.json", respond(403, `{"error":{"title":"Forbidden","message":"admins only"}}`))
	if _, err := c.Tickets.Import(bg, &TicketImport{Comments: []ImportComment{{Body: "x"}}}, nil); !errors.Is(err, ErrForbidden) {
		t.Errorf("403: %v", err)
	}
}

func TestTicketsImportMany(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "POST", "/api/v2/imports/tickets/create_many.json", respondFixture(t, 200, "job_status_queued.json"))
	list := []TicketImport{
		{Ticket: TicketRequest{Subject: Set("a")}, Comments: []ImportComment{{Body: "a"}}},
		{Ticket: TicketRequest{Subject: Set("b")}, CreatedAt: time.Date(2019, 5, 5, 0, 0, 0, 0, time.UTC), Comments: []ImportComment{{Body: "b"}}},
	}
	js, err := c.Tickets.ImportMany(bg, list, &ImportOptions{ArchiveImmediately: true})
	if err != nil || js.ID == "" {
		t.Fatalf("%+v %v", js, err)
	}
	wantQuery(t, rec.last(t).URL, "archive_immediately=true")
	wantJSON(t, rec.last(t).Body, `{"tickets":[{"subject":"a","comments":[{"body":"a"}]},
		{"subject":"b","created_at":"2019-05-05T00:00:00Z","comments":[{"body":"b"}]}]}`)
	_, err = c.Tickets.ImportMany(bg, nil, nil)
	wantInvalid(t, err)
	_, err = c.Tickets.ImportMany(bg, make([]TicketImport, 101), nil)
	wantInvalid(t, err)
	_, err = c.Tickets.ImportMany(bg, []TicketImport{{Comments: []ImportComment{{Body: "x"}}}, {}}, nil)
	wantInvalid(t, err)
	_, err = c.Tickets.ImportAll(bg, []TicketImport{{}}, nil, nil)
	wantInvalid(t, err)
	_, err = c.Tickets.ImportAll(bg, []TicketImport{{Comments: []ImportComment{{Body: "x"}}}}, nil, &BulkOptions{Concurrency: 31})
	wantInvalid(t, err)
	if rec.count() != 1 {
		t.Errorf("%d requests, want 1", rec.count())
	}
}

func TestUsersCreateOrUpdateRetriedAfter503(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "POST", "/api/v2/users/create_or_update.json",
		respond(503, `{"error":"ServiceUnavailable"}`), respondFixture(t, 201, "user_create_or_update.json"))
	_, created, err := c.Users.CreateOrUpdate(bg, &UserRequest{Email: Set("new@example.com")})
	if err != nil || !created || rec.count() != 2 {
		t.Errorf("created %v, err %v, %d requests", created, err, rec.count())
	}
}

func TestTicketsImportCollision409(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "POST", "/api/v2/imports/tickets.json", func(req *http.Request) (*http.Response, error) {
		resp, err := respond(409, "Requester creation collision - please try again")(req)
		resp.Header.Set("Content-Type", "text/plain")
		return resp, err
	})
	_, err := c.Tickets.Import(bg, &TicketImport{Comments: []ImportComment{{Body: "x"}}}, nil)
	var apiErr *APIError
	if !errors.Is(err, ErrConflict) || !errors.As(err, &apiErr) || apiErr.StatusCode != 409 || rec.count() != 1 {
		t.Errorf("409: %v (%d requests)", err, rec.count())
	}
}

// TestFieldMapNotFromMap: a nil or zero FieldMap is an error, never a panic.
func TestFieldMapNotFromMap(t *testing.T) {
	for _, m := range []*FieldMap{nil, {}} {
		if err := m.Refresh(bg); !errors.Is(err, ErrInvalid) {
			t.Errorf("Refresh: %v, want ErrInvalid", err)
		}
		if _, err := m.Set("Printer", "x"); !errors.Is(err, ErrInvalid) {
			t.Errorf("Set: %v, want ErrInvalid", err)
		}
		if _, ok := m.Field("Printer"); ok {
			t.Error("Field found a title")
		}
		if _, ok := m.Value(&Ticket{}, "Printer"); ok {
			t.Error("Value found a title")
		}
	}
}

// TestGetManyOneWay: Tickets.GetMany and Users.GetMany are the same show_many: an answer
// without its list is a *DecodeError naming the key (not an empty result), a record the server
// repeats is kept at its first place, and records not asked for are dropped.
func TestGetManyOneWay(t *testing.T) {
	for _, tc := range []struct {
		path, key string
		get       func(c *Client, ids []int64) ([]int64, error)
	}{
		{"/api/v2/tickets/show_many.json", "tickets", func(c *Client, ids []int64) ([]int64, error) {
			ts, err := c.Tickets.GetMany(bg, ids)
			var got []int64
			for _, x := range ts {
				got = append(got, x.ID)
			}
			return got, err
		}},
		{"/api/v2/users/show_many.json", "users", func(c *Client, ids []int64) ([]int64, error) {
			us, err := c.Users.GetMany(bg, ids)
			var got []int64
			for _, x := range us {
				got = append(got, x.ID)
			}
			return got, err
		}},
	} {
		t.Run(tc.key, func(t *testing.T) {
			for _, body := range []string{`{}`, `{"` + tc.key + `":null}`, `{"other":[{"id":1}]}`} {
				c, mock := setup(t)
				on(t, mock, "GET", tc.path, respond(200, body))
				var de *DecodeError
				if _, err := tc.get(c, []int64{1}); !errors.As(err, &de) || !strings.Contains(err.Error(), `"`+tc.key+`"`) {
					t.Errorf("answer %s: %v, want a *DecodeError naming %q", body, err, tc.key)
				}
			}
			c, mock := setup(t)
			on(t, mock, "GET", tc.path, respond(200, `{"`+tc.key+`":[{"id":3,"name":"first"},{"id":9},{"id":1},{"id":3,"name":"again"}]}`))
			got, err := tc.get(c, []int64{1, 3, 1})
			if err != nil || !reflect.DeepEqual(got, []int64{1, 3}) {
				t.Errorf("GetMany = %v, %v; want [1 3]", got, err)
			}
		})
	}
}

// TestUsersFindByEmailReadsEveryPage: the exact match may be past the first page of the search's
// results (an account where many addresses match the search text): FindByEmail asks page after
// page, email:"…" with per_page=100, until it finds the address (case aside) or the results end,
// and then it is ErrNotFound. A backslash in the address is escaped inside the quotes.
func TestUsersFindByEmailReadsEveryPage(t *testing.T) {
	page := func(from, n int, exact string, more bool) httpmock.Responder {
		var users []string
		for i := from; i < from+n; i++ {
			users = append(users, fmt.Sprintf(`{"id":%d,"email":"ann.%d@example.com"}`, i, i))
		}
		if exact != "" {
			users[n/2] = fmt.Sprintf(`{"id":9999,"email":%q}`, exact)
		}
		next := "null"
		if more {
			next = fmt.Sprintf(`"https://acme.zendesk.com/api/v2/users/search.json?page=%d&per_page=100"`, from/100+2)
		}
		return respond(200, fmt.Sprintf(`{"users":[%s],"count":250,"next_page":%s,"previous_page":null}`, strings.Join(users, ","), next))
	}
	for _, tt := range []struct {
		name, email string
		pages       []httpmock.Responder
		wantQuery   string
		wantPages   int
		found       bool
	}{
		{"on the third page", "ann@example.com",
			[]httpmock.Responder{page(0, 100, "", true), page(100, 100, "", true), page(200, 50, "Ann@Example.COM", false)},
			`email:"ann@example.com"`, 3, true},
		{"on the second page, the third not asked", "ANN@example.com",
			[]httpmock.Responder{page(0, 100, "", true), page(100, 100, "ann@example.com", true)},
			`email:"ANN@example.com"`, 2, true},
		{"nowhere", "ann@example.com",
			[]httpmock.Responder{page(0, 100, "", true), page(100, 100, "", true), page(200, 50, "", false)},
			`email:"ann@example.com"`, 3, false},
		{"a backslash escaped", `a\b@example.com`,
			[]httpmock.Responder{page(0, 10, `a\b@example.com`, false)},
			`email:"a\\b@example.com"`, 1, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, mock := setup(t)
			rec := on(t, mock, "GET", "/api/v2/users/search.json", tt.pages...)
			u, err := c.Users.FindByEmail(bg, tt.email)
			switch {
			case tt.found && (err != nil || u == nil || u.ID != 9999):
				t.Errorf("FindByEmail = %+v, %v; want user 9999", u, err)
			case !tt.found && (!errors.Is(err, ErrNotFound) || u != nil || !strings.Contains(err.Error(), "Users.FindByEmail")):
				t.Errorf("FindByEmail = %+v, %v; want ErrNotFound naming the call", u, err)
			}
			reqs := rec.all()
			if len(reqs) != tt.wantPages {
				t.Fatalf("%d requests, want %d", len(reqs), tt.wantPages)
			}
			for i, r := range reqs {
				if r.Method != "GET" {
					t.Errorf("request %d: %s", i, r.Method)
				}
				wantQuery(t, r.URL, url.Values{"query": {tt.wantQuery}, "page": {fmt.Sprint(i + 1)}, "per_page": {"100"}}.Encode())
			}
		})
	}
}

// TestUsersFindByEmailStopsAtTheSearchLimit: Zendesk serves the first 10,000 results of a user
// search; with no exact match among them, FindByEmail ends with ErrSearchLimit (the user may be
// further on), naming the call, without asking for a page past the limit.
func TestUsersFindByEmailStopsAtTheSearchLimit(t *testing.T) {
	c, mock := setup(t)
	var users []string
	for i := range 100 {
		users = append(users, fmt.Sprintf(`{"id":%d,"email":"ann.%d@example.com"}`, i+1, i))
	}
	rec := on(t, mock, "GET", "/api/v2/users/search.json", respond(200, `{"users":[`+strings.Join(users, ",")+
		`],"count":20000,"next_page":"https://acme.zendesk.com/api/v2/users/search.json?page=2","previous_page":null}`))
	u, err := c.Users.FindByEmail(bg, "ann@example.com")
	if !errors.Is(err, ErrSearchLimit) || errors.Is(err, ErrNotFound) || u != nil || !strings.Contains(err.Error(), "Users.FindByEmail") {
		t.Errorf("FindByEmail = %+v, %v; want ErrSearchLimit naming the call", u, err)
	}
	if rec.count() != 100 {
		t.Errorf("%d requests, want 100 (pages 1 to 100 of 100)", rec.count())
	}
	wantQuery(t, rec.last(t).URL, `query=email:"ann@example.com"&page=100&per_page=100`)
}
