package zendesktest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

type commentsPage struct {
	Comments []Comment       `json:"comments"`
	Users    []User          `json:"users"`
	Meta     cursorMeta      `json:"meta"`
	Links    map[string]*any `json:"links"`
	Count    *int            `json:"count"`
	NextPage *string         `json:"next_page"`
}

type cursorMeta struct {
	HasMore      bool    `json:"has_more"`
	AfterCursor  *string `json:"after_cursor"`
	BeforeCursor *string `json:"before_cursor"`
}

func listComments(t *testing.T, s *Server, id int64, query string) commentsPage {
	t.Helper()
	var p commentsPage
	send(t, s, "GET", tpath(id, "/comments.json")+query, nil).want(t, http.StatusOK).decode(t, &p)
	return p
}

func bodies(cs []Comment) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Body
	}
	return out
}

func TestComments_FromCreateUpdatesAndMerges(t *testing.T) {
	s := newServer(t)
	tk, created := create(t, s, obj{"comment": obj{"body": "first", "public": false}})
	update(t, s, tk.ID, obj{"comment": obj{"body": "second"}}).want(t, http.StatusOK)
	update(t, s, tk.ID, obj{"priority": "high"}).want(t, http.StatusOK) // no comment, none listed
	update(t, s, tk.ID, obj{"comment": obj{"body": "third", "public": true}}).want(t, http.StatusOK)
	src, _ := create(t, s, obj{"comment": obj{"body": "source"}})
	waitJob(t, s, queued(t, send(t, s, "POST", tpath(tk.ID, "/merge.json"), obj{
		"ids": []int64{src.ID}, "target_comment": "merged in"})).ID)

	a := send(t, s, "GET", tpath(tk.ID, "/comments.json"), nil).want(t, http.StatusOK)
	var p commentsPage
	a.decode(t, &p)
	if got := bodies(p.Comments); !slices.Equal(got, []string{"first", "second", "third", "merged in"}) {
		t.Fatalf("comments %q", got)
	}
	// public follows the first comment unless set
	if p.Comments[0].Public || p.Comments[1].Public || !p.Comments[2].Public {
		t.Errorf("public %v %v %v, want false false true", p.Comments[0].Public, p.Comments[1].Public, p.Comments[2].Public)
	}
	c := p.Comments[0]
	if c.ID != evID(created.Events[0]) || c.AuditID != created.ID || c.AuthorID != DefaultAgentID ||
		c.Type != "Comment" || c.Via.Channel != "api" || !c.CreatedAt.Equal(tk.CreatedAt) || c.Metadata["system"] == nil {
		t.Errorf("first comment %+v, audit %d", c, created.ID)
	}
	var raw struct {
		Comments []map[string]json.RawMessage `json:"comments"`
	}
	a.decode(t, &raw)
	for _, k := range []string{"id", "type", "body", "html_body", "plain_body", "public", "author_id",
		"audit_id", "attachments", "via", "metadata", "created_at"} {
		if _, ok := raw.Comments[0][k]; !ok {
			t.Errorf("comment lacks key %q", k)
		}
	}
	if len(raw.Comments[0]) != 12 {
		t.Errorf("comment has %d keys, want 12", len(raw.Comments[0]))
	}
	if got := s.Comments(tk.ID); len(got) != 4 {
		t.Errorf("Server.Comments: %d comments", len(got))
	}
}

func TestComments_CursorPagingAndSort(t *testing.T) {
	s := newServer(t)
	tk, _ := create(t, s, obj{"comment": obj{"body": "c0"}})
	for i := 1; i < 5; i++ {
		update(t, s, tk.ID, obj{"comment": obj{"body": fmt.Sprintf("c%d", i)}}).want(t, http.StatusOK)
	}
	var got []string
	q := "?page[size]=2"
	for n := 0; ; n++ {
		p := listComments(t, s, tk.ID, q)
		got = append(got, bodies(p.Comments)...)
		if !p.Meta.HasMore {
			if p.Links["next"] != nil {
				t.Errorf("last page has a next link")
			}
			break
		}
		if n > 5 || p.Meta.AfterCursor == nil {
			t.Fatalf("paging does not end: %+v", p.Meta)
		}
		q = "?page[size]=2&page[after]=" + url.QueryEscape(*p.Meta.AfterCursor)
	}
	if !slices.Equal(got, []string{"c0", "c1", "c2", "c3", "c4"}) {
		t.Errorf("oldest first by default: %q", got)
	}
	desc := listComments(t, s, tk.ID, "?page[size]=3&sort=-created_at")
	if b := bodies(desc.Comments); !slices.Equal(b, []string{"c4", "c3", "c2"}) || !desc.Meta.HasMore {
		t.Errorf("sort=-created_at: %q %+v", b, desc.Meta)
	}
	back := listComments(t, s, tk.ID, "?page[size]=3&sort=-created_at&page[before]="+url.QueryEscape(*desc.Meta.AfterCursor))
	if b := bodies(back.Comments); !slices.Equal(b, []string{"c4", "c3"}) || back.Meta.HasMore {
		t.Errorf("page[before]: %q %+v", b, back.Meta)
	}
	wantError(t, send(t, s, "GET", tpath(tk.ID, "/comments.json?page[size]=101"), nil), 400, "InvalidPaginationParameter")
	wantError(t, send(t, s, "GET", tpath(tk.ID, "/comments.json?page[size]=2&sort=id"), nil), 400, "InvalidPaginationParameter")
	wantError(t, send(t, s, "GET", tpath(tk.ID, "/comments.json?page[after]=junk"), nil), 400, "InvalidPaginationParameter")
	off := listComments(t, s, tk.ID, "?per_page=2")
	if off.Count == nil || *off.Count != 5 || off.NextPage == nil || len(off.Comments) != 2 {
		t.Errorf("offset page: %+v", off)
	}
	wantError(t, send(t, s, "GET", tpath(999, "/comments.json"), nil), 404, "RecordNotFound")
}

func TestComments_IncludeUsersSideloadsAuthors(t *testing.T) {
	s := newServer(t)
	agent := s.AddAgent("Ann Agent", "ann@example.com")
	tk, _ := create(t, s, obj{})
	update(t, s, tk.ID, obj{"comment": obj{"body": "by ann", "author_id": agent}}).want(t, http.StatusOK)
	p := listComments(t, s, tk.ID, "?include=users")
	var ids []int64
	for _, u := range p.Users {
		ids = append(ids, u.ID)
	}
	slices.Sort(ids)
	if !slices.Equal(ids, []int64{DefaultAgentID, agent}) {
		t.Errorf("side-loaded users %v", ids)
	}
	if p := listComments(t, s, tk.ID, ""); p.Users != nil {
		t.Errorf("users without include=users")
	}
}

func TestComments_CountAndAuditsCount(t *testing.T) {
	s := newServer(t)
	tk, _ := create(t, s, obj{})
	update(t, s, tk.ID, obj{"comment": obj{"body": "2"}}).want(t, http.StatusOK)
	update(t, s, tk.ID, obj{"status": "pending"}).want(t, http.StatusOK)
	for path, want := range map[string]float64{"/comments/count.json": 2, "/audits/count.json": 3} {
		m := send(t, s, "GET", tpath(tk.ID, path), nil).want(t, http.StatusOK).object(t)
		c, _ := m["count"].(map[string]any)
		if c["value"] != want || c["refreshed_at"] == nil {
			t.Errorf("%s: %v, want value %v", path, m, want)
		}
	}
}

func TestComments_LimitIs422(t *testing.T) {
	s := newServer(t, WithCommentLimit(3))
	tk, _ := create(t, s, obj{})
	update(t, s, tk.ID, obj{"comment": obj{"body": "2"}}).want(t, http.StatusOK)
	update(t, s, tk.ID, obj{"comment": obj{"body": "3"}}).want(t, http.StatusOK)
	m := wantError(t, update(t, s, tk.ID, obj{"comment": obj{"body": "4"}, "priority": "low"}), 422, "RecordInvalid")
	if !strings.Contains(fmt.Sprint(m["details"]), "limit of 3 comments") {
		t.Errorf("details %v", m["details"])
	}
	if got, _ := s.Ticket(tk.ID); got.Priority != nil {
		t.Errorf("refused update changed the ticket")
	}
	update(t, s, tk.ID, obj{"priority": "low"}).want(t, http.StatusOK) // no comment: allowed
	if n := len(s.Comments(tk.ID)); n != 3 {
		t.Errorf("%d comments", n)
	}
}

func TestComments_MakePrivateFlipsPublicAndAudits(t *testing.T) {
	s := newServer(t)
	tk, created := create(t, s, obj{})
	cid := evID(created.Events[0])
	path := fmt.Sprintf("/api/v2/tickets/%d/comments/%d/make_private.json", tk.ID, cid)
	a := send(t, s, "PUT", path, nil).want(t, http.StatusOK)
	if len(a.body) != 0 {
		t.Errorf("body %q, want empty", a.body)
	}
	if c := s.Comments(tk.ID)[0]; c.Public {
		t.Errorf("comment still public")
	}
	audits := s.Audits(tk.ID)
	last := audits[len(audits)-1]
	if len(audits) != 2 || last.Events[0]["type"] != "CommentPrivacyChange" || last.Events[0]["comment_id"] != cid {
		t.Errorf("audit %+v", last)
	}
	if got, _ := s.Ticket(tk.ID); got.IsPublic || !got.UpdatedAt.After(tk.UpdatedAt) {
		t.Errorf("ticket is_public %v, updated_at %v", got.IsPublic, got.UpdatedAt)
	}
	send(t, s, "PUT", path, nil).want(t, http.StatusOK) // already private: no second audit
	if n := len(s.Audits(tk.ID)); n != 2 {
		t.Errorf("%d audits after a second make_private", n)
	}
	wantError(t, send(t, s, "PUT", fmt.Sprintf("/api/v2/tickets/%d/comments/1/make_private.json", tk.ID), nil), 404, "RecordNotFound")
}

func closeTicket(t *testing.T, s *Server, id int64) {
	t.Helper()
	update(t, s, id, obj{"status": "closed", "assignee_id": DefaultAgentID}).want(t, http.StatusOK)
}

func TestComments_RedactTextReplacesWithMarks(t *testing.T) {
	s := newServer(t)
	tk, created := create(t, s, obj{"comment": obj{"body": "My card is 4111 and 4111 again"}})
	cid := evID(created.Events[0])
	path := fmt.Sprintf("/api/v2/tickets/%d/comments/%d/redact.json", tk.ID, cid)
	var out struct {
		Comment Comment `json:"comment"`
	}
	send(t, s, "PUT", path, obj{"text": "4111"}).want(t, http.StatusOK).decode(t, &out)
	want := "My card is ▇▇▇▇ and ▇▇▇▇ again"
	if out.Comment.Body != want || out.Comment.PlainBody != want || !strings.Contains(out.Comment.HTMLBody, want) {
		t.Errorf("answer %+v", out.Comment)
	}
	if c := s.Comments(tk.ID)[0]; c.Body != want || s.Audits(tk.ID)[0].Events[0]["body"] != want {
		t.Errorf("stored %q", c.Body)
	}
	wantError(t, send(t, s, "PUT", path, obj{}), 400, "ParameterMissing")
	// White space inside the redacted text stays, as in the recorded answer.
	send(t, s, "PUT", path, obj{"text": "and ▇▇▇▇ again"}).want(t, http.StatusOK).decode(t, &out)
	if want := "My card is ▇▇▇▇ ▇▇▇ ▇▇▇▇ ▇▇▇▇▇"; out.Comment.Body != want {
		t.Errorf("body %q, want %q", out.Comment.Body, want)
	}
	closeTicket(t, s, tk.ID)
	wantError(t, send(t, s, "PUT", path, obj{"text": "again"}), 422, "RecordInvalid")
}

func TestCommentRedactions_TaggedPartsOnClosedTicket(t *testing.T) {
	s := newServer(t)
	tk, created := create(t, s, obj{"comment": obj{"html_body": "<p>My ID is 847564!</p>"}})
	cid := evID(created.Events[0])
	closeTicket(t, s, tk.ID) // the current endpoint works on closed tickets
	path := fmt.Sprintf("/api/v2/comment_redactions/%d.json", cid)
	var out struct {
		Comment Comment `json:"comment"`
	}
	send(t, s, "PUT", path, obj{"ticket_id": tk.ID, "html_body": "<p>My ID is <redact>847564</redact>!</p>"}).
		want(t, http.StatusOK).decode(t, &out)
	if out.Comment.HTMLBody != "<p>My ID is ▇▇▇▇▇▇!</p>" || strings.Contains(out.Comment.Body, "847564") {
		t.Errorf("answer %+v", out.Comment)
	}
	wantError(t, send(t, s, "PUT", path, obj{"ticket_id": tk.ID, "html_body": "<p>other <redact>x</redact></p>"}), 422, "RecordInvalid")
	wantError(t, send(t, s, "PUT", path, obj{"ticket_id": tk.ID, "html_body": "<p>no tags</p>"}), 422, "RecordInvalid")
	wantError(t, send(t, s, "PUT", path, obj{"html_body": "x"}), 400, "ParameterMissing")
	wantError(t, send(t, s, "PUT", path, obj{"ticket_id": tk.ID + 1000, "html_body": "<redact>x</redact>"}), 404, "RecordNotFound")
}

func TestCommentRedactions_ExternalAttachmentURLs(t *testing.T) {
	s := newServer(t)
	up := uploadOK(t, s, "a.txt", "text/plain", "secret")
	tk, created := create(t, s, obj{"comment": obj{"body": "file", "uploads": []string{up.Token}}})
	cid := evID(created.Events[0])
	send(t, s, "PUT", fmt.Sprintf("/api/v2/comment_redactions/%d.json", cid), obj{"ticket_id": tk.ID,
		"external_attachment_urls": []string{up.Attachment.ContentURL}}).want(t, http.StatusOK)
	if a := s.Comments(tk.ID)[0].Attachments[0]; a.FileName != "redacted.txt" {
		t.Errorf("attachment %+v", a)
	}
}

func TestAttachments_RedactBecomesRedactedTxt(t *testing.T) {
	s := newServer(t)
	up := uploadOK(t, s, "card.txt", "text/plain", "4111 1111 1111 1111")
	tk, created := create(t, s, obj{"comment": obj{"body": "see file", "uploads": []string{up.Token}}})
	cid, aid := evID(created.Events[0]), up.Attachment.ID
	var out struct {
		Attachment Attachment `json:"attachment"`
	}
	send(t, s, "PUT", fmt.Sprintf("/api/v2/tickets/%d/comments/%d/attachments/%d/redact.json", tk.ID, cid, aid), nil).
		want(t, http.StatusOK).decode(t, &out)
	if out.Attachment.ID != aid || out.Attachment.FileName != "card.txt" {
		t.Errorf("answer %+v: the recorded answer shows the file as it was", out.Attachment)
	}
	send(t, s, "GET", fmt.Sprintf("/api/v2/attachments/%d.json", aid), nil).want(t, http.StatusOK).decode(t, &out)
	if out.Attachment.FileName != "redacted.txt" || out.Attachment.Size != int64(len(redactedText)) {
		t.Errorf("attachment now %+v", out.Attachment)
	}
	if a := s.Comments(tk.ID)[0].Attachments[0]; a.FileName != "redacted.txt" {
		t.Errorf("comment's attachment %+v", a)
	}
	if b := fetch(t, out.Attachment.ContentURL, "").body; string(b) != redactedText {
		t.Errorf("file holds %q", b)
	}
	wantError(t, send(t, s, "PUT", fmt.Sprintf("/api/v2/tickets/%d/comments/%d/attachments/%d/redact.json", tk.ID, cid, aid+99), nil), 404, "RecordNotFound")
}

func TestAudits_CursorPagingShowAndCount(t *testing.T) {
	s := newServer(t)
	tk, first := create(t, s, obj{})
	for _, p := range []string{"low", "normal", "high"} {
		update(t, s, tk.ID, obj{"priority": p}).want(t, http.StatusOK)
	}
	var p struct {
		Audits []Audit        `json:"audits"`
		Meta   cursorMeta     `json:"meta"`
		Links  map[string]any `json:"links"`
	}
	send(t, s, "GET", tpath(tk.ID, "/audits.json?page[size]=3"), nil).want(t, http.StatusOK).decode(t, &p)
	if len(p.Audits) != 3 || !p.Meta.HasMore || p.Audits[0].ID != first.ID || p.Links["next"] == nil {
		t.Fatalf("first page %+v", p)
	}
	send(t, s, "GET", tpath(tk.ID, "/audits.json?page[size]=3&page[after]="+url.QueryEscape(*p.Meta.AfterCursor)), nil).
		want(t, http.StatusOK).decode(t, &p)
	if len(p.Audits) != 1 || p.Meta.HasMore || p.Audits[0].Events[0]["value"] != "high" {
		t.Errorf("second page %+v", p)
	}
	var one struct {
		Audit Audit `json:"audit"`
	}
	send(t, s, "GET", tpath(tk.ID, fmt.Sprintf("/audits/%d.json", first.ID)), nil).want(t, http.StatusOK).decode(t, &one)
	if one.Audit.ID != first.ID || one.Audit.TicketID != tk.ID || len(one.Audit.Events) != len(first.Events) {
		t.Errorf("audit %+v", one.Audit)
	}
	other, _ := create(t, s, obj{})
	wantError(t, send(t, s, "GET", tpath(other.ID, fmt.Sprintf("/audits/%d.json", first.ID)), nil), 404, "RecordNotFound")
}

// evID is an event's id, from an audit decoded from JSON or read from the server.
func evID(ev AuditEvent) int64 {
	switch v := ev["id"].(type) {
	case float64:
		return int64(v)
	case int64:
		return v
	}
	return 0
}

// keysOf returns the keys of the JSON object at path (keys separated by "."; a number picks
// an array element).
func keysOf(t *testing.T, b []byte, path ...any) []string {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	for _, p := range path {
		switch p := p.(type) {
		case string:
			v = v.(map[string]any)[p]
		case int:
			v = v.([]any)[p]
		}
	}
	return sortedKeys(v.(map[string]any))
}

// TestConversation_AnswersMatchRecordedShapes checks the fake's answers carry the keys of the
// recorded-shape fixtures in ../testdata that the SDK's wire tests read.
func TestConversation_AnswersMatchRecordedShapes(t *testing.T) {
	s := newServer(t)
	up := uploadRaw(t, s, "filename=a.txt", "text/plain", strings.NewReader("a")).want(t, 201)
	var u struct {
		Upload uploadInfo `json:"upload"`
	}
	up.decode(t, &u)
	tk, _ := create(t, s, obj{"comment": obj{"body": "x", "uploads": []string{u.Upload.Token}}})
	update(t, s, tk.ID, obj{"tags": []string{"a"}}).want(t, 200)
	fixture := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("..", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	comments := send(t, s, "GET", tpath(tk.ID, "/comments.json?page[size]=1"), nil).want(t, 200).body
	audits := send(t, s, "GET", tpath(tk.ID, "/audits.json?page[size]=1"), nil).want(t, 200).body
	cases := []struct {
		name      string
		fake, rec []byte
		path      []any
		ignore    []string // keys only some recorded answers carry
	}{
		{"comments page", comments, fixture("ticket_comments_page.json"), nil, []string{"users"}},
		{"comment", comments, fixture("ticket_comments_page.json"), []any{"comments", 0}, []string{"data", "formatted_from", "formatted_to", "transcription_visible"}},
		{"comment attachment", comments, fixture("ticket_comments_page.json"), []any{"comments", 0, "attachments", 0}, nil},
		{"comments count", send(t, s, "GET", tpath(tk.ID, "/comments/count.json"), nil).body, fixture("ticket_comments_count.json"), []any{"count"}, nil},
		{"upload", up.body, fixture("upload.json"), []any{"upload"}, nil},
		{"attachment", send(t, s, "GET", fmt.Sprintf("/api/v2/attachments/%d.json", u.Upload.Attachment.ID), nil).body, fixture("attachment.json"), nil, nil},
		{"audits page", audits, fixture("ticket_audits_page.json"), nil, nil},
		{"audit", audits, fixture("ticket_audits_page.json"), []any{"audits", 0}, nil},
		{"tags", send(t, s, "GET", tpath(tk.ID, "/tags.json"), nil).body, fixture("ticket_tags.json"), nil, nil},
	}
	for _, c := range cases {
		rec := slices.DeleteFunc(keysOf(t, c.rec, c.path...), func(k string) bool { return slices.Contains(c.ignore, k) })
		fake := slices.DeleteFunc(keysOf(t, c.fake, c.path...), func(k string) bool { return slices.Contains(c.ignore, k) })
		if !slices.Equal(fake, rec) {
			t.Errorf("%s: fake keys %v, recorded %v", c.name, fake, rec)
		}
	}
}

// TestComments_HTMLOnlyCommentHasPlainBody: a comment written as html_body alone keeps it,
// and its body and plain_body are its text, not the HTML.
func TestComments_HTMLOnlyCommentHasPlainBody(t *testing.T) {
	s := newServer(t)
	html := `<p>Hello &amp; welcome</p> <p class="x">Line<br>two</p>`
	tk, _ := create(t, s, obj{"comment": obj{"html_body": html}})
	c := s.Comments(tk.ID)[0]
	want := "Hello & welcome\n\nLine\ntwo"
	if c.Body != want || c.PlainBody != want || c.HTMLBody != html {
		t.Errorf("body %q, plain_body %q, html_body %q", c.Body, c.PlainBody, c.HTMLBody)
	}
	if got, _ := s.Ticket(tk.ID); got.Description != want {
		t.Errorf("description %q, want the text", got.Description)
	}
}
