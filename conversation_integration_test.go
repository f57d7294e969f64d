package zendesk_test

// Integration tests of the conversation (comments, audits, uploads and attachments, tags)
// against zendesktest.

import (
	"bytes"
	"context"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/ticketsdk/zendesk"
	"github.com/ticketsdk/zendesk/zendesktest"
)

// plainReader hides every method of its reader but Read: a reader that cannot be rewound.
type plainReader struct{ r io.Reader }

func (p plainReader) Read(b []byte) (int, error) { return p.r.Read(b) }

// conversation creates a ticket and adds two comments, the second private, and returns it.
func conversation(t *testing.T, c *zendesk.Client) *zendesk.Ticket {
	t.Helper()
	ctx := context.Background()
	tk := mustCreate(t, c, &zendesk.TicketRequest{Subject: zendesk.Set("Printer"), Comment: &zendesk.Comment{Body: "It is on fire."}})
	for _, cm := range []*zendesk.Comment{{Body: "Have you tried water?"}, {Body: "Escalating.", Public: zendesk.Set(false)}} {
		if _, _, err := c.Tickets.Update(ctx, tk.ID, &zendesk.TicketRequest{Comment: cm}); err != nil {
			t.Fatal(err)
		}
	}
	return tk
}

func bodies(comments []zendesk.TicketComment) []string {
	out := make([]string, len(comments))
	for i, c := range comments {
		out[i] = c.Body
	}
	return out
}

func TestFakeComments(t *testing.T) {
	t.Parallel()
	_, c := zendesktest.Start(t)
	ctx := context.Background()
	tk := conversation(t, c)

	var all []zendesk.TicketComment
	for cm, err := range c.Tickets.ListCommentsAll(ctx, tk.ID, &zendesk.CommentListOptions{ListOptions: zendesk.ListOptions{PageSize: 1}}) {
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, cm)
	}
	if got, want := bodies(all), []string{"It is on fire.", "Have you tried water?", "Escalating."}; !slices.Equal(got, want) {
		t.Fatalf("comments = %q, want %q", got, want)
	}
	if !all[0].Public || !all[1].Public || all[2].Public || all[0].Type != "Comment" || all[0].AuditID == 0 ||
		all[0].AuthorID == 0 || all[0].CreatedAt.IsZero() || all[0].Via == nil || all[0].HTMLBody == "" {
		t.Errorf("comments = %+v", all)
	}

	newest, err := c.Tickets.ListComments(ctx, tk.ID, &zendesk.CommentListOptions{
		ListOptions: zendesk.ListOptions{PageSize: 2, SortBy: "created_at", SortOrder: "desc", Include: []string{"users"}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := bodies(newest.Items); !newest.HasMore || !slices.Equal(got, []string{"Escalating.", "Have you tried water?"}) {
		t.Errorf("newest first = %q (has more %v)", got, newest.HasMore)
	}

	if n, err := c.Tickets.CountComments(ctx, tk.ID); err != nil || n != 3 {
		t.Errorf("CountComments = %d, %v", n, err)
	}
	if _, err := c.Tickets.ListComments(ctx, 999999, nil); !errors.Is(err, zendesk.ErrNotFound) {
		t.Errorf("ListComments of no ticket: %v", err)
	}
}

func TestFakeAudits(t *testing.T) {
	t.Parallel()
	_, c := zendesktest.Start(t)
	ctx := context.Background()
	tk := conversation(t, c)
	other := mustCreate(t, c, ticket("Other"))

	var audits []zendesk.Audit
	for a, err := range c.Tickets.ListAuditsAll(ctx, tk.ID, &zendesk.ListOptions{PageSize: 2}) {
		if err != nil {
			t.Fatal(err)
		}
		audits = append(audits, a)
	}
	if len(audits) != 3 {
		t.Fatalf("%d audits, want 3", len(audits))
	}
	for _, a := range audits {
		if a.TicketID != tk.ID || len(a.Events) == 0 {
			t.Errorf("audit = %+v", a)
		}
		for _, ev := range a.Events {
			if !bytes.Contains(ev.Raw, []byte(`"type"`)) {
				t.Errorf("event %d has Raw %q", ev.ID, ev.Raw)
			}
		}
	}
	got, err := c.Tickets.GetAudit(ctx, tk.ID, audits[1].ID)
	if err != nil || got.ID != audits[1].ID || len(got.Events) != len(audits[1].Events) {
		t.Errorf("GetAudit = %+v, %v", got, err)
	}
	if n, err := c.Tickets.CountAudits(ctx, tk.ID); err != nil || n != 3 {
		t.Errorf("CountAudits = %d, %v", n, err)
	}
	if _, err := c.Tickets.GetAudit(ctx, other.ID, audits[1].ID); !errors.Is(err, zendesk.ErrNotFound) {
		t.Errorf("GetAudit of another ticket's audit: %v", err)
	}
}

func TestFakeMakeCommentPrivate(t *testing.T) {
	t.Parallel()
	_, c := zendesktest.Start(t)
	ctx := context.Background()
	tk := conversation(t, c)
	page, err := c.Tickets.ListComments(ctx, tk.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	second := page.Items[1]
	if err := c.Tickets.MakeCommentPrivate(ctx, tk.ID, second.ID); err != nil {
		t.Fatal(err)
	}
	page, err = c.Tickets.ListComments(ctx, tk.ID, nil)
	if err != nil || page.Items[1].Public || !page.Items[0].Public {
		t.Fatalf("comments after make_private: %+v, %v", page, err)
	}
	audits, err := c.Tickets.ListAudits(ctx, tk.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	last := audits.Items[len(audits.Items)-1].Events
	if len(last) == 0 || last[0].Type != "CommentPrivacyChange" || !bytes.Contains(last[0].Raw, []byte(`"comment_id":`)) {
		t.Errorf("last audit's events = %+v", last)
	}
	if err := c.Tickets.MakeCommentPrivate(ctx, tk.ID, 1); !errors.Is(err, zendesk.ErrNotFound) {
		t.Errorf("make_private of no comment: %v", err)
	}
}

func TestFakeRedactions(t *testing.T) {
	t.Parallel()
	s, c := zendesktest.Start(t)
	ctx := context.Background()
	up, err := c.Attachments.Upload(ctx, "card.txt", strings.NewReader("4111 1111 1111 1111"), nil)
	if err != nil {
		t.Fatal(err)
	}
	tk := mustCreate(t, c, &zendesk.TicketRequest{Subject: zendesk.Set("Card"),
		Comment: &zendesk.Comment{Body: "My card is 4111 1111 1111 1111, code 123.", Uploads: []string{up.Token}}})
	cm := s.Comments(tk.ID)[0]

	red, err := c.Tickets.RedactCommentText(ctx, tk.ID, cm.ID, "4111 1111 1111 1111")
	if err != nil || red.ID != cm.ID || strings.Contains(red.Body, "4111") ||
		!strings.HasPrefix(red.Body, "My card is ▇▇▇▇") || !strings.HasSuffix(red.Body, "▇, code 123.") {
		t.Fatalf("RedactCommentText = %+v, %v", red, err)
	}

	// The current endpoint works on closed tickets too.
	if _, _, err := c.Tickets.Update(ctx, tk.ID, &zendesk.TicketRequest{Status: zendesk.Set(zendesk.StatusClosed),
		AssigneeID: zendesk.Set(zendesktest.DefaultAgentID)}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Tickets.RedactCommentText(ctx, tk.ID, cm.ID, "123"); !errors.Is(err, zendesk.ErrInvalid) {
		t.Errorf("legacy redaction on a closed ticket: %v", err)
	}
	html := strings.Replace(s.Comments(tk.ID)[0].HTMLBody, "123", "<redact>123</redact>", 1)
	red, err = c.Tickets.RedactComment(ctx, cm.ID, &zendesk.CommentRedaction{TicketID: tk.ID, HTMLBody: html})
	if err != nil || !strings.Contains(red.Body, "code ▇▇▇.") {
		t.Fatalf("RedactComment = %+v, %v", red, err)
	}

	att := s.Comments(tk.ID)[0].Attachments[0]
	if _, err := c.Tickets.RedactAttachment(ctx, tk.ID, cm.ID, att.ID); err != nil {
		t.Fatal(err)
	}
	if a, err := c.Attachments.Get(ctx, att.ID); err != nil || a.FileName != "redacted.txt" {
		t.Errorf("attachment after redaction = %+v, %v", a, err)
	}
}

// TestFakeUploadAttachDownload: two files on one token attach to a comment; the files come
// back byte for byte from the attachment host, which never sees the credentials, whether
// asked directly (content_url) or through the API origin's redirect (mapped_content_url).
func TestFakeUploadAttachDownload(t *testing.T) {
	t.Parallel()
	s, c := zendesktest.Start(t)
	ctx := context.Background()
	png := "\x89PNG\r\n\x1a\n" + strings.Repeat("\x00", 100)
	first, err := c.Attachments.Upload(ctx, "notes.txt", strings.NewReader("hello"), nil)
	if err != nil {
		t.Fatal(err)
	}
	second, err := c.Attachments.Upload(ctx, "blob", plainReader{strings.NewReader(png)}, &zendesk.UploadOptions{Token: first.Token})
	if err != nil {
		t.Fatal(err)
	}
	if second.Token != first.Token || len(second.Attachments) != 2 || second.Attachment.ContentType != "image/png" ||
		second.Attachment.Size != int64(len(png)) || second.ExpiresAt.IsZero() {
		t.Fatalf("second upload = %+v", second)
	}
	tk, _, err := c.Tickets.Create(ctx, &zendesk.TicketRequest{Subject: zendesk.Set("Files"),
		Comment: &zendesk.Comment{Body: "See the files.", Uploads: []string{first.Token}}})
	if err != nil {
		t.Fatal(err)
	}
	page, err := c.Tickets.ListComments(ctx, tk.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	atts := page.Items[0].Attachments
	if len(atts) != 2 || atts[0].FileName != "notes.txt" || atts[1].FileName != "blob" {
		t.Fatalf("attachments = %+v", atts)
	}
	got, err := c.Attachments.Get(ctx, atts[1].ID)
	if err != nil || got.ContentURL != atts[1].ContentURL || got.MappedContentURL == "" {
		t.Fatalf("Get = %+v, %v", got, err)
	}
	if !strings.HasPrefix(got.ContentURL, s.AttachmentHostURL()) || !strings.HasPrefix(got.MappedContentURL, s.URL) {
		t.Fatalf("content_url %q, mapped_content_url %q", got.ContentURL, got.MappedContentURL)
	}
	for _, u := range []string{got.ContentURL, got.MappedContentURL} {
		var buf bytes.Buffer
		if n, err := c.Attachments.Download(ctx, u, &buf); err != nil || n != int64(len(png)) || buf.String() != png {
			t.Errorf("Download(%s) = %d, %v", u, n, err)
		}
	}
	reqs := s.AttachmentHostRequests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests reached the attachment host, want 2", len(reqs))
	}
	for _, r := range reqs {
		if r.Header.Get("Authorization") != "" || r.Status != 200 {
			t.Errorf("attachment host request %s: status %d, Authorization %q", r.Path, r.Status, r.Header.Get("Authorization"))
		}
	}

	// An attached token cannot be deleted; a pending one can, with its files.
	if err := c.Attachments.DeleteUpload(ctx, first.Token); !errors.Is(err, zendesk.ErrNotFound) {
		t.Errorf("DeleteUpload of an attached token: %v", err)
	}
	pending, err := c.Attachments.Upload(ctx, "later.txt", strings.NewReader("later"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Attachments.DeleteUpload(ctx, pending.Token); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Attachments.Get(ctx, pending.Attachment.ID); !errors.Is(err, zendesk.ErrNotFound) {
		t.Errorf("Get of a deleted upload's file: %v", err)
	}
}

// TestFakeUploadRetry: a 429 before the body is read is retried for a seeker, and the file
// arrives whole; a plain reader gets the 429 back, to try again with a fresh reader.
func TestFakeUploadRetry(t *testing.T) {
	t.Parallel()
	s, c := zendesktest.Start(t, zendesktest.WithRetryAfter(0))
	ctx := context.Background()
	data := strings.Repeat("0123456789abcdef", 4096)

	s.FailNext("POST", "uploads", 1, 429)
	up, err := c.Attachments.Upload(ctx, "data.bin", bytes.NewReader([]byte(data)), nil)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := c.Attachments.Download(ctx, up.Attachment.ContentURL, &buf); err != nil || buf.String() != data {
		t.Errorf("the retried file came back as %d bytes, %v; want %d", buf.Len(), err, len(data))
	}

	s.FailNext("POST", "uploads", 1, 429)
	if _, err := c.Attachments.Upload(ctx, "data.bin", plainReader{strings.NewReader(data)}, nil); !errors.Is(err, zendesk.ErrRateLimited) {
		t.Errorf("plain reader after a 429: %v", err)
	}
}

func TestFakeTags(t *testing.T) {
	t.Parallel()
	_, c := zendesktest.Start(t)
	ctx := context.Background()
	tk := mustCreate(t, c, ticket("Tags"))

	steps := []struct {
		name string
		call func() ([]string, error)
		want []string
	}{
		{"SetTags", func() ([]string, error) { return c.Tickets.SetTags(ctx, tk.ID, []string{"printer", "fire"}) }, []string{"fire", "printer"}},
		{"AddTags", func() ([]string, error) { return c.Tickets.AddTags(ctx, tk.ID, []string{"hardware"}, nil) }, []string{"fire", "hardware", "printer"}},
		{"RemoveTags", func() ([]string, error) { return c.Tickets.RemoveTags(ctx, tk.ID, []string{"fire"}, nil) }, []string{"hardware", "printer"}},
		{"Tags", func() ([]string, error) { return c.Tickets.Tags(ctx, tk.ID) }, []string{"hardware", "printer"}},
		{"SetTags none", func() ([]string, error) { return c.Tickets.SetTags(ctx, tk.ID, nil) }, []string{}},
	}
	for _, st := range steps {
		got, err := st.call()
		slices.Sort(got)
		if err != nil || !slices.Equal(got, st.want) {
			t.Errorf("%s = %q, %v; want %q", st.name, got, err, st.want)
		}
	}

	// A safe update with the stamp read before someone else's change is refused.
	read, err := c.Tickets.Get(ctx, tk.ID)
	if err != nil {
		t.Fatal(err)
	}
	stamp := &zendesk.TagOptions{UpdatedStamp: read.UpdatedAt}
	if _, err := c.Tickets.AddTags(ctx, tk.ID, []string{"mine"}, stamp); err != nil {
		t.Fatalf("AddTags with a fresh stamp: %v", err)
	}
	if _, err := c.Tickets.RemoveTags(ctx, tk.ID, []string{"mine"}, stamp); !errors.Is(err, zendesk.ErrConflict) {
		t.Errorf("RemoveTags with a stale stamp: %v", err)
	}
	if _, err := c.Tickets.AddTags(ctx, tk.ID, []string{"other"}, stamp); !errors.Is(err, zendesk.ErrConflict) {
		t.Errorf("AddTags with a stale stamp: %v", err)
	}
	if got, _ := c.Tickets.Tags(ctx, tk.ID); !slices.Equal(got, []string{"mine"}) {
		t.Errorf("tags after the refused updates = %q", got)
	}
}

// TestFakeCommentLimit: a comment past the ticket's limit (5,000 on Zendesk) gives an error
// that matches ErrTooManyComments and says what to do; an update without a comment passes.
func TestFakeCommentLimit(t *testing.T) {
	t.Parallel()
	_, c := zendesktest.Start(t, zendesktest.WithCommentLimit(2))
	ctx := context.Background()
	tk := mustCreate(t, c, ticket("Long"))
	more := &zendesk.TicketRequest{Comment: &zendesk.Comment{Body: "more"}}
	if _, _, err := c.Tickets.Update(ctx, tk.ID, more); err != nil {
		t.Fatal(err)
	}
	_, _, err := c.Tickets.Update(ctx, tk.ID, more)
	if !errors.Is(err, zendesk.ErrTooManyComments) || !errors.Is(err, zendesk.ErrInvalid) ||
		!strings.Contains(err.Error(), "at most 5,000 comments") {
		t.Fatalf("err = %v, want ErrTooManyComments", err)
	}
	if _, _, err := c.Tickets.Update(ctx, tk.ID, &zendesk.TicketRequest{Priority: zendesk.Set(zendesk.PriorityHigh)}); err != nil {
		t.Errorf("an update without a comment: %v", err)
	}
	if n, err := c.Tickets.CountComments(ctx, tk.ID); err != nil || n != 2 {
		t.Errorf("CountComments = %d, %v", n, err)
	}
}
