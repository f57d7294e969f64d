package zendesktest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
)

// userKeys are the keys of a user in the Users API reference.
var userKeys = []string{"active", "alias", "chat_only", "created_at", "custom_role_id", "default_group_id",
	"details", "email", "external_id", "iana_time_zone", "id", "last_login_at", "locale", "locale_id",
	"moderator", "name", "notes", "only_private_comments", "organization_id", "phone", "photo",
	"report_csv", "restricted_agent", "role", "role_type", "shared", "shared_agent",
	"shared_phone_number", "signature", "suspended", "tags", "ticket_restriction", "time_zone",
	"two_factor_auth_enabled", "updated_at", "url", "user_fields", "verified"}

func mapKeys(m map[string]any) []string { return sortedKeys(m) }

func TestUsers_ShowCarriesEveryKey(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	id := s.AddUser("Ann", "ann@example.com")
	u := send(t, s, "GET", fmt.Sprintf("/api/v2/users/%d.json", id), nil).want(t, http.StatusOK).object(t)["user"].(map[string]any)
	if got := mapKeys(u); !reflect.DeepEqual(got, userKeys) {
		t.Errorf("keys\n got %v\nwant %v", got, userKeys)
	}
	if u["name"] != "Ann" || u["email"] != "ann@example.com" || u["role"] != "end-user" ||
		u["external_id"] != nil || u["ticket_restriction"] != "requested" || u["tags"] == nil {
		t.Errorf("user %v", u)
	}
	wantError(t, send(t, s, "GET", "/api/v2/users/99.json", nil), http.StatusNotFound, "RecordNotFound")
}

func TestUsers_ShowManyInItsOwnOrder(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	a, b, c := s.AddUser("A", "a@example.com"), s.AddUser("B", "b@example.com"), s.AddUser("C", "c@example.com")
	var out struct {
		Users []User `json:"users"`
	}
	send(t, s, "GET", fmt.Sprintf("/api/v2/users/show_many.json?ids=%d,%d,999,%d", c, a, b), nil).want(t, http.StatusOK).decode(t, &out)
	var got []int64
	for _, u := range out.Users {
		got = append(got, u.ID)
	}
	if want := []int64{a, b, c}; !slices.Equal(got, want) {
		t.Errorf("ids %v, want %v (the server's order, unknown ids left out)", got, want)
	}
	send(t, s, "POST", "/api/v2/users/create_or_update.json", obj{"user": obj{"name": "X", "email": "x@example.com", "external_id": "crm-7"}}).want(t, http.StatusCreated)
	send(t, s, "GET", "/api/v2/users/show_many.json?external_ids=crm-7,nope", nil).want(t, http.StatusOK).decode(t, &out)
	if len(out.Users) != 1 || out.Users[0].Email != "x@example.com" {
		t.Errorf("by external_ids: %+v", out.Users)
	}
	wantError(t, send(t, s, "GET", "/api/v2/users/show_many.json?ids="+idList(make([]int64, 101)...), nil), http.StatusBadRequest, "TooManyValues")
}

func TestUsers_SearchEmailExactFreeTextAndPaging(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	ann := s.AddUser("Ann Lee", "ann@example.com")
	s.AddUser("Annabel", "annabel@example.com")
	s.AddUser("Bob", "bob@example.org")
	search := func(q string) (ids []int64, m map[string]any) {
		t.Helper()
		m = send(t, s, "GET", "/api/v2/users/search.json?"+q, nil).want(t, http.StatusOK).object(t)
		for _, u := range m["users"].([]any) {
			ids = append(ids, int64(u.(map[string]any)["id"].(float64)))
		}
		return ids, m
	}
	if ids, _ := search("query=ANN@example.com"); !slices.Equal(ids, []int64{ann}) {
		t.Errorf("email search: %v, want only Ann (exact, case aside)", ids)
	}
	if ids, _ := search("query=email:ann@example.co"); len(ids) != 0 {
		t.Errorf("partial email matched %v", ids)
	}
	if ids, _ := search(url.Values{"query": {`email:"ANN@example.com"`}}.Encode()); !slices.Equal(ids, []int64{ann}) {
		t.Errorf(`email:"…" search: %v, want only Ann`, ids)
	}
	if ids, _ := search(url.Values{"query": {`email:"ann@example.co"`}}.Encode()); len(ids) != 0 {
		t.Errorf("partial quoted email matched %v", ids)
	}
	if ids, _ := search("query=ann"); len(ids) != 2 {
		t.Errorf("free text: %v, want Ann and Annabel", ids)
	}
	ids, m := search("query=example&per_page=3") // the default agent too
	if len(ids) != 3 || m["count"].(float64) != 4 || m["next_page"] == nil || m["previous_page"] != nil {
		t.Errorf("page 1: %v %v", ids, m)
	}
	ids, m = search("query=example&per_page=3&page=2")
	if len(ids) != 1 || m["next_page"] != nil || m["previous_page"] == nil {
		t.Errorf("page 2: %v %v", ids, m)
	}
	send(t, s, "POST", "/api/v2/users/create_or_update.json", obj{"user": obj{"name": "Ext", "external_id": "crm-1"}}).want(t, http.StatusCreated)
	if ids, _ := search("external_id=crm-1"); len(ids) != 1 {
		t.Errorf("external_id: %v", ids)
	}
	odd := s.AddUser("Odd", `o\d@example.com`)
	if ids, _ := search(url.Values{"query": {`email:"o\\d@example.com"`}}.Encode()); !slices.Equal(ids, []int64{odd}) {
		t.Errorf(`email:"…" with an escaped backslash: %v, want only Odd`, ids)
	}
	wantError(t, send(t, s, "GET", "/api/v2/users/search.json", nil), http.StatusBadRequest, "ParameterMissing")
}

func TestUsers_CreateOrUpdate201NewThen200ExistingIgnoringCase(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	var out struct {
		User User `json:"user"`
	}
	send(t, s, "POST", "/api/v2/users/create_or_update.json",
		obj{"user": obj{"name": "Ann", "email": "Ann@Example.com", "tags": []string{"vip"}, "user_fields": obj{"plan": "gold"}}}).
		want(t, http.StatusCreated).decode(t, &out)
	first := out.User
	if first.Role != "end-user" || first.Email != "Ann@Example.com" || !slices.Equal(first.Tags, []string{"vip"}) || first.UserFields["plan"] != "gold" {
		t.Errorf("created %+v", first)
	}
	send(t, s, "POST", "/api/v2/users/create_or_update.json", obj{"user": obj{"name": "Ann B", "email": "ann@example.COM", "notes": "moved"}}).
		want(t, http.StatusOK).decode(t, &out)
	if out.User.ID != first.ID || out.User.Name != "Ann B" || out.User.Notes != "moved" || !slices.Equal(out.User.Tags, []string{"vip"}) {
		t.Errorf("updated %+v, want user %d changed", out.User, first.ID)
	}
	// By external id, which also wins over the email.
	send(t, s, "POST", "/api/v2/users/create_or_update.json", obj{"user": obj{"name": "Zed", "external_id": "e1"}}).want(t, http.StatusCreated).decode(t, &out)
	zed := out.User.ID
	send(t, s, "POST", "/api/v2/users/create_or_update.json", obj{"user": obj{"external_id": "e1", "phone": "+1 555"}}).want(t, http.StatusOK).decode(t, &out)
	if out.User.ID != zed || out.User.Phone == nil || *out.User.Phone != "+1 555" {
		t.Errorf("by external id %+v", out.User)
	}
	wantError(t, send(t, s, "POST", "/api/v2/users/create_or_update.json", obj{"user": obj{"name": "Nobody"}}), http.StatusUnprocessableEntity, "RecordInvalid")
	wantError(t, send(t, s, "POST", "/api/v2/users/create_or_update.json", obj{"user": obj{"email": "new@example.com", "role": "boss"}}), http.StatusUnprocessableEntity, "RecordInvalid")
}

func TestUsers_CreateWithExistingEmailIs422DuplicateValue(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	s.AddUser("Ann", "ann@example.com")
	m := wantError(t, send(t, s, "POST", "/api/v2/users.json", obj{"user": obj{"name": "Ann 2", "email": "ANN@example.com"}}),
		http.StatusUnprocessableEntity, "RecordInvalid")
	d := m["details"].(map[string]any)["email"].([]any)[0].(map[string]any)
	if d["error"] != "DuplicateValue" {
		t.Errorf("details %v", d)
	}
	send(t, s, "POST", "/api/v2/users.json", obj{"user": obj{"name": "Bob", "email": "bob@example.com"}}).want(t, http.StatusCreated)
}

func TestTicketFields_ListedInPositionOrderWithSystemFieldsAndOptions(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	printer := s.AddTicketField("Printer", "tagger", "HD 3000 color printer=hd_3000", "Laser Jet")
	os := s.AddTicketField("OS", "multiselect", "Mac OS", "Windows=win")
	order := s.AddTicketField("Order", "regexp", `^[0-9]{6}$`)
	var out struct {
		Fields []map[string]any `json:"ticket_fields"`
	}
	send(t, s, "GET", "/api/v2/ticket_fields.json", nil).want(t, http.StatusOK).decode(t, &out)
	var types []string
	for _, f := range out.Fields {
		types = append(types, f["type"].(string))
	}
	want := []string{"subject", "description", "status", "tickettype", "priority", "group", "assignee", "tagger", "multiselect", "regexp"}
	if !slices.Equal(types, want) {
		t.Fatalf("types %v, want %v", types, want)
	}
	for i := 1; i < len(out.Fields); i++ {
		if out.Fields[i]["position"].(float64) <= out.Fields[i-1]["position"].(float64) {
			t.Errorf("not in position order at %d", i)
		}
	}
	if out.Fields[0]["removable"] != false || out.Fields[7]["removable"] != true || out.Fields[9]["regexp_for_validation"] != `^[0-9]{6}$` {
		t.Errorf("fields %v", out.Fields)
	}
	var one struct {
		Field map[string]any `json:"ticket_field"`
	}
	send(t, s, "GET", fmt.Sprintf("/api/v2/ticket_fields/%d.json", printer), nil).want(t, http.StatusOK).decode(t, &one)
	opts := one.Field["custom_field_options"].([]any)
	if len(opts) != 2 || opts[0].(map[string]any)["value"] != "hd_3000" || opts[1].(map[string]any)["value"] != "laser_jet" ||
		opts[1].(map[string]any)["name"] != "Laser Jet" {
		t.Errorf("options %v", opts)
	}
	var fo struct {
		Options []map[string]any `json:"custom_field_options"`
	}
	send(t, s, "GET", fmt.Sprintf("/api/v2/ticket_fields/%d/options.json", os), nil).want(t, http.StatusOK).decode(t, &fo)
	if len(fo.Options) != 2 || fo.Options[0]["value"] != "mac_os" || fo.Options[1]["value"] != "win" || fo.Options[0]["url"] == nil {
		t.Errorf("options %v", fo.Options)
	}
	_ = order
	wantError(t, send(t, s, "GET", "/api/v2/ticket_fields/1.json", nil), http.StatusNotFound, "RecordNotFound")
}

func TestTicketFields_WrongValuesDroppedSilently(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	ids := map[string]int64{
		"text":        s.AddTicketField("Note", "text"),
		"integer":     s.AddTicketField("Count", "integer"),
		"decimal":     s.AddTicketField("Amount", "decimal"),
		"checkbox":    s.AddTicketField("Urgent", "checkbox"),
		"date":        s.AddTicketField("Due", "date"),
		"regexp":      s.AddTicketField("Order", "regexp", `^[0-9]{6}$`),
		"tagger":      s.AddTicketField("Printer", "tagger", "HD 3000 color printer=hd_3000", "Laser Jet"),
		"multiselect": s.AddTicketField("OS", "multiselect", "Mac OS", "Windows"),
	}
	cases := []struct {
		field     string
		good, bad any
	}{
		{"text", "hello", 12},
		{"integer", 42, 4.5},
		{"integer", "42", "forty"},
		{"decimal", 4.5, "abc"},
		{"checkbox", true, "yes"},
		{"date", "2026-03-01", "March 1st"},
		{"regexp", "123456", "12345"},
		{"tagger", "hd_3000", "HD 3000 color printer"},
		{"multiselect", []any{"mac_os", "windows"}, []any{"mac_os", "linux"}},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%s/%v", c.field, c.bad), func(t *testing.T) {
			id := ids[c.field]
			tk, _ := create(t, s, obj{"custom_fields": []any{obj{"id": id, "value": c.good}}})
			value := func(tk Ticket) any {
				for _, f := range tk.CustomFields {
					if f.ID == id {
						return f.Value
					}
				}
				return "absent"
			}
			if got := value(tk); !reflect.DeepEqual(got, jsonValue(c.good)) {
				t.Fatalf("good value: got %v, want %v", got, c.good)
			}
			var out struct {
				Ticket Ticket `json:"ticket"`
			}
			update(t, s, tk.ID, obj{"custom_fields": []any{obj{"id": id, "value": c.bad}}}).want(t, http.StatusOK).decode(t, &out)
			if got := value(out.Ticket); !reflect.DeepEqual(got, jsonValue(c.good)) {
				t.Errorf("after a bad value %v: got %v, want it kept at %v", c.bad, got, c.good)
			}
			tk2, _ := create(t, s, obj{"custom_fields": []any{obj{"id": id, "value": c.bad}}})
			if got := value(tk2); got != "absent" {
				t.Errorf("a new ticket with a bad value holds %v", got)
			}
		})
	}
	tk, _ := create(t, s, obj{"custom_fields": []any{obj{"id": 4242, "value": "x"}, obj{"id": ids["text"], "value": nil}}})
	if len(tk.CustomFields) != 1 || tk.CustomFields[0].ID != ids["text"] {
		t.Errorf("unknown field id kept: %v", tk.CustomFields)
	}
}

func jsonValue(v any) any {
	b, _ := json.Marshal(v)
	var out any
	json.Unmarshal(b, &out)
	return out
}

func TestTicketFields_WithoutCustomFieldsValuesRoundTrip(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	tk, _ := create(t, s, obj{"custom_fields": []any{obj{"id": 1, "value": "x"}}})
	if len(tk.CustomFields) != 1 || tk.CustomFields[0].Value != "x" {
		t.Errorf("custom fields %v", tk.CustomFields)
	}
}

func deletedList(t *testing.T, s *Server, query string) (ids []int64, m map[string]any) {
	t.Helper()
	m = send(t, s, "GET", "/api/v2/deleted_tickets.json"+query, nil).want(t, http.StatusOK).object(t)
	for _, d := range m["deleted_tickets"].([]any) {
		ids = append(ids, int64(d.(map[string]any)["id"].(float64)))
	}
	return ids, m
}

func TestDeletedTickets_DeleteListRestore(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	a, _ := create(t, s, obj{"subject": "A", "status": "pending"})
	b, _ := create(t, s, obj{"subject": "B"})
	c, _ := create(t, s, obj{"subject": "C"})
	for _, id := range []int64{a.ID, b.ID, c.ID} {
		send(t, s, "DELETE", tpath(id, ".json"), nil).want(t, http.StatusNoContent)
	}
	send(t, s, "GET", tpath(a.ID, ".json"), nil).want(t, http.StatusNotFound)
	ids, m := deletedList(t, s, "")
	if !slices.Equal(ids, []int64{a.ID, b.ID, c.ID}) {
		t.Fatalf("deleted %v", ids)
	}
	d := m["deleted_tickets"].([]any)[0].(map[string]any)
	if got := mapKeys(d); !slices.Equal(got, []string{"actor", "deleted_at", "description", "id", "previous_state", "subject"}) {
		t.Errorf("keys %v", got)
	}
	actor := d["actor"].(map[string]any)
	if d["subject"] != "A" || d["description"] != "Help" || d["previous_state"] != "pending" ||
		actor["id"].(float64) != float64(DefaultAgentID) || actor["name"] != DefaultAgentName {
		t.Errorf("deleted ticket %v", d)
	}
	if _, err := time.Parse(time.RFC3339, d["deleted_at"].(string)); err != nil {
		t.Errorf("deleted_at %v", d["deleted_at"])
	}
	r := send(t, s, "PUT", fmt.Sprintf("/api/v2/deleted_tickets/%d/restore.json", a.ID), nil).want(t, http.StatusOK)
	if len(r.body) != 0 {
		t.Errorf("restore body %q, want empty", r.body)
	}
	var back struct {
		Ticket Ticket `json:"ticket"`
	}
	send(t, s, "GET", tpath(a.ID, ".json"), nil).want(t, http.StatusOK).decode(t, &back)
	if back.Ticket.Status != "pending" || back.Ticket.Subject != "A" {
		t.Errorf("restored %+v", back.Ticket)
	}
	r = send(t, s, "PUT", "/api/v2/deleted_tickets/restore_many.json?ids="+idList(b.ID, c.ID), nil).want(t, http.StatusOK)
	if string(r.body) != "{}" {
		t.Errorf("restore_many body %q, want {}", r.body)
	}
	if ids, _ := deletedList(t, s, ""); len(ids) != 0 || s.TicketCount() != 3 {
		t.Errorf("still deleted %v, %d tickets", ids, s.TicketCount())
	}
	wantError(t, send(t, s, "PUT", fmt.Sprintf("/api/v2/deleted_tickets/%d/restore.json", a.ID), nil), http.StatusNotFound, "RecordNotFound")
}

func TestDeletedTickets_CursorAndOffsetPaging(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	var all []int64
	for range 5 {
		tk, _ := create(t, s, obj{})
		all = append(all, tk.ID)
	}
	send(t, s, "DELETE", "/api/v2/tickets/destroy_many.json?ids="+idList(all...), nil).want(t, http.StatusOK)
	deadline := time.Now().Add(5 * time.Second)
	for s.DeletedTicketCount() < 5 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	var got []int64
	q := "?page[size]=2"
	for range 4 {
		ids, m := deletedList(t, s, q)
		got = append(got, ids...)
		meta := m["meta"].(map[string]any)
		if meta["has_more"] != true {
			break
		}
		q = "?page[size]=2&page[after]=" + meta["after_cursor"].(string)
	}
	if !slices.Equal(got, all) {
		t.Errorf("cursor walk %v, want %v", got, all)
	}
	ids, m := deletedList(t, s, "?per_page=2&page=3")
	if !slices.Equal(ids, all[4:]) || m["count"].(float64) != 5 || m["next_page"] != nil || m["previous_page"] == nil {
		t.Errorf("offset page 3: %v %v", ids, m)
	}
	wantError(t, send(t, s, "GET", "/api/v2/deleted_tickets.json?page[size]=101", nil), http.StatusBadRequest, "InvalidPaginationParameter")
	wantError(t, send(t, s, "GET", "/api/v2/deleted_tickets.json?page[after]=bogus", nil), http.StatusBadRequest, "InvalidPaginationParameter")
}

func TestDeletedTickets_DestroyIsAJobAndGoneForGood(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	a, _ := create(t, s, obj{})
	b, _ := create(t, s, obj{})
	c, _ := create(t, s, obj{})
	wantError(t, send(t, s, "DELETE", fmt.Sprintf("/api/v2/deleted_tickets/%d.json", a.ID), nil), http.StatusNotFound, "RecordNotFound")
	for _, id := range []int64{a.ID, b.ID} {
		send(t, s, "DELETE", tpath(id, ".json"), nil).want(t, http.StatusNoContent)
	}
	j := waitJob(t, s, queued(t, send(t, s, "DELETE", fmt.Sprintf("/api/v2/deleted_tickets/%d.json", a.ID), nil)).ID)
	if r := results(t, j); len(r) != 1 || r[0]["success"] != true {
		t.Errorf("results %v", r)
	}
	j = waitJob(t, s, queued(t, send(t, s, "DELETE", "/api/v2/deleted_tickets/destroy_many.json?ids="+idList(b.ID, c.ID), nil)).ID)
	r := results(t, j)
	if len(r) != 2 || r[0]["success"] != true || r[1]["success"] != false || r[1]["error"] != "TicketNotFound" {
		t.Errorf("results %v (a live ticket must be soft-deleted first)", r)
	}
	if ids, _ := deletedList(t, s, ""); len(ids) != 0 {
		t.Errorf("destroyed tickets still listed: %v", ids)
	}
	for _, id := range []int64{a.ID, b.ID} {
		send(t, s, "GET", tpath(id, ".json"), nil).want(t, http.StatusNotFound)
		send(t, s, "PUT", fmt.Sprintf("/api/v2/deleted_tickets/%d/restore.json", id), nil).want(t, http.StatusNotFound)
	}
	send(t, s, "GET", tpath(c.ID, ".json"), nil).want(t, http.StatusOK)
	wantError(t, send(t, s, "DELETE", "/api/v2/deleted_tickets/destroy_many.json?ids="+idList(make([]int64, 101)...), nil), http.StatusBadRequest, "TooManyValues")
}

func TestImport_KeepsTimesAndCommentsAndRunsNoRules(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	ann := s.AddUser("Ann", "ann@example.com")
	agent := s.AddAgent("Al", "al@example.com")
	body := obj{"ticket": obj{
		"subject": "Old", "status": "closed", "requester_id": ann, "assignee_id": agent, "tags": []string{"migrated"},
		"created_at": "2020-01-02T03:04:05Z", "updated_at": "2020-02-01T00:00:00Z", "solved_at": "2020-01-31T00:00:00Z",
		"comments": []any{
			obj{"author_id": ann, "value": "It broke", "created_at": "2020-01-02T03:04:05Z"},
			obj{"author_id": agent, "html_body": "<p>Fixed</p>", "public": false, "created_at": "2020-01-03T00:00:00Z"},
		},
	}}
	var out struct {
		Ticket Ticket `json:"ticket"`
	}
	send(t, s, "POST", "/api/v2/imports/tickets.json?archive_immediately=true", body).want(t, http.StatusCreated).decode(t, &out)
	tk := out.Ticket
	if tk.Status != "closed" || tk.Description != "It broke" || tk.RequesterID != ann ||
		!tk.CreatedAt.Equal(time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)) || !tk.UpdatedAt.Equal(time.Date(2020, 2, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("imported %+v", tk)
	}
	audits := s.Audits(tk.ID)
	if len(audits) != 2 || !audits[1].CreatedAt.Equal(time.Date(2020, 1, 3, 0, 0, 0, 0, time.UTC)) ||
		audits[1].Events[0]["author_id"] != agent || audits[1].Events[0]["public"] != false {
		t.Errorf("audits %+v", audits)
	}
	// A new ticket with an assignee stays new, and a solved one needs no assignee.
	send(t, s, "POST", "/api/v2/imports/tickets.json", obj{"ticket": obj{"status": "new", "assignee_id": agent, "comments": []any{obj{"value": "x"}}}}).
		want(t, http.StatusCreated).decode(t, &out)
	if out.Ticket.Status != "new" {
		t.Errorf("status %q, want new", out.Ticket.Status)
	}
	send(t, s, "POST", "/api/v2/imports/tickets.json", obj{"ticket": obj{"status": "solved", "comments": []any{obj{"value": "x"}}}}).want(t, http.StatusCreated)
	wantError(t, send(t, s, "POST", "/api/v2/imports/tickets.json", obj{"ticket": obj{"subject": "no comments"}}), http.StatusUnprocessableEntity, "RecordInvalid")
	wantError(t, send(t, s, "POST", "/api/v2/imports/tickets.json", obj{"ticket": obj{"created_at": "yesterday", "comments": []any{obj{"value": "x"}}}}), http.StatusUnprocessableEntity, "RecordInvalid")
}

func TestImport_CreateManyJob(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	list := []any{
		obj{"subject": "one", "created_at": "2021-05-05T05:05:05Z", "comments": []any{obj{"body": "a"}}},
		obj{"subject": "bad"},
	}
	j := waitJob(t, s, queued(t, send(t, s, "POST", "/api/v2/imports/tickets/create_many.json", obj{"tickets": list})).ID)
	r := results(t, j)
	sort.Slice(r, func(a, b int) bool { return r[a]["index"].(float64) < r[b]["index"].(float64) })
	if len(r) != 2 || r[0]["id"] == nil || r[1]["error"] != "TicketImportFailed" {
		t.Fatalf("results %v", r)
	}
	tk, _ := s.Ticket(int64(r[0]["id"].(float64)))
	if !tk.CreatedAt.Equal(time.Date(2021, 5, 5, 5, 5, 5, 0, time.UTC)) || j.JobType != jobBulkImport {
		t.Errorf("ticket %+v, job %s", tk, j.JobType)
	}
	many := make([]any, 101)
	for i := range many {
		many[i] = obj{"comments": []any{obj{"value": "x"}}}
	}
	wantError(t, send(t, s, "POST", "/api/v2/imports/tickets/create_many.json", obj{"tickets": many}), http.StatusBadRequest, "TooManyValues")
}

func TestImport_AdminsOnly(t *testing.T) {
	t.Parallel()
	s := newServer(t, WithAPIToken("al@example.com", "al-token"))
	body := obj{"ticket": obj{"comments": []any{obj{"value": "x"}}}}
	auth := "Basic " + base64.StdEncoding.EncodeToString([]byte("al@example.com/token:al-token"))
	a := send(t, s, "POST", "/api/v2/imports/tickets.json", body, "Authorization", auth)
	a.want(t, http.StatusForbidden)
	if !strings.Contains(string(a.body), "Forbidden") {
		t.Errorf("body %s", a.body)
	}
}
