package zendesktest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/ticketsdk/zendesk/webhook"
)

// sequenceOf returns an event's meta.sequence: id, position and total.
func sequenceOf(t *testing.T, e wireEvent) (id string, position, total int) {
	t.Helper()
	seq := eventObject(t, e, false)["meta"].(map[string]any)["sequence"].(map[string]any)
	id, _ = seq["id"].(string)
	p, _ := seq["position"].(float64)
	n, _ := seq["total"].(float64)
	return id, int(p), int(n)
}

// wantSequence checks that evs are one action's events, in positions 1…len(evs).
func wantSequence(t *testing.T, evs []wireEvent) {
	t.Helper()
	first, _, _ := sequenceOf(t, evs[0])
	for i, e := range evs {
		id, pos, total := sequenceOf(t, e)
		if id != first || pos != i+1 || total != len(evs) {
			t.Errorf("%s: meta.sequence %s %d of %d, want %s %d of %d", e.Type, id, pos, total, first, i+1, len(evs))
		}
	}
}

// shortTypes returns the event types without the zen:event-type:ticket. prefix.
func shortTypes(evs []wireEvent) []string {
	out := types(evs)
	for i := range out {
		out[i] = strings.TrimPrefix(out[i], "zen:event-type:ticket.")
	}
	return out
}

// eventComment decodes event.comment, with its meta left out.
func eventComment(t *testing.T, e wireEvent) map[string]any {
	t.Helper()
	c, ok := eventObject(t, e, false)["comment"].(map[string]any)
	if !ok {
		t.Fatalf("%s: no event.comment in %s", e.Type, e.Event)
	}
	return c
}

// wantAttachmentEvent checks event.comment of an attachment event: the comment's id and
// exactly the attachment's documented keys, with the values of att.
func wantAttachmentEvent(t *testing.T, e wireEvent, commentID int64, att Attachment, public bool) {
	t.Helper()
	c := eventComment(t, e)
	want := map[string]any{"id": itoa(commentID), "attachment": map[string]any{
		"id": itoa(att.ID), "content_type": att.ContentType, "content_url": att.ContentURL,
		"filename": att.FileName, "is_public": public,
	}}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("%s: event.comment = %v, want %v", e.Type, c, want)
	}
}

func TestWebhooks_AttachmentLinkedToCommentAfterChangeEvents(t *testing.T) {
	s := newServer(t)
	rc := newReceiver(t, nil)
	s.AddWebhook(rc.URL, lifecycleSecret)

	first := uploadOK(t, s, "first.txt", "text/plain", "one")
	tk, created := create(t, s, obj{"subject": "files", "comment": obj{"body": "see file", "uploads": []string{first.Token}}})
	evs := delivered(t, s, rc)
	if got := shortTypes(evs); !slices.Equal(got, []string{"created", "attachment_linked_to_comment"}) {
		t.Fatalf("create with a file: events %v, want created, then attachment_linked_to_comment", got)
	}
	wantSequence(t, evs)
	wantAttachmentEvent(t, evs[1], evID(created.Events[0]), first.Attachment, true)
	if evs[1].Detail["id"] != itoa(tk.ID) || evs[1].Detail["status"] != "NEW" || evs[1].Subject != "zen:ticket:"+itoa(tk.ID) {
		t.Errorf("attachment_linked_to_comment: subject %s, detail %v", evs[1].Subject, evs[1].Detail)
	}
	before := len(evs)

	a := uploadOK(t, s, "a.txt", "text/plain", "aaa")
	b := uploadOK(t, s, "b.csv", "text/csv", "b,b", a.Token) // the same token gathers both
	var out struct {
		Audit Audit `json:"audit"`
	}
	update(t, s, tk.ID, obj{"status": "pending", "tags": []string{"filed"},
		"comment": obj{"body": "two files, privately", "public": false, "uploads": []string{a.Token, "unknown-token"}}}).
		want(t, http.StatusOK).decode(t, &out)
	evs = delivered(t, s, rc)[before:]

	want := []string{"comment_added", "status_changed", "tags_changed", "attachment_linked_to_comment", "attachment_linked_to_comment"}
	if got := shortTypes(evs); !slices.Equal(got, want) {
		t.Fatalf("update with two files: events %v, want %v", got, want)
	}
	wantSequence(t, evs)
	cid := evID(out.Audit.Events[0])
	wantAttachmentEvent(t, evs[3], cid, a.Attachments[0], false)
	wantAttachmentEvent(t, evs[4], cid, b.Attachments[1], false)
	if evs[4].Detail["status"] != "PENDING" || evs[4].Detail["actor_id"] != itoa(DefaultAgentID) {
		t.Errorf("detail = %v, want the updated ticket and the caller", evs[4].Detail)
	}

	// A comment without files, or with a token already used, links nothing.
	before += len(evs)
	update(t, s, tk.ID, obj{"comment": obj{"body": "no file", "uploads": []string{a.Token}}}).want(t, http.StatusOK)
	if got := shortTypes(delivered(t, s, rc)[before:]); !slices.Equal(got, []string{"comment_added"}) {
		t.Errorf("comment with a used token: events %v, want comment_added only", got)
	}
}

func TestWebhooks_CommentRedactedByBothEndpoints(t *testing.T) {
	s := newServer(t)
	rc := newReceiver(t, nil)
	s.AddWebhook(rc.URL, lifecycleSecret)
	tk, created := create(t, s, obj{"subject": "secrets", "comment": obj{"body": "My ID is 847564 and PIN 1234"}})
	cid := evID(created.Events[0])
	before := len(delivered(t, s, rc))

	legacy := fmt.Sprintf("/api/v2/tickets/%d/comments/%d/redact.json", tk.ID, cid)
	send(t, s, "PUT", legacy, obj{"text": "not in the comment"}).want(t, http.StatusOK)
	send(t, s, "PUT", legacy, obj{"text": "1234"}).want(t, http.StatusOK)
	send(t, s, "PUT", fmt.Sprintf("/api/v2/comment_redactions/%d.json", cid), obj{"ticket_id": tk.ID,
		"html_body": `<div class="zd-comment"><p>My ID is <redact>847564</redact> and PIN ▇▇▇▇</p></div>`}).
		want(t, http.StatusOK)
	evs := delivered(t, s, rc)[before:]

	if got := shortTypes(evs); !slices.Equal(got, []string{"comment_redacted", "comment_redacted"}) {
		t.Fatalf("events %v, want comment_redacted for each redaction that changed the comment (none for absent text)", got)
	}
	for i, body := range []string{"My ID is 847564 and PIN ▇▇▇▇", "My ID is ▇▇▇▇▇▇ and PIN ▇▇▇▇"} {
		e := evs[i]
		wantSequence(t, evs[i:i+1])
		want := map[string]any{"id": itoa(cid), "body": body, "is_public": true}
		if c := eventComment(t, e); !reflect.DeepEqual(c, want) {
			t.Errorf("redaction %d: event.comment = %v, want %v", i, c, want)
		}
		if e.Detail["id"] != itoa(tk.ID) || e.Detail["actor_id"] != itoa(DefaultAgentID) || e.Subject != "zen:ticket:"+itoa(tk.ID) {
			t.Errorf("redaction %d: subject %s, detail %v", i, e.Subject, e.Detail)
		}
	}
}

func TestWebhooks_AttachmentRedactedFromComment(t *testing.T) {
	s := newServer(t)
	rc := newReceiver(t, nil)
	s.AddWebhook(rc.URL, lifecycleSecret)
	card := uploadOK(t, s, "card.txt", "text/plain", "4111 1111 1111 1111")
	scan := uploadOK(t, s, "scan.txt", "text/plain", "passport", card.Token)
	tk, created := create(t, s, obj{"comment": obj{"body": "card 4111", "public": false, "uploads": []string{card.Token}}})
	cid := evID(created.Events[0])
	before := len(delivered(t, s, rc))

	// One request that redacts text and both files: one sequence, the text first.
	send(t, s, "PUT", fmt.Sprintf("/api/v2/comment_redactions/%d.json", cid), obj{"ticket_id": tk.ID,
		"html_body":                `<div class="zd-comment"><p>card <redact>4111</redact></p></div>`,
		"external_attachment_urls": []string{scan.Attachments[1].ContentURL, card.Attachment.ContentURL}}).
		want(t, http.StatusOK)
	// The attachment endpoint: one event of its own.
	send(t, s, "PUT", fmt.Sprintf("/api/v2/tickets/%d/comments/%d/attachments/%d/redact.json", tk.ID, cid, card.Attachment.ID), nil).
		want(t, http.StatusOK)
	// An attachment the comment does not hold: 404, nothing sent.
	send(t, s, "PUT", fmt.Sprintf("/api/v2/tickets/%d/comments/%d/attachments/%d/redact.json", tk.ID, cid, card.Attachment.ID+999), nil).
		want(t, http.StatusNotFound)
	evs := delivered(t, s, rc)[before:]

	want := []string{"comment_redacted", "attachment_redacted_from_comment", "attachment_redacted_from_comment", "attachment_redacted_from_comment"}
	if got := shortTypes(evs); !slices.Equal(got, want) {
		t.Fatalf("events %v, want %v", got, want)
	}
	wantSequence(t, evs[:3])
	wantSequence(t, evs[3:])
	id0, _, _ := sequenceOf(t, evs[0])
	if id3, _, _ := sequenceOf(t, evs[3]); id0 == id3 {
		t.Errorf("two requests share the sequence id %s", id0)
	}
	if c := eventComment(t, evs[0]); c["body"] != "card ▇▇▇▇" || c["is_public"] != false {
		t.Errorf("comment_redacted: event.comment = %v", c)
	}
	comment := s.Comments(tk.ID)[0]
	for i, att := range []Attachment{comment.Attachments[1], comment.Attachments[0], comment.Attachments[0]} {
		if att.FileName != "redacted.txt" {
			t.Fatalf("attachment %d not redacted: %+v", i, att)
		}
		wantAttachmentEvent(t, evs[i+1], cid, att, false)
	}
}

func TestWebhooks_ProblemLinkDueAtAndCustomStatusChanges(t *testing.T) {
	s := newServer(t)
	rc := newReceiver(t, nil)
	s.AddWebhook(rc.URL, lifecycleSecret)
	problem, _ := create(t, s, obj{"subject": "outage", "type": "problem"})
	tk, _ := create(t, s, obj{"subject": "me too", "type": "task", "status": "open"})
	before := len(delivered(t, s, rc))

	const custom = 424242 // not one of the account's: the status stays
	update(t, s, tk.ID, obj{"subject": "me too!", "problem_id": problem.ID, "due_at": "2030-01-02T03:04:05Z",
		"custom_status_id": custom}).want(t, http.StatusOK)
	update(t, s, tk.ID, obj{"problem_id": nil, "due_at": nil}).want(t, http.StatusOK)
	update(t, s, tk.ID, obj{"status": "pending"}).want(t, http.StatusOK) // custom status follows: not sent
	evs := delivered(t, s, rc)[before:]

	want := []string{"subject_changed", "problem_link_changed", "task_due_at_changed", "custom_status_changed",
		"problem_link_changed", "task_due_at_changed", "status_changed"}
	if got := shortTypes(evs); !slices.Equal(got, want) {
		t.Fatalf("events %v, want %v", got, want)
	}
	wantSequence(t, evs[:4])
	wantSequence(t, evs[4:6])
	wantSequence(t, evs[6:])
	wantValues := []struct{ previous, current any }{
		{"me too", "me too!"},
		{nil, itoa(problem.ID)},
		{nil, "2030-01-02T03:04:05Z"},
		{itoa(DefaultCustomStatusID("open")), itoa(custom)},
		{itoa(problem.ID), nil},
		{"2030-01-02T03:04:05Z", nil},
		{"OPEN", "PENDING"},
	}
	for i, w := range wantValues {
		ev := eventObject(t, evs[i], false)
		if keys := sortedKeys(ev); !slices.Equal(keys, []string{"current", "meta", "previous"}) {
			t.Errorf("%s: event keys %v, want current, meta, previous", evs[i].Type, keys)
		}
		if ev["previous"] != w.previous || ev["current"] != w.current {
			t.Errorf("%s: previous %v, current %v; want %v, %v", evs[i].Type, ev["previous"], ev["current"], w.previous, w.current)
		}
	}
	if evs[3].Detail["custom_status"] != itoa(custom) || evs[3].Detail["status"] != "OPEN" {
		t.Errorf("detail = %v, want custom_status %d and status OPEN", evs[3].Detail, custom)
	}
}

// The fake's API never changes a ticket's submitter (an update ignores submitter_id), so
// submitter_changed is checked on the mapping from an audit's Change.
func TestWebhooks_SubmitterChangedShape(t *testing.T) {
	s := newServer(t)
	s.mu.Lock()
	ev, ok := s.st.webhookChange("submitter_id", "11", "22")
	s.mu.Unlock()
	want := map[string]any{"previous": "11", "current": "22"}
	if !ok || ev.typ != "submitter_changed" || !reflect.DeepEqual(ev.data, want) {
		t.Errorf("webhookChange(submitter_id) = %q %v, %v; want submitter_changed %v", ev.typ, ev.data, ok, want)
	}
}

func TestE2E_WebhookAttachmentRedactionAndProblemLinkThroughHandler(t *testing.T) {
	s := newServer(t)
	const secret = "-more events"
	var (
		mu  sync.Mutex
		got []*webhook.Event
	)
	h := httptest.NewServer(webhook.Handler(secret, func(_ context.Context, e *webhook.Event) error {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, e)
		return nil
	}))
	t.Cleanup(h.Close)
	s.AddWebhook(h.URL, secret)

	problem, _ := create(t, s, obj{"subject": "outage", "type": "problem"})
	tk, _ := create(t, s, obj{"subject": "me too"})
	up := uploadOK(t, s, "log.txt", "text/plain", "token=abc")
	var out struct {
		Audit Audit `json:"audit"`
	}
	update(t, s, tk.ID, obj{"problem_id": problem.ID, "comment": obj{"body": "log attached", "uploads": []string{up.Token}}}).
		want(t, http.StatusOK).decode(t, &out)
	cid := evID(out.Audit.Events[0])
	send(t, s, "PUT", fmt.Sprintf("/api/v2/tickets/%d/comments/%d/attachments/%d/redact.json", tk.ID, cid, up.Attachment.ID), nil).
		want(t, http.StatusOK)
	waitWebhooks(t, s)

	mu.Lock()
	evs := slices.Clone(got[2:]) // after the two creates
	mu.Unlock()
	var typs []string
	for _, e := range evs {
		typs = append(typs, e.Type)
	}
	want := []string{webhook.TicketCommentAdded, webhook.TicketProblemLinkChanged,
		webhook.TicketAttachmentLinkedToComment, webhook.TicketAttachmentRedactedFromComment}
	if !slices.Equal(typs, want) {
		t.Fatalf("verified events %v, want %v", typs, want)
	}
	for _, e := range evs {
		if ticket, err := e.Ticket(); err != nil || ticket.ID != tk.ID || ticket.Subject != "me too" {
			t.Errorf("%s: Ticket = %+v, %v", e.Type, ticket, err)
		}
	}
	if c, err := evs[1].Change(); err != nil || string(c.Previous) != "null" || string(c.Current) != `"`+itoa(problem.ID)+`"` {
		t.Errorf("problem_link_changed: Change = %+v, %v", c, err)
	}
	for i, name := range map[int]string{2: "log.txt", 3: "redacted.txt"} {
		var ev struct {
			Comment struct {
				ID         string `json:"id"`
				Attachment struct {
					ID       string `json:"id"`
					Filename string `json:"filename"`
				} `json:"attachment"`
			} `json:"comment"`
		}
		if err := json.Unmarshal(evs[i].Event, &ev); err != nil || ev.Comment.ID != itoa(cid) ||
			ev.Comment.Attachment.ID != itoa(up.Attachment.ID) || ev.Comment.Attachment.Filename != name {
			t.Errorf("%s: event %s, %v; want comment %d, attachment %d named %s", evs[i].Type, evs[i].Event, err, cid, up.Attachment.ID, name)
		}
	}
}
