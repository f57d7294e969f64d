package zendesktest

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// TestComments_ImageOnlyHTMLIsAComment: an html_body with no text (an inline image) is a
// comment: a create takes it as the description's comment, an update adds it.
func TestComments_ImageOnlyHTMLIsAComment(t *testing.T) {
	s := newServer(t)
	img := `<p><img src="https://example.com/y.png"></p>`
	tk, _ := create(t, s, obj{"comment": obj{"html_body": img}})
	update(t, s, tk.ID, obj{"comment": obj{"html_body": img}}).want(t, http.StatusOK)
	cs := s.Comments(tk.ID)
	if len(cs) != 2 || cs[0].HTMLBody != img || cs[1].HTMLBody != img || cs[1].Body != "" {
		t.Errorf("comments %+v", cs)
	}
}

// TestCommentRedactions_TextBodiesRedactedToo: a redacted part written with an entity or a
// line break in html_body is redacted in body and plain_body too, where it reads as text.
func TestCommentRedactions_TextBodiesRedactedToo(t *testing.T) {
	s := newServer(t)
	html := `<p>Tom &amp; Jerry card 4111</p><p>PIN<br>1234</p>`
	tk, created := create(t, s, obj{"comment": obj{"html_body": html}})
	cid := evID(created.Events[0])
	redact := `<p><redact>Tom &amp; Jerry card</redact> 4111</p><p><redact>PIN<br>1234</redact></p>`
	send(t, s, "PUT", fmt.Sprintf("/api/v2/comment_redactions/%d.json", cid), obj{"ticket_id": tk.ID, "html_body": redact}).
		want(t, http.StatusOK)
	c := s.Comments(tk.ID)[0]
	for _, secret := range []string{"Jerry", "1234"} {
		if strings.Contains(c.Body, secret) || strings.Contains(c.PlainBody, secret) || strings.Contains(c.HTMLBody, secret) {
			t.Errorf("%q left: body %q, plain_body %q, html_body %q", secret, c.Body, c.PlainBody, c.HTMLBody)
		}
	}
	if !strings.Contains(c.Body, "4111") {
		t.Errorf("body %q lost what was not redacted", c.Body)
	}
}

// TestImports_HTMLOnlyCommentHasTextBody: an imported comment written as html_body alone has
// its text as body, as a created one does.
func TestImports_HTMLOnlyCommentHasTextBody(t *testing.T) {
	s := newServer(t)
	var out struct {
		Ticket Ticket `json:"ticket"`
	}
	send(t, s, "POST", "/api/v2/imports/tickets.json", obj{"ticket": obj{"subject": "old",
		"comments": []any{obj{"html_body": "<p>Hello &amp; bye<br>x</p>"}}}}).want(t, http.StatusCreated).decode(t, &out)
	c := s.Comments(out.Ticket.ID)[0]
	if want := "Hello & bye\nx"; c.Body != want || c.PlainBody != want || out.Ticket.Description != want {
		t.Errorf("body %q, plain_body %q, description %q, want %q", c.Body, c.PlainBody, out.Ticket.Description, want)
	}
}

// TestProblems_TiesInChangeOrder: problems with one updated_at list the one changed last
// first, even when it has the lower id.
func TestProblems_TiesInChangeOrder(t *testing.T) {
	s := newServer(t)
	p1, _ := create(t, s, obj{"type": "problem", "subject": "Outage one"})
	p2, _ := create(t, s, obj{"type": "problem", "subject": "Outage two"})
	update(t, s, p2.ID, obj{"priority": "high"}).want(t, http.StatusOK)
	update(t, s, p1.ID, obj{"priority": "high"}).want(t, http.StatusOK) // p1 changed last
	stamp := s.st.tickets[p1.ID].UpdatedAt
	s.st.tickets[p2.ID].UpdatedAt = stamp
	for _, req := range []struct{ method, path string }{
		{"GET", "/api/v2/problems.json"},
		{"GET", "/api/v2/problems.json?page[size]=1"},
		{"POST", "/api/v2/problems/autocomplete.json?text=outage"},
	} {
		var list struct {
			Tickets []Ticket `json:"tickets"`
		}
		send(t, s, req.method, req.path, nil).want(t, http.StatusOK).decode(t, &list)
		if got := itemIDs(list.Tickets, func(tk Ticket) int64 { return tk.ID }); len(got) == 0 || got[0] != p1.ID {
			t.Errorf("%s %s: %v, want %d (changed last) first", req.method, req.path, got, p1.ID)
		}
	}
}

// TestWebhooks_EmptyRedactTagsSendNothing: comment_redactions whose <redact> tags hold nothing
// change nothing and send no comment_redacted.
func TestWebhooks_EmptyRedactTagsSendNothing(t *testing.T) {
	s := newServer(t)
	rc := newReceiver(t, nil)
	s.AddWebhook(rc.URL, lifecycleSecret)
	tk, created := create(t, s, obj{"comment": obj{"html_body": "<p>nothing secret</p>"}})
	cid := evID(created.Events[0])
	before := len(delivered(t, s, rc))
	send(t, s, "PUT", fmt.Sprintf("/api/v2/comment_redactions/%d.json", cid), obj{"ticket_id": tk.ID,
		"html_body": "<p><redact></redact>nothing secret</p>"}).want(t, http.StatusOK)
	if evs := delivered(t, s, rc)[before:]; slices.Contains(shortTypes(evs), "comment_redacted") {
		t.Errorf("events %v after a redaction that changed nothing", shortTypes(evs))
	}
}
