package zendesk_test

// Integration tests of users, ticket fields, deleted tickets and import against zendesktest.

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/ticketsdk/zendesk"
	"github.com/ticketsdk/zendesk/zendesktest"
)

func TestIntegration_Users(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, c := zendesktest.Start(t)
	ann := s.AddUser("Ann Lee", "ann@example.com")
	bob := s.AddUser("Bob", "bob@example.org")
	cy := s.AddUser("Cy Annson", "cy@example.net")

	u, err := c.Users.Get(ctx, ann)
	if err != nil || u.Email != "ann@example.com" || u.Role != "end-user" || u.Locale != "en-US" || u.TicketRestriction != "requested" {
		t.Fatalf("Get: %+v %v", u, err)
	}
	if _, err := c.Users.Get(ctx, 42); !errors.Is(err, zendesk.ErrNotFound) {
		t.Errorf("Get unknown: %v", err)
	}
	// The fake answers show_many in id order; the SDK gives the order asked.
	many, err := c.Users.GetMany(ctx, []int64{cy, 99, ann, bob})
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, u := range many {
		ids = append(ids, u.ID)
	}
	if !slices.Equal(ids, []int64{cy, ann, bob}) {
		t.Errorf("GetMany ids %v, want %v", ids, []int64{cy, ann, bob})
	}

	u, created, err := c.Users.CreateOrUpdate(ctx, &zendesk.UserRequest{Name: zendesk.Set("Dee"),
		Email: zendesk.Set("Dee@Example.com"), Tags: zendesk.Set([]string{"vip"}), UserFields: map[string]any{"plan": "gold"}})
	if err != nil || !created || u.Name != "Dee" || !slices.Equal(u.Tags, []string{"vip"}) || u.UserFields["plan"] != "gold" {
		t.Fatalf("CreateOrUpdate new: %+v %v %v", u, created, err)
	}
	dee := u.ID
	u, created, err = c.Users.CreateOrUpdate(ctx, &zendesk.UserRequest{Email: zendesk.Set("dee@example.COM"), Notes: zendesk.Set("called")})
	if err != nil || created || u.ID != dee || u.Notes != "called" || u.Name != "Dee" {
		t.Errorf("CreateOrUpdate existing: %+v %v %v", u, created, err)
	}

	u, err = c.Users.FindByEmail(ctx, "DEE@example.com")
	if err != nil || u.ID != dee {
		t.Errorf("FindByEmail: %+v %v", u, err)
	}
	if _, err := c.Users.FindByEmail(ctx, "nobody@example.com"); !errors.Is(err, zendesk.ErrNotFound) {
		t.Errorf("FindByEmail none: %v", err)
	}

	page, err := c.Users.Search(ctx, "ann", &zendesk.SearchOptions{PerPage: 1})
	if err != nil || len(page.Items) != 1 || !page.HasMore || page.Count != 2 {
		t.Errorf("Search: %+v %v", page, err)
	}
	var names []string
	for u, err := range c.Users.SearchAll(ctx, "ann", &zendesk.SearchOptions{PerPage: 1}) {
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, u.Name)
	}
	if !slices.Equal(names, []string{"Ann Lee", "Cy Annson"}) {
		t.Errorf("SearchAll %v", names)
	}
}

func TestIntegration_TicketFields(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, c := zendesktest.Start(t)
	printer := s.AddTicketField("Printer", "tagger", "HD 3000 color printer=hd_3000", "Laser Jet")
	osField := s.AddTicketField("OS", "multiselect", "Mac OS", "Windows")
	s.AddTicketField("Seats", "integer")
	s.AddTicketField("Renewal", "date")
	s.AddTicketField("Order number", "regexp", `^[0-9]{6}$`)

	fields, err := c.TicketFields.List(ctx)
	if err != nil || len(fields) != 12 || fields[0].Type != "subject" || fields[7].ID != printer {
		t.Fatalf("List: %d fields, %v", len(fields), err)
	}
	f, err := c.TicketFields.Get(ctx, osField)
	if err != nil || f.Type != "multiselect" || len(f.CustomFieldOptions) != 2 || f.CustomFieldOptions[1].Value != "windows" {
		t.Errorf("Get: %+v %v", f, err)
	}
	opts, err := c.TicketFields.Options(ctx, printer)
	if err != nil || len(opts) != 2 || opts[0].Name != "HD 3000 color printer" || opts[0].Value != "hd_3000" {
		t.Errorf("Options: %+v %v", opts, err)
	}

	m, err := c.TicketFields.Map(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var cfs []zendesk.CustomField
	for _, set := range []struct {
		title string
		value any
	}{
		{"Printer", "HD 3000 color printer"}, {"OS", []string{"Mac OS", "Windows"}}, {"Seats", 3},
		{"Renewal", time.Date(2027, 1, 31, 0, 0, 0, 0, time.UTC)}, {"Order number", "004711"},
	} {
		cf, err := m.Set(set.title, set.value)
		if err != nil {
			t.Fatalf("Set(%q): %v", set.title, err)
		}
		cfs = append(cfs, cf)
	}
	req := ticket("Printer")
	req.CustomFields = cfs
	tk := mustCreate(t, c, req)
	got, err := c.Tickets.Get(ctx, tk.ID)
	if err != nil {
		t.Fatal(err)
	}
	for title, want := range map[string]any{
		"Printer": "HD 3000 color printer", "OS": []string{"Mac OS", "Windows"}, "Renewal": "2027-01-31", "Order number": "004711",
	} {
		if v, ok := m.Value(got, title); !ok || fmt.Sprint(v) != fmt.Sprint(want) {
			t.Errorf("Value(%q) = %v, %v; want %v", title, v, ok, want)
		}
	}
	if v, ok := m.Value(got, "Seats"); !ok || fmt.Sprint(v) != "3" {
		t.Errorf("Value(Seats) = %v, %v", v, ok)
	}
}

// TestIntegration_WrongDropDownValueDroppedByZendeskRefusedBySet shows what FieldMap.Set
// prevents: sending a drop-down option's name instead of its tag, Zendesk (and the fake)
// answer 200 and drop the value without a word.
func TestIntegration_WrongDropDownValueDroppedByZendeskRefusedBySet(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, c := zendesktest.Start(t)
	printer := s.AddTicketField("Printer", "tagger", "HD 3000 color printer=hd_3000", "Laser Jet")

	req := ticket("By hand")
	req.CustomFields = []zendesk.CustomField{{ID: printer, Value: "HD 3000 color printer"}} // the name, not the tag
	tk, _, err := c.Tickets.Create(ctx, req)
	if err != nil {
		t.Fatalf("Zendesk accepts the request: %v", err)
	}
	for _, cf := range tk.CustomFields {
		if cf.ID == printer && cf.Value != nil {
			t.Fatalf("the fake kept %v; Zendesk drops it", cf.Value)
		}
	}

	m, err := c.TicketFields.Map(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Set("Printer", "HD 3000 colour printer"); !errors.Is(err, zendesk.ErrInvalid) {
		t.Errorf("Set of an unknown option: %v, want ErrInvalid", err)
	}
	if _, err := m.Set("Printer", 3000); !errors.Is(err, zendesk.ErrInvalid) {
		t.Errorf("Set of a number: %v, want ErrInvalid", err)
	}
	cf, err := m.Set("Printer", "HD 3000 color printer")
	if err != nil {
		t.Fatal(err)
	}
	upd := &zendesk.TicketRequest{CustomFields: []zendesk.CustomField{cf}}
	tk, _, err = c.Tickets.Update(ctx, tk.ID, upd)
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := m.Value(tk, "Printer"); !ok || v != "HD 3000 color printer" {
		t.Errorf("after Set: %v, %v", v, ok)
	}
}

func TestIntegration_DeletedTickets(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, c := zendesktest.Start(t)
	var ids []int64
	for i := range 5 {
		ids = append(ids, mustCreate(t, c, ticket(fmt.Sprint("t", i))).ID)
	}
	if err := c.Tickets.Delete(ctx, ids[0]); err != nil {
		t.Fatal(err)
	}
	js, err := c.Tickets.DeleteMany(ctx, ids[1:])
	if err == nil && js != nil {
		_, err = c.JobStatuses.Wait(ctx, js.ID)
	}
	if err != nil {
		t.Fatal(err)
	}
	var listed []int64
	for d, err := range c.DeletedTickets.ListAll(ctx, &zendesk.ListOptions{PageSize: 2}) {
		if err != nil {
			t.Fatal(err)
		}
		if d.Actor.ID == 0 || d.Actor.Name == "" || d.DeletedAt.IsZero() || d.PreviousState != "new" {
			t.Errorf("deleted %+v", d)
		}
		listed = append(listed, d.ID)
	}
	if !slices.Equal(listed, ids) {
		t.Errorf("listed %v, want %v", listed, ids)
	}
	if err := c.DeletedTickets.Restore(ctx, ids[0]); err != nil {
		t.Fatal(err)
	}
	if err := c.DeletedTickets.RestoreMany(ctx, ids[1:3]); err != nil {
		t.Fatal(err)
	}
	for _, id := range ids[:3] {
		if _, err := c.Tickets.Get(ctx, id); err != nil {
			t.Errorf("restored %d: %v", id, err)
		}
	}
	js, err = c.DeletedTickets.Destroy(ctx, ids[3])
	if err == nil {
		js, err = c.JobStatuses.Wait(ctx, js.ID)
	}
	if err != nil || len(js.Results) != 1 || !js.Results[0].Success {
		t.Fatalf("Destroy: %+v %v", js, err)
	}
	js, err = c.DeletedTickets.DestroyMany(ctx, []int64{ids[4], ids[0]}) // ids[0] is not deleted
	if err == nil {
		js, err = c.JobStatuses.Wait(ctx, js.ID)
	}
	if err != nil || len(js.Results) != 2 || !js.Results[0].Success || js.Results[1].Success {
		t.Fatalf("DestroyMany: %+v %v", js, err)
	}
	page, err := c.DeletedTickets.List(ctx, nil)
	if err != nil || len(page.Items) != 0 || s.DeletedTicketCount() != 0 {
		t.Errorf("after destroy: %+v %v", page, err)
	}
	for _, id := range ids[3:] {
		if err := c.DeletedTickets.Restore(ctx, id); !errors.Is(err, zendesk.ErrNotFound) {
			t.Errorf("restore of destroyed %d: %v", id, err)
		}
		if _, err := c.Tickets.Get(ctx, id); !errors.Is(err, zendesk.ErrNotFound) {
			t.Errorf("get of destroyed %d: %v", id, err)
		}
	}
}

func TestIntegration_Import(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, c := zendesktest.Start(t)
	ann := s.AddUser("Ann", "ann@example.com")
	al := s.AddAgent("Al", "al@example.com")
	created := time.Date(2019, 4, 1, 9, 0, 0, 0, time.UTC)
	tk, err := c.Tickets.Import(ctx, &zendesk.TicketImport{
		Ticket:    zendesk.TicketRequest{Subject: zendesk.Set("Old"), Status: zendesk.Set(zendesk.StatusClosed), RequesterID: zendesk.Set(ann)},
		CreatedAt: created, UpdatedAt: created.Add(48 * time.Hour), SolvedAt: created.Add(24 * time.Hour),
		Comments: []zendesk.ImportComment{
			{AuthorID: ann, Body: "Broken", CreatedAt: created},
			{AuthorID: al, Body: "Fixed", Public: zendesk.Set(false), CreatedAt: created.Add(time.Hour)},
		},
	}, &zendesk.ImportOptions{ArchiveImmediately: true})
	if err != nil {
		t.Fatal(err)
	}
	if tk.Status != zendesk.StatusClosed || !tk.CreatedAt.Equal(created) || !tk.UpdatedAt.Equal(created.Add(48*time.Hour)) ||
		tk.Description != "Broken" || tk.RequesterID != ann {
		t.Errorf("imported %+v", tk)
	}
	audits := s.Audits(tk.ID)
	if len(audits) != 2 || !audits[1].CreatedAt.Equal(created.Add(time.Hour)) || audits[1].Events[0]["public"] != false {
		t.Errorf("audits %+v", audits)
	}

	js, err := c.Tickets.ImportMany(ctx, []zendesk.TicketImport{{Comments: []zendesk.ImportComment{{Body: "one"}}}}, nil)
	if err == nil {
		js, err = c.JobStatuses.Wait(ctx, js.ID)
	}
	if err != nil || len(js.Results) != 1 || js.Results[0].ID == 0 {
		t.Fatalf("ImportMany: %+v %v", js, err)
	}

	// ImportAll: jobs of 100, results in input order.
	list := make([]zendesk.TicketImport, 230)
	for i := range list {
		list[i] = zendesk.TicketImport{Ticket: zendesk.TicketRequest{Subject: zendesk.Set(fmt.Sprint("import ", i))},
			CreatedAt: created.Add(time.Duration(i) * time.Minute), Comments: []zendesk.ImportComment{{Body: "x"}}}
	}
	results, err := c.Tickets.ImportAll(ctx, list, nil, &zendesk.BulkOptions{Concurrency: 2})
	if err != nil {
		t.Fatal(err)
	}
	if n := s.RequestCount("POST", "imports/tickets/create_many"); n != 4 { // 1 above + 3 chunks
		t.Errorf("%d create_many requests, want 4", n)
	}
	for i, r := range results {
		if r.Index != i || !r.Success || r.ID == 0 {
			t.Fatalf("result %d: %+v", i, r)
		}
		got, ok := s.Ticket(r.ID)
		if !ok || got.Subject != fmt.Sprint("import ", i) || !got.CreatedAt.Equal(created.Add(time.Duration(i)*time.Minute)) {
			t.Fatalf("ticket of result %d: %+v", i, got)
		}
	}
}
