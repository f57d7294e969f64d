package zendesktest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// lifecycleSecret signs the deliveries of these tests.
const lifecycleSecret = "lifecycle-secret"

// delivered waits for the queued deliveries and returns them as events, after checking that
// each is signed with lifecycleSecret and carries the envelope's keys.
func delivered(t *testing.T, s *Server, rc *receiver) []wireEvent {
	t.Helper()
	waitWebhooks(t, s)
	hits := rc.got()
	for i, h := range hits {
		ts := h.header.Get("X-Zendesk-Webhook-Signature-Timestamp")
		mac := hmac.New(sha256.New, []byte(lifecycleSecret))
		mac.Write([]byte(ts))
		mac.Write(h.body)
		if h.header.Get("X-Zendesk-Webhook-Signature") != base64.StdEncoding.EncodeToString(mac.Sum(nil)) {
			t.Errorf("delivery %d is not signed with the webhook's secret: %v", i, h.header)
		}
		var keys map[string]json.RawMessage
		if err := json.Unmarshal(h.body, &keys); err != nil {
			t.Fatalf("delivery %d: %v", i, err)
		}
		for _, k := range []string{"type", "account_id", "id", "time", "zendesk_event_version", "subject", "detail", "event"} {
			if _, ok := keys[k]; !ok {
				t.Errorf("delivery %d has no %q: %s", i, k, h.body)
			}
		}
	}
	return events(t, hits)
}

// eventObject decodes an event's "event" and checks its meta.sequence: position 1 of total 1
// for an event that is the only one of its action (alone), and an id in any case.
func eventObject(t *testing.T, e wireEvent, alone bool) map[string]any {
	t.Helper()
	var ev map[string]any
	if err := json.Unmarshal(e.Event, &ev); err != nil {
		t.Fatalf("%s: event %s: %v", e.Type, e.Event, err)
	}
	meta, _ := ev["meta"].(map[string]any)
	seq, _ := meta["sequence"].(map[string]any)
	if id, _ := seq["id"].(string); id == "" {
		t.Errorf("%s: meta.sequence without an id: %s", e.Type, e.Event)
	}
	if alone && (seq["position"] != 1.0 || seq["total"] != 1.0) {
		t.Errorf("%s: meta.sequence = %v, want position 1 of 1", e.Type, seq)
	}
	return ev
}

// wantLifecycle checks an event without members of its own: its type, subject, the detail's
// id, status and actor, and that the event object holds only meta.
func wantLifecycle(t *testing.T, e wireEvent, typ string, ticket int64, status string, actor int64) {
	t.Helper()
	if e.Type != "zen:event-type:ticket."+typ || e.Subject != fmt.Sprintf("zen:ticket:%d", ticket) {
		t.Errorf("event %s about %s, want ticket.%s about ticket %d", e.Type, e.Subject, typ, ticket)
	}
	if e.Detail["id"] != itoa(ticket) || e.Detail["status"] != status || e.Detail["actor_id"] != itoa(actor) {
		t.Errorf("%s: detail id %v, status %v, actor_id %v; want %d, %s, %d",
			e.Type, e.Detail["id"], e.Detail["status"], e.Detail["actor_id"], ticket, status, actor)
	}
	if at, err := time.Parse(time.RFC3339Nano, e.Time); err != nil || time.Since(at) > time.Minute {
		t.Errorf("%s: time %q", e.Type, e.Time)
	}
	ev := eventObject(t, e, true)
	if keys := sortedKeys(ev); !slices.Equal(keys, []string{"meta"}) {
		t.Errorf("%s: event keys %v, want only meta", e.Type, keys)
	}
}

func TestWebhooks_DeleteAndDestroyManyAreSoftDeleted(t *testing.T) {
	s := newServer(t, WithJobDuration(0))
	rc := newReceiver(t, nil)
	s.AddWebhook(rc.URL, lifecycleSecret)
	a, _ := create(t, s, obj{"subject": "a"})
	b, _ := create(t, s, obj{"subject": "b"})
	c, _ := create(t, s, obj{"subject": "c"})
	waitWebhooks(t, s)
	before := len(rc.got())

	send(t, s, "DELETE", tpath(a.ID, ".json"), nil).want(t, http.StatusNoContent)
	waitJob(t, s, queued(t, send(t, s, "DELETE", "/api/v2/tickets/destroy_many.json?ids="+itoa(b.ID)+","+itoa(c.ID)+",999", nil)).ID)
	evs := delivered(t, s, rc)[before:]

	if len(evs) != 3 {
		t.Fatalf("events = %v, want one soft_deleted for each deleted ticket (none for 999)", types(evs))
	}
	for i, id := range []int64{a.ID, b.ID, c.ID} {
		wantLifecycle(t, evs[i], "soft_deleted", id, "DELETED", DefaultAgentID)
	}
	if evs[0].Detail["subject"] != "a" || evs[0].Detail["description"] != "Help" {
		t.Errorf("detail of the deleted ticket = %v, want the ticket as it was", evs[0].Detail)
	}
}

func TestWebhooks_MarkAsSpamIsMarkedAsSpamOnly(t *testing.T) {
	s := newServer(t, WithJobDuration(0))
	rc := newReceiver(t, nil)
	s.AddWebhook(rc.URL, lifecycleSecret)
	a, _ := create(t, s, obj{"subject": "a"})
	b, _ := create(t, s, obj{"subject": "b"})
	waitWebhooks(t, s)
	before := len(rc.got())

	send(t, s, "PUT", tpath(a.ID, "/mark_as_spam.json"), nil).want(t, http.StatusOK)
	waitJob(t, s, queued(t, send(t, s, "PUT", "/api/v2/tickets/mark_many_as_spam.json?ids="+itoa(b.ID), nil)).ID)
	evs := delivered(t, s, rc)[before:]

	want := []string{"zen:event-type:ticket.marked_as_spam", "zen:event-type:ticket.marked_as_spam"}
	if got := types(evs); !slices.Equal(got, want) {
		t.Fatalf("events = %v, want %v (no soft_deleted besides)", got, want)
	}
	wantLifecycle(t, evs[0], "marked_as_spam", a.ID, "DELETED", DefaultAgentID)
	wantLifecycle(t, evs[1], "marked_as_spam", b.ID, "DELETED", DefaultAgentID)
}

func TestWebhooks_RestoreIsUndeleted_DestroyIsPermanentlyDeleted(t *testing.T) {
	s := newServer(t, WithJobDuration(0))
	rc := newReceiver(t, nil)
	s.AddWebhook(rc.URL, lifecycleSecret)
	agent := s.AddAgent("Ann Agent", "ann@example.com")
	var ids []int64
	for _, subject := range []string{"a", "b", "c", "d", "e"} {
		tk, _ := create(t, s, obj{"subject": subject, "status": "open", "assignee_id": agent})
		ids = append(ids, tk.ID)
		send(t, s, "DELETE", tpath(tk.ID, ".json"), nil).want(t, http.StatusNoContent)
	}
	waitWebhooks(t, s)
	before := len(rc.got())
	list := func(ids ...int64) string {
		s := make([]string, len(ids))
		for i, id := range ids {
			s[i] = itoa(id)
		}
		return strings.Join(s, ",")
	}

	send(t, s, "PUT", fmt.Sprintf("/api/v2/deleted_tickets/%d/restore.json", ids[0]), nil).want(t, http.StatusOK)
	send(t, s, "PUT", "/api/v2/deleted_tickets/restore_many.json?ids="+list(ids[1], ids[2]), nil).want(t, http.StatusOK)
	waitJob(t, s, queued(t, send(t, s, "DELETE", fmt.Sprintf("/api/v2/deleted_tickets/%d.json", ids[3]), nil)).ID)
	// ids[0] is no longer deleted: it fails in the job's results and is not destroyed.
	waitJob(t, s, queued(t, send(t, s, "DELETE", "/api/v2/deleted_tickets/destroy_many.json?ids="+list(ids[4], ids[0]), nil)).ID)
	evs := delivered(t, s, rc)[before:]

	want := []string{"undeleted", "undeleted", "undeleted", "permanently_deleted", "permanently_deleted"}
	for i := range want {
		want[i] = "zen:event-type:ticket." + want[i]
	}
	if got := types(evs); !slices.Equal(got, want) {
		t.Fatalf("events = %v, want %v", got, want)
	}
	for i, id := range ids[:3] {
		wantLifecycle(t, evs[i], "undeleted", id, "OPEN", DefaultAgentID)
	}
	wantLifecycle(t, evs[3], "permanently_deleted", ids[3], "DELETED", DefaultAgentID)
	wantLifecycle(t, evs[4], "permanently_deleted", ids[4], "DELETED", DefaultAgentID)
	if evs[3].Detail["subject"] != "d" || evs[3].Detail["assignee_id"] != itoa(agent) {
		t.Errorf("detail of the destroyed ticket = %v, want the ticket as it was", evs[3].Detail)
	}
}

func TestWebhooks_MergeSendsMergedForEachSource(t *testing.T) {
	s := newServer(t, WithJobDuration(0))
	rc := newReceiver(t, nil)
	s.AddWebhook(rc.URL, lifecycleSecret)
	agent := s.AddAgent("Ann Agent", "ann@example.com")
	target, _ := create(t, s, obj{"subject": "target"})
	src1, _ := create(t, s, obj{"subject": "one", "status": "open", "assignee_id": agent})
	src2, _ := create(t, s, obj{"subject": "two", "status": "open", "assignee_id": agent})
	waitWebhooks(t, s)
	before := len(rc.got())

	waitJob(t, s, queued(t, send(t, s, "POST", tpath(target.ID, "/merge.json"),
		obj{"ids": []int64{src1.ID, src2.ID}, "source_comment": "Merged away"})).ID)
	evs := delivered(t, s, rc)[before:]

	var got []string
	for _, e := range evs {
		got = append(got, strings.TrimPrefix(e.Type, "zen:event-type:ticket.")+" "+e.Subject)
	}
	want := []string{
		"comment_added zen:ticket:" + itoa(src1.ID), "status_changed zen:ticket:" + itoa(src1.ID), "merged zen:ticket:" + itoa(src1.ID),
		"comment_added zen:ticket:" + itoa(src2.ID), "status_changed zen:ticket:" + itoa(src2.ID), "merged zen:ticket:" + itoa(src2.ID),
		"comment_added zen:ticket:" + itoa(target.ID),
	}
	if !slices.Equal(got, want) {
		t.Fatalf("events = %v, want %v", got, want)
	}
	for _, i := range []int{2, 5} {
		e := evs[i]
		ev := eventObject(t, e, true)
		if ev["target_ticket_id"] != itoa(target.ID) || len(ev) != 2 {
			t.Errorf("merged event = %s, want target_ticket_id %q and meta", e.Event, itoa(target.ID))
		}
		if e.Detail["status"] != "CLOSED" || e.Detail["actor_id"] != itoa(DefaultAgentID) {
			t.Errorf("merged detail = %v, want the closed source", e.Detail)
		}
	}
}

func TestWebhooks_CustomFieldAndOtherFieldChanges(t *testing.T) {
	s := newServer(t)
	rc := newReceiver(t, nil)
	s.AddWebhook(rc.URL, lifecycleSecret)
	note := s.AddTicketField("Note", "text")
	count := s.AddTicketField("Count", "integer")
	ann := s.AddAgent("Ann Agent", "ann@example.com")
	bob := s.AddUser("Bob", "bob@example.com")
	tk, _ := create(t, s, obj{"subject": "fields", "external_id": "ext-1", "email_cc_ids": []int64{bob},
		"custom_fields": []obj{{"id": note, "value": "first"}}})
	waitWebhooks(t, s)
	before := len(rc.got())

	update(t, s, tk.ID, obj{
		"external_id": "ext-2", "ticket_form_id": 7001, "brand_id": 8001,
		"email_cc_ids": []int64{ann}, "follower_ids": []int64{ann},
		"custom_fields": []obj{{"id": note, "value": "second"}, {"id": count, "value": 3}},
	}).want(t, http.StatusOK)
	update(t, s, tk.ID, obj{"description": "ignored: an update cannot change it"}).want(t, http.StatusOK)
	evs := delivered(t, s, rc)[before:]

	want := []string{"email_ccs_changed", "followers_changed", "external_id_changed", "form_changed",
		"brand_changed", "custom_field_changed", "custom_field_changed"}
	for i := range want {
		want[i] = "zen:event-type:ticket." + want[i]
	}
	if got := types(evs); !slices.Equal(got, want) {
		t.Fatalf("events = %v, want %v (and no description_changed)", got, want)
	}
	wantEvent := map[int]string{
		0: `"users_added":["` + itoa(ann) + `"],"users_removed":["` + itoa(bob) + `"]`,
		1: `"users_added":["` + itoa(ann) + `"],"users_removed":[]`,
		2: `"current":"ext-2",` + `"meta":`,
		3: `"current":"7001",`,
		4: `"current":"8001",`,
		5: `"current":{"value":"second"},"custom_field":{"id":"` + itoa(note) + `","title":"Note","type":"text"},"meta":`,
		6: `"current":{"value":3},"custom_field":{"id":"` + itoa(count) + `","title":"Count","type":"integer"},"meta":`,
	}
	for i, e := range evs {
		ev := eventObject(t, e, false)
		if !strings.Contains(string(e.Event), wantEvent[i]) {
			t.Errorf("%s event = %s, want it to hold %s", e.Type, e.Event, wantEvent[i])
		}
		seq := ev["meta"].(map[string]any)["sequence"].(map[string]any)
		if seq["position"] != float64(i+1) || seq["total"] != float64(len(evs)) {
			t.Errorf("%s: meta.sequence %v, want position %d of %d", e.Type, seq, i+1, len(evs))
		}
	}
	for i, want := range map[int]string{2: `"previous":"ext-1"`, 3: `"previous":`, 5: `"previous":{"value":"first"}`, 6: `"previous":{"value":null}`} {
		if !strings.Contains(string(evs[i].Event), want) {
			t.Errorf("%s event = %s, want it to hold %s", evs[i].Type, evs[i].Event, want)
		}
	}
	if evs[0].Detail["external_id"] != "ext-2" || evs[0].Detail["form_id"] != "7001" || evs[0].Detail["brand_id"] != "8001" {
		t.Errorf("detail = %v, want the changed ticket", evs[0].Detail)
	}
}
