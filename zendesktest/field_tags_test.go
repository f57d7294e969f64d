package zendesktest

import (
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// fieldTagsServer is a fake with a drop-down, a multiselect, a checkbox with a tag and a
// text field.
func fieldTagsServer(t *testing.T) (s *Server, printer, os, vip, note int64) {
	t.Helper()
	s = newServer(t)
	printer = s.AddTicketField("Printer", "tagger", "HD 3000 color printer=hd_3000", "Laser Jet")
	os = s.AddTicketField("OS", "multiselect", "Mac OS", "Windows=win")
	vip = s.AddTicketField("VIP", "checkbox", "vip")
	note = s.AddTicketField("Note", "text")
	return s, printer, os, vip, note
}

// valueOf is a custom field's value on a ticket, "absent" when the ticket has none.
func valueOf(tk Ticket, id int64) any {
	for _, f := range tk.CustomFields {
		if f.ID == id {
			return f.Value
		}
	}
	return "absent"
}

// updated sends a ticket update and returns the answer's ticket and audit.
func updated(t *testing.T, s *Server, id int64, fields obj) (Ticket, Audit) {
	t.Helper()
	var out struct {
		Ticket Ticket `json:"ticket"`
		Audit  Audit  `json:"audit"`
	}
	update(t, s, id, fields).want(t, http.StatusOK).decode(t, &out)
	return out.Ticket, out.Audit
}

// fieldChanges keys an audit's field events by field_name, and fails on two for one field.
func fieldChanges(t *testing.T, a Audit) map[string]AuditEvent {
	t.Helper()
	out := map[string]AuditEvent{}
	for _, ev := range a.Events {
		name, ok := ev["field_name"].(string)
		if !ok {
			continue
		}
		if _, dup := out[name]; dup {
			t.Errorf("two events for %s in %v", name, a.Events)
		}
		out[name] = ev
	}
	return out
}

// wantChange checks an audit event is a Change from prev to value (as JSON reads them).
func wantChange(t *testing.T, evs map[string]AuditEvent, name string, prev, value any) {
	t.Helper()
	ev, ok := evs[name]
	if !ok {
		t.Errorf("no Change event for %s in %v", name, evs)
		return
	}
	if ev["type"] != "Change" || !reflect.DeepEqual(jsonValue(ev["previous_value"]), jsonValue(prev)) ||
		!reflect.DeepEqual(jsonValue(ev["value"]), jsonValue(value)) {
		t.Errorf("%s event %v, want Change %v → %v", name, ev, prev, value)
	}
}

func cf(id int64, v any) obj { return obj{"id": id, "value": v} }

func TestFieldTags_DropDownSetAddsItsTagAndAnotherOptionSwapsIt(t *testing.T) {
	t.Parallel()
	s, printer, _, _, _ := fieldTagsServer(t)
	tk, _ := create(t, s, obj{"tags": []string{"urgent"}})
	id, name := tk.ID, itoa(printer)

	tk, a := updated(t, s, id, obj{"custom_fields": []any{cf(printer, "hd_3000")}})
	if !slices.Equal(tk.Tags, []string{"urgent", "hd_3000"}) || valueOf(tk, printer) != "hd_3000" {
		t.Fatalf("after setting the drop-down: tags %q, value %v", tk.Tags, valueOf(tk, printer))
	}
	evs := fieldChanges(t, a)
	wantChange(t, evs, "tags", []string{"urgent"}, []string{"urgent", "hd_3000"})
	wantChange(t, evs, name, nil, "hd_3000")

	tk, a = updated(t, s, id, obj{"custom_fields": []any{cf(printer, "laser_jet")}})
	if !slices.Equal(tk.Tags, []string{"urgent", "laser_jet"}) || valueOf(tk, printer) != "laser_jet" {
		t.Fatalf("after changing the option: tags %q, value %v", tk.Tags, valueOf(tk, printer))
	}
	evs = fieldChanges(t, a)
	wantChange(t, evs, "tags", []string{"urgent", "hd_3000"}, []string{"urgent", "laser_jet"})
	wantChange(t, evs, name, "hd_3000", "laser_jet")

	tk, a = updated(t, s, id, obj{"custom_fields": []any{cf(printer, nil)}})
	if !slices.Equal(tk.Tags, []string{"urgent"}) || valueOf(tk, printer) != nil {
		t.Fatalf("after clearing: tags %q, value %v", tk.Tags, valueOf(tk, printer))
	}
	evs = fieldChanges(t, a)
	wantChange(t, evs, "tags", []string{"urgent", "laser_jet"}, []string{"urgent"})
	wantChange(t, evs, name, "laser_jet", nil)

	if got, _ := s.Ticket(id); !slices.Equal(got.Tags, []string{"urgent"}) {
		t.Errorf("stored tags %q", got.Tags)
	}
}

func TestFieldTags_MultiselectTagsFollowItsOptions(t *testing.T) {
	t.Parallel()
	s, _, os, _, _ := fieldTagsServer(t)
	tk, _ := create(t, s, obj{"custom_fields": []any{cf(os, []string{"mac_os", "win"})}})
	if !slices.Equal(tk.Tags, []string{"mac_os", "win"}) {
		t.Fatalf("created with both options: tags %q", tk.Tags)
	}
	tk, a := updated(t, s, tk.ID, obj{"custom_fields": []any{cf(os, []string{"win"})}})
	if !slices.Equal(tk.Tags, []string{"win"}) || !reflect.DeepEqual(valueOf(tk, os), []any{"win"}) {
		t.Fatalf("one option left: tags %q, value %v", tk.Tags, valueOf(tk, os))
	}
	evs := fieldChanges(t, a)
	wantChange(t, evs, "tags", []string{"mac_os", "win"}, []string{"win"})
	wantChange(t, evs, itoa(os), []string{"mac_os", "win"}, []string{"win"})

	// Adding an option's tag selects it; removing one drops it, and the last leaves null.
	path := tpath(tk.ID, "/tags.json")
	tags(t, send(t, s, "PUT", path, obj{"tags": []string{"mac_os"}}), http.StatusOK)
	if got, _ := s.Ticket(tk.ID); !reflect.DeepEqual(valueOf(got, os), []any{"win", "mac_os"}) {
		t.Errorf("after adding the tag mac_os: %v", valueOf(got, os))
	}
	tags(t, send(t, s, "DELETE", path, obj{"tags": []string{"win"}}), http.StatusOK)
	if got, _ := s.Ticket(tk.ID); !reflect.DeepEqual(valueOf(got, os), []any{"mac_os"}) {
		t.Errorf("after removing the tag win: %v", valueOf(got, os))
	}
	tags(t, send(t, s, "DELETE", path, obj{"tags": []string{"mac_os"}}), http.StatusOK)
	if got, _ := s.Ticket(tk.ID); valueOf(got, os) != nil || len(got.Tags) != 0 {
		t.Errorf("after removing the last: value %v, tags %q", valueOf(got, os), got.Tags)
	}
}

func TestFieldTags_CheckboxWithATag(t *testing.T) {
	t.Parallel()
	s, _, _, vip, _ := fieldTagsServer(t)
	var one struct {
		Field map[string]any `json:"ticket_field"`
	}
	send(t, s, "GET", fmt.Sprintf("/api/v2/ticket_fields/%d.json", vip), nil).want(t, http.StatusOK).decode(t, &one)
	if one.Field["type"] != "checkbox" || one.Field["tag"] != "vip" {
		t.Errorf("checkbox field %v", one.Field)
	}

	tk, _ := create(t, s, obj{"tags": []string{"a"}})
	tk, a := updated(t, s, tk.ID, obj{"custom_fields": []any{cf(vip, true)}})
	if !slices.Equal(tk.Tags, []string{"a", "vip"}) || valueOf(tk, vip) != true {
		t.Fatalf("checked: tags %q, value %v", tk.Tags, valueOf(tk, vip))
	}
	wantChange(t, fieldChanges(t, a), "tags", []string{"a"}, []string{"a", "vip"})
	tk, a = updated(t, s, tk.ID, obj{"custom_fields": []any{cf(vip, false)}})
	if !slices.Equal(tk.Tags, []string{"a"}) || valueOf(tk, vip) != false {
		t.Fatalf("unchecked: tags %q, value %v", tk.Tags, valueOf(tk, vip))
	}
	evs := fieldChanges(t, a)
	wantChange(t, evs, "tags", []string{"a", "vip"}, []string{"a"})
	wantChange(t, evs, itoa(vip), true, false)

	// The other way: the tag checks it, its removal unchecks it.
	tk, a = updated(t, s, tk.ID, obj{"additional_tags": []string{"vip"}})
	if valueOf(tk, vip) != true {
		t.Errorf("adding the tag vip: value %v", valueOf(tk, vip))
	}
	wantChange(t, fieldChanges(t, a), itoa(vip), false, true)
	tk, _ = updated(t, s, tk.ID, obj{"remove_tags": []string{"vip"}})
	if valueOf(tk, vip) != false || !slices.Equal(tk.Tags, []string{"a"}) {
		t.Errorf("removing the tag vip: value %v, tags %q", valueOf(tk, vip), tk.Tags)
	}

	// A checkbox without a tag touches no tags.
	plain := s.AddTicketField("Plain", "checkbox")
	tk, _ = updated(t, s, tk.ID, obj{"custom_fields": []any{cf(plain, true)}})
	if !slices.Equal(tk.Tags, []string{"a"}) || valueOf(tk, plain) != true {
		t.Errorf("a checkbox without a tag: tags %q, value %v", tk.Tags, valueOf(tk, plain))
	}
}

// TestFieldTags_RemovingTheTagClearsTheField removes a drop-down's tag each way a client can:
// the tags endpoints (DELETE removes, POST replaces) and a ticket update's tags.
func TestFieldTags_RemovingTheTagClearsTheField(t *testing.T) {
	t.Parallel()
	s, printer, _, _, _ := fieldTagsServer(t)
	for _, c := range []struct {
		name   string
		remove func(id int64) answer
	}{
		{"DELETE tags", func(id int64) answer {
			return send(t, s, "DELETE", tpath(id, "/tags.json"), obj{"tags": []string{"hd_3000"}})
		}},
		{"POST tags", func(id int64) answer {
			return send(t, s, "POST", tpath(id, "/tags.json"), obj{"tags": []string{"keep"}})
		}},
		{"update tags", func(id int64) answer { return update(t, s, id, obj{"tags": []string{"keep"}}) }},
		{"update remove_tags", func(id int64) answer { return update(t, s, id, obj{"remove_tags": []string{"hd_3000"}}) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			tk, _ := create(t, s, obj{"tags": []string{"keep"}, "custom_fields": []any{cf(printer, "hd_3000")}})
			if !slices.Equal(tk.Tags, []string{"keep", "hd_3000"}) {
				t.Fatalf("created with tags %q", tk.Tags)
			}
			if a := c.remove(tk.ID); a.status/100 != 2 {
				t.Fatalf("status %d: %s", a.status, a.body)
			}
			got, _ := s.Ticket(tk.ID)
			if valueOf(got, printer) != nil || !slices.Equal(got.Tags, []string{"keep"}) {
				t.Errorf("value %v, tags %q; want the field cleared", valueOf(got, printer), got.Tags)
			}
			audits := s.Audits(tk.ID)
			evs := fieldChanges(t, audits[len(audits)-1])
			wantChange(t, evs, "tags", []string{"keep", "hd_3000"}, []string{"keep"})
			wantChange(t, evs, itoa(printer), "hd_3000", nil)
		})
	}
}

// TestFieldTags_AddingAnOptionsTagSetsTheField: PUT tags with another option's tag selects
// that option and takes the old option's tag off.
func TestFieldTags_AddingAnOptionsTagSetsTheField(t *testing.T) {
	t.Parallel()
	s, printer, _, _, _ := fieldTagsServer(t)
	tk, _ := create(t, s, obj{"custom_fields": []any{cf(printer, "hd_3000")}})
	got := tags(t, send(t, s, "PUT", tpath(tk.ID, "/tags.json"), obj{"tags": []string{"laser_jet", "x"}}), http.StatusOK)
	if !slices.Equal(got, []string{"laser_jet", "x"}) {
		t.Errorf("PUT tags answered %q", got)
	}
	cur, _ := s.Ticket(tk.ID)
	if valueOf(cur, printer) != "laser_jet" {
		t.Errorf("value %v, want laser_jet", valueOf(cur, printer))
	}
	audits := s.Audits(tk.ID)
	evs := fieldChanges(t, audits[len(audits)-1])
	wantChange(t, evs, "tags", []string{"hd_3000"}, []string{"laser_jet", "x"})
	wantChange(t, evs, itoa(printer), "hd_3000", "laser_jet")

	// A new option tag wins over the one the ticket keeps, whose tag is taken off.
	got = tags(t, send(t, s, "POST", tpath(tk.ID, "/tags.json"), obj{"tags": []string{"hd_3000", "y", "laser_jet"}}), http.StatusCreated)
	if cur, _ := s.Ticket(tk.ID); valueOf(cur, printer) != "hd_3000" || !slices.Equal(got, []string{"hd_3000", "y"}) {
		t.Errorf("replaced with a new and the kept option tag: value %v, tags %q", valueOf(cur, printer), got)
	}
	// Two new ones at once: the last wins, the other is taken off.
	other, _ := create(t, s, obj{})
	got = tags(t, send(t, s, "PUT", tpath(other.ID, "/tags.json"), obj{"tags": []string{"laser_jet", "hd_3000"}}), http.StatusOK)
	if cur, _ := s.Ticket(other.ID); valueOf(cur, printer) != "hd_3000" || !slices.Equal(got, []string{"hd_3000"}) {
		t.Errorf("two option tags at once: value %v, tags %q", valueOf(cur, printer), got)
	}
}

func TestFieldTags_CreateWithADropDownValueOrItsTag(t *testing.T) {
	t.Parallel()
	s, printer, _, _, _ := fieldTagsServer(t)
	tk, a := create(t, s, obj{"custom_fields": []any{cf(printer, "hd_3000")}})
	if !slices.Equal(tk.Tags, []string{"hd_3000"}) {
		t.Errorf("created with the drop-down set: tags %q", tk.Tags)
	}
	var created []string
	for _, ev := range a.Events {
		if ev["type"] == "Create" {
			created = append(created, fmt.Sprintf("%v=%v", ev["field_name"], ev["value"]))
		}
	}
	for _, want := range []string{"tags=[hd_3000]", itoa(printer) + "=hd_3000"} {
		if !slices.Contains(created, want) {
			t.Errorf("Create events %q lack %s", created, want)
		}
	}
	tk, _ = create(t, s, obj{"tags": []string{"laser_jet"}})
	if valueOf(tk, printer) != "laser_jet" {
		t.Errorf("created with an option's tag: value %v", valueOf(tk, printer))
	}
	// The field wins over tags sent in the same request *(choice)*.
	tk, _ = create(t, s, obj{"tags": []string{"laser_jet"}, "custom_fields": []any{cf(printer, "hd_3000")}})
	if valueOf(tk, printer) != "hd_3000" || !slices.Equal(tk.Tags, []string{"hd_3000"}) {
		t.Errorf("field and tags at once: value %v, tags %q", valueOf(tk, printer), tk.Tags)
	}
}

// TestFieldTags_WrongValueTouchesNoTags: a value Zendesk drops silently changes neither the
// field nor the tags, and an update that changes nothing else records no audit.
func TestFieldTags_WrongValueTouchesNoTags(t *testing.T) {
	t.Parallel()
	s, printer, os, vip, note := fieldTagsServer(t)
	tk, _ := create(t, s, obj{"custom_fields": []any{cf(printer, "hd_3000"), cf(os, []string{"win"}), cf(vip, true)}})
	want := []string{"hd_3000", "win", "vip"}
	if !slices.Equal(tk.Tags, want) {
		t.Fatalf("tags %q, want %q", tk.Tags, want)
	}
	n := len(s.Audits(tk.ID))
	for _, bad := range []obj{
		cf(printer, "HD 3000 color printer"), cf(printer, "win"), cf(os, []string{"win", "linux"}),
		cf(vip, "yes"), cf(4242, "hd_3000"),
	} {
		got, _ := updated(t, s, tk.ID, obj{"custom_fields": []any{bad}})
		if !slices.Equal(got.Tags, want) || valueOf(got, printer) != "hd_3000" || valueOf(got, vip) != true {
			t.Errorf("after %v: tags %q, fields %v", bad, got.Tags, got.CustomFields)
		}
	}
	if got := len(s.Audits(tk.ID)); got != n {
		t.Errorf("%d audits after dropped values, want %d", got, n)
	}
	// A text field's value that happens to be an option's tag is just text.
	got, _ := updated(t, s, tk.ID, obj{"custom_fields": []any{cf(note, "laser_jet")}})
	if !slices.Equal(got.Tags, want) || valueOf(got, printer) != "hd_3000" {
		t.Errorf("a text value: tags %q, fields %v", got.Tags, got.CustomFields)
	}
}

// TestFieldTags_BulkUpdateToo: update_many goes through the same rules.
func TestFieldTags_BulkUpdateToo(t *testing.T) {
	t.Parallel()
	s, printer, _, _, _ := fieldTagsServer(t)
	a, _ := create(t, s, obj{})
	b, _ := create(t, s, obj{})
	j := queued(t, send(t, s, "PUT", "/api/v2/tickets/update_many.json?ids="+itoa(a.ID)+","+itoa(b.ID),
		obj{"ticket": obj{"custom_fields": []any{cf(printer, "laser_jet")}}}))
	waitJob(t, s, j.ID)
	for _, id := range []int64{a.ID, b.ID} {
		if got, _ := s.Ticket(id); !slices.Equal(got.Tags, []string{"laser_jet"}) {
			t.Errorf("ticket %d tags %q", id, got.Tags)
		}
	}
}

func TestFieldTags_AddTicketFieldRefusesATagInUse(t *testing.T) {
	t.Parallel()
	s, _, _, _, _ := fieldTagsServer(t)
	for _, c := range []struct {
		typ  string
		opts []string
		want string
	}{
		{"tagger", []string{"Other=hd_3000"}, `"hd_3000" is already used by the field "Printer"`},
		{"checkbox", []string{"win"}, `"win" is already used by the field "OS"`},
		{"multiselect", []string{"A=same", "B=same"}, `"same" is already used by the field "Dup"`},
		{"checkbox", []string{"a", "b"}, "one option at most"},
		{"checkbox", []string{" "}, "an empty tag"},
	} {
		func() {
			defer func() {
				if msg := fmt.Sprint(recover()); !strings.Contains(msg, c.want) {
					t.Errorf("%s %q: panic %q, want %q", c.typ, c.opts, msg, c.want)
				}
			}()
			s.AddTicketField("Dup", c.typ, c.opts...)
		}()
	}
}
