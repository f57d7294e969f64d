package zendesk

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// checkCommentsPage checks a page decoded from ticket_comments_page.json: every documented key.
func checkCommentsPage(t *testing.T, got any) {
	t.Helper()
	p := got.(*Page[TicketComment])
	if len(p.Items) != 3 || !p.HasMore || p.AfterCursor != "eyJvIjoiY3JlYXRlZF9hdCIsInYiOiJaR1YxWlFBQUFBQUEifQ==" || p.BeforeCursor == "" {
		t.Fatalf("page = %d items, %v %q %q", len(p.Items), p.HasMore, p.AfterCursor, p.BeforeCursor)
	}
	c := p.Items[0]
	if c.ID != 1020051102 || c.Type != "Comment" || c.AuthorID != 20978392 || c.AuditID != 1020051101 || !c.Public ||
		!strings.HasPrefix(c.Body, "The printer caught fire again.") || !strings.HasPrefix(c.HTMLBody, `<div class="zd-comment"`) ||
		c.PlainBody != c.Body || !c.CreatedAt.Equal(time.Date(2026, 3, 2, 9, 15, 27, 0, time.UTC)) {
		t.Errorf("comment = %+v", c)
	}
	if c.Via == nil || c.Via.Channel != "email" || c.Via.Source.From.Address != "jane.doe@example.org" {
		t.Errorf("via = %+v", c.Via)
	}
	if sys, _ := c.Metadata["system"].(map[string]any); sys["client"] != "Microsoft Outlook 16.0" || fmt.Sprint(sys["latitude"]) != "53.3338" {
		t.Errorf("metadata = %v", c.Metadata)
	}
	if len(c.Attachments) != 1 {
		t.Fatalf("attachments = %+v", c.Attachments)
	}
	a := c.Attachments[0]
	if a.ID != 36000412529101 || a.FileName != "screenshot.png" || a.ContentType != "image/png" || a.Size != 166144 ||
		a.Width != 1280 || a.Height != 720 || a.Inline || a.Deleted || a.MalwareScanResult != "malware_not_found" ||
		a.MalwareAccessOverride || !strings.HasSuffix(a.MappedContentURL, "?name=screenshot.png") ||
		!strings.HasSuffix(a.ContentURL, "?name=screenshot.png") || !strings.HasSuffix(a.URL, "/attachments/36000412529101.json") {
		t.Errorf("attachment = %+v", a)
	}
	if len(a.Thumbnails) != 1 || a.Thumbnails[0].ID != 36000412529102 || a.Thumbnails[0].Width != 80 {
		t.Errorf("thumbnails = %+v", a.Thumbnails)
	}
	if p.Items[1].Public || p.Items[1].Attachments[0].Width != 0 || p.Items[1].Attachments[0].Thumbnails == nil {
		t.Errorf("second comment = %+v", p.Items[1])
	}
	if v := p.Items[2]; v.Type != "VoiceComment" || v.Via.Source.Rel != "outbound" || len(v.Attachments) != 0 {
		t.Errorf("voice comment = %+v", v)
	}
}

// checkRedacted checks a comment decoded from ticket_comment_redacted.json.
func checkRedacted(t *testing.T, got any) {
	t.Helper()
	c := got.(*TicketComment)
	if c.ID != 1020051102 || !strings.Contains(c.Body, "My card is ▇▇▇▇ ▇▇▇▇ ▇▇▇▇ ▇▇▇▇.") || !strings.Contains(c.HTMLBody, "▇▇▇▇") {
		t.Errorf("comment = %+v", c)
	}
}

func TestCommentsOnTheWire(t *testing.T) {
	runWireCases(t, []wireCase{
		{name: "ListComments", method: "GET", path: "tickets/35436/comments.json", query: "page[size]=100", status: 200,
			answer: "ticket_comments_page.json",
			call:   func(ctx context.Context, s *TicketsService) (any, error) { return s.ListComments(ctx, 35436, nil) },
			check:  checkCommentsPage},
		{name: "ListComments every option", method: "GET", path: "tickets/35436/comments.json", status: 200,
			query:  "page[size]=3&page[after]=abc&sort=-created_at&include=users&include_inline_images=true",
			answer: "ticket_comments_page.json",
			call: func(ctx context.Context, s *TicketsService) (any, error) {
				return s.ListComments(ctx, 35436, &CommentListOptions{
					ListOptions:         ListOptions{PageSize: 3, After: "abc", SortBy: "created_at", SortOrder: "desc", Include: []string{"users"}},
					IncludeInlineImages: true,
				})
			},
			check: checkCommentsPage},
		{name: "ListComments oldest first", method: "GET", path: "tickets/35436/comments.json", status: 200,
			query: "page[size]=100&sort=created_at", answer: "ticket_comments_page.json",
			call: func(ctx context.Context, s *TicketsService) (any, error) {
				return s.ListComments(ctx, 35436, &CommentListOptions{ListOptions: ListOptions{SortBy: "created_at", SortOrder: "asc"}})
			}},
		{name: "CountComments", method: "GET", path: "tickets/35436/comments/count.json", status: 200, answer: "ticket_comments_count.json",
			call: func(ctx context.Context, s *TicketsService) (any, error) { return s.CountComments(ctx, 35436) },
			check: func(t *testing.T, got any) {
				if got.(int64) != 3 {
					t.Errorf("count = %v", got)
				}
			}},
		{name: "MakeCommentPrivate", method: "PUT", path: "tickets/35436/comments/1020051102/make_private.json", status: 200,
			call: func(ctx context.Context, s *TicketsService) (any, error) {
				return nil, s.MakeCommentPrivate(ctx, 35436, 1020051102)
			}},
		{name: "RedactCommentText", method: "PUT", path: "tickets/35436/comments/1020051102/redact.json", status: 200,
			body: `{"text":"4111 1111 1111 1111"}`, answer: "ticket_comment_redacted.json",
			call: func(ctx context.Context, s *TicketsService) (any, error) {
				return s.RedactCommentText(ctx, 35436, 1020051102, "4111 1111 1111 1111")
			},
			check: checkRedacted},
		{name: "RedactComment", method: "PUT", path: "comment_redactions/1020051102.json", status: 200,
			body:   `{"ticket_id":35436,"html_body":"<p>My card is <redact>4111 1111 1111 1111</redact>.</p>","external_attachment_urls":["https://acme.zendesk.com/attachments/token/x/?name=card.png"]}`,
			answer: "ticket_comment_redacted.json",
			call: func(ctx context.Context, s *TicketsService) (any, error) {
				return s.RedactComment(ctx, 1020051102, &CommentRedaction{TicketID: 35436,
					HTMLBody:               "<p>My card is <redact>4111 1111 1111 1111</redact>.</p>",
					ExternalAttachmentURLs: []string{"https://acme.zendesk.com/attachments/token/x/?name=card.png"}})
			},
			check: checkRedacted},
		{name: "RedactComment attachments only", method: "PUT", path: "comment_redactions/1020051102.json", status: 200,
			body: `{"ticket_id":35436,"external_attachment_urls":["u"]}`, answer: "ticket_comment_redacted.json",
			call: func(ctx context.Context, s *TicketsService) (any, error) {
				return s.RedactComment(ctx, 1020051102, &CommentRedaction{TicketID: 35436, ExternalAttachmentURLs: []string{"u"}})
			}},
		{name: "RedactAttachment", method: "PUT", path: "tickets/35436/comments/1020051202/attachments/36000412529201/redact.json",
			status: 200, answer: "attachment_redacted.json",
			call: func(ctx context.Context, s *TicketsService) (any, error) {
				return s.RedactAttachment(ctx, 35436, 1020051202, 36000412529201)
			},
			check: func(t *testing.T, got any) {
				if a := got.(*Attachment); a.ID != 36000412529201 || a.FileName != "redacted.txt" || a.Size != 17 {
					t.Errorf("attachment = %+v", a)
				}
			}},
	})
}

// TestListCommentsAllKeepsTheOptions walks two pages: the sort and the inline images stay,
// the cursor moves on, and the caller's options are not written to.
func TestListCommentsAllKeepsTheOptions(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", "/api/v2/tickets/7/comments.json",
		respond(200, `{"comments":[{"id":1},{"id":2}],"meta":{"has_more":true,"after_cursor":"c1"}}`),
		respond(200, `{"comments":[{"id":3}],"meta":{"has_more":false}}`))
	opts := &CommentListOptions{ListOptions: ListOptions{PageSize: 2, SortBy: "created_at", SortOrder: "desc"}, IncludeInlineImages: true}
	var ids []int64
	for cm, err := range c.Tickets.ListCommentsAll(context.Background(), 7, opts) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, cm.ID)
	}
	if len(ids) != 3 || ids[2] != 3 {
		t.Errorf("ids = %v", ids)
	}
	reqs := rec.all()
	if len(reqs) != 2 {
		t.Fatalf("%d requests", len(reqs))
	}
	wantQuery(t, reqs[0].URL, "page[size]=2&sort=-created_at&include_inline_images=true")
	wantQuery(t, reqs[1].URL, "page[size]=2&page[after]=c1&sort=-created_at&include_inline_images=true")
	if opts.After != "" {
		t.Errorf("the caller's options were changed: %+v", opts)
	}
}

func TestConversationRefusesBadInput(t *testing.T) {
	ctx := context.Background()
	one := func(f func(*Client) (any, error)) func(*Client) error {
		return func(c *Client) error { _, err := f(c); return err }
	}
	cases := []struct {
		name string
		call func(*Client) error
	}{
		{"ListComments zero ticket", one(func(c *Client) (any, error) { return c.Tickets.ListComments(ctx, 0, nil) })},
		{"ListComments page size", one(func(c *Client) (any, error) {
			return c.Tickets.ListComments(ctx, 1, &CommentListOptions{ListOptions: ListOptions{PageSize: 101}})
		})},
		{"ListComments sort", one(func(c *Client) (any, error) {
			return c.Tickets.ListComments(ctx, 1, &CommentListOptions{ListOptions: ListOptions{SortBy: "updated_at"}})
		})},
		{"ListComments include", one(func(c *Client) (any, error) {
			return c.Tickets.ListComments(ctx, 1, &CommentListOptions{ListOptions: ListOptions{Include: []string{"users,groups"}}})
		})},
		{"ListCommentsAll", func(c *Client) error {
			for _, err := range c.Tickets.ListCommentsAll(ctx, -1, nil) {
				return err
			}
			return nil
		}},
		{"CountComments", one(func(c *Client) (any, error) { return c.Tickets.CountComments(ctx, 0) })},
		{"MakeCommentPrivate", func(c *Client) error { return c.Tickets.MakeCommentPrivate(ctx, 1, 0) }},
		{"RedactCommentText no text", one(func(c *Client) (any, error) { return c.Tickets.RedactCommentText(ctx, 1, 2, "") })},
		{"RedactCommentText zero comment", one(func(c *Client) (any, error) { return c.Tickets.RedactCommentText(ctx, 1, 0, "x") })},
		{"RedactComment nil", one(func(c *Client) (any, error) { return c.Tickets.RedactComment(ctx, 1, nil) })},
		{"RedactComment zero comment", one(func(c *Client) (any, error) {
			return c.Tickets.RedactComment(ctx, 0, &CommentRedaction{TicketID: 1, HTMLBody: "<redact>x</redact>"})
		})},
		{"RedactComment no ticket", one(func(c *Client) (any, error) {
			return c.Tickets.RedactComment(ctx, 1, &CommentRedaction{HTMLBody: "<redact>x</redact>"})
		})},
		{"RedactComment nothing", one(func(c *Client) (any, error) {
			return c.Tickets.RedactComment(ctx, 1, &CommentRedaction{TicketID: 1})
		})},
		{"RedactAttachment", one(func(c *Client) (any, error) { return c.Tickets.RedactAttachment(ctx, 1, 2, 0) })},
		{"ListAudits", one(func(c *Client) (any, error) { return c.Tickets.ListAudits(ctx, 0, nil) })},
		{"ListAudits page size", one(func(c *Client) (any, error) { return c.Tickets.ListAudits(ctx, 1, &ListOptions{PageSize: -1}) })},
		{"ListAuditsAll", func(c *Client) error {
			for _, err := range c.Tickets.ListAuditsAll(ctx, 0, nil) {
				return err
			}
			return nil
		}},
		{"GetAudit", one(func(c *Client) (any, error) { return c.Tickets.GetAudit(ctx, 1, 0) })},
		{"CountAudits", one(func(c *Client) (any, error) { return c.Tickets.CountAudits(ctx, -5) })},
		{"Tags", one(func(c *Client) (any, error) { return c.Tickets.Tags(ctx, 0) })},
		{"SetTags zero ticket", one(func(c *Client) (any, error) { return c.Tickets.SetTags(ctx, 0, []string{"a"}) })},
		{"SetTags empty tag", one(func(c *Client) (any, error) { return c.Tickets.SetTags(ctx, 1, []string{"a", ""}) })},
		{"AddTags none", one(func(c *Client) (any, error) { return c.Tickets.AddTags(ctx, 1, nil, nil) })},
		{"AddTags space", one(func(c *Client) (any, error) { return c.Tickets.AddTags(ctx, 1, []string{"two words"}, nil) })},
		{"RemoveTags none", one(func(c *Client) (any, error) { return c.Tickets.RemoveTags(ctx, 1, []string{}, nil) })},
		{"RemoveTags comma", one(func(c *Client) (any, error) { return c.Tickets.RemoveTags(ctx, 1, []string{"a,b"}, nil) })},
		{"Upload no name", one(func(c *Client) (any, error) { return c.Attachments.Upload(ctx, " ", strings.NewReader("x"), nil) })},
		{"Upload nil reader", one(func(c *Client) (any, error) { return c.Attachments.Upload(ctx, "a.txt", nil, nil) })},
		{"Upload content type", one(func(c *Client) (any, error) {
			return c.Attachments.Upload(ctx, "a.txt", strings.NewReader("x"), &UploadOptions{ContentType: "text/plain\r\nX-Evil: 1"})
		})},
		{"Upload content type no slash", one(func(c *Client) (any, error) {
			return c.Attachments.Upload(ctx, "a.txt", strings.NewReader("x"), &UploadOptions{ContentType: "text"})
		})},
		{"Upload token", one(func(c *Client) (any, error) {
			return c.Attachments.Upload(ctx, "a.txt", strings.NewReader("x"), &UploadOptions{Token: "a b"})
		})},
		{"Upload nil context", one(func(c *Client) (any, error) {
			//lint:ignore SA1012 the nil context is the point
			return c.Attachments.Upload(nil, "a.txt", strings.NewReader("x"), nil)
		})},
		{"DeleteUpload empty", func(c *Client) error { return c.Attachments.DeleteUpload(ctx, "") }},
		{"DeleteUpload slash", func(c *Client) error { return c.Attachments.DeleteUpload(ctx, "../tickets/1 x") }},
		{"Get", one(func(c *Client) (any, error) { return c.Attachments.Get(ctx, 0) })},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, mock := setup(t)
			if err := tc.call(c); !errors.Is(err, ErrInvalid) {
				t.Errorf("err = %v, want ErrInvalid", err)
			}
			if n := mock.GetTotalCallCount(); n != 0 {
				t.Errorf("%d requests sent", n)
			}
		})
	}
}

// conversationCall is one call of a conversation method that decodes an answer: its route,
// the success status it expects, and the call.
type conversationCall struct {
	name, method, path string
	status             int
	call               func(c *Client) error
}

// conversationCalls lists a call of every conversation method that decodes an answer.
func conversationCalls() []conversationCall {
	ctx := context.Background()
	return []conversationCall{
		{"ListComments", "GET", "tickets/1/comments.json", 200, func(c *Client) error { _, err := c.Tickets.ListComments(ctx, 1, nil); return err }},
		{"ListAudits", "GET", "tickets/1/audits.json", 200, func(c *Client) error { _, err := c.Tickets.ListAudits(ctx, 1, nil); return err }},
		{"CountComments", "GET", "tickets/1/comments/count.json", 200, func(c *Client) error { _, err := c.Tickets.CountComments(ctx, 1); return err }},
		{"CountAudits", "GET", "tickets/1/audits/count.json", 200, func(c *Client) error { _, err := c.Tickets.CountAudits(ctx, 1); return err }},
		{"RedactCommentText", "PUT", "tickets/1/comments/2/redact.json", 200, func(c *Client) error {
			_, err := c.Tickets.RedactCommentText(ctx, 1, 2, "x")
			return err
		}},
		{"RedactComment", "PUT", "comment_redactions/2.json", 200, func(c *Client) error {
			_, err := c.Tickets.RedactComment(ctx, 2, &CommentRedaction{TicketID: 1, HTMLBody: "<redact>x</redact>"})
			return err
		}},
		{"RedactAttachment", "PUT", "tickets/1/comments/2/attachments/3/redact.json", 200, func(c *Client) error {
			_, err := c.Tickets.RedactAttachment(ctx, 1, 2, 3)
			return err
		}},
		{"GetAudit", "GET", "tickets/1/audits/2.json", 200, func(c *Client) error { _, err := c.Tickets.GetAudit(ctx, 1, 2); return err }},
		{"Tags", "GET", "tickets/1/tags.json", 200, func(c *Client) error { _, err := c.Tickets.Tags(ctx, 1); return err }},
		{"SetTags", "POST", "tickets/1/tags.json", 201, func(c *Client) error { _, err := c.Tickets.SetTags(ctx, 1, []string{"a"}); return err }},
		{"AddTags", "PUT", "tickets/1/tags.json", 200, func(c *Client) error { _, err := c.Tickets.AddTags(ctx, 1, []string{"a"}, nil); return err }},
		{"RemoveTags", "DELETE", "tickets/1/tags.json", 200, func(c *Client) error {
			_, err := c.Tickets.RemoveTags(ctx, 1, []string{"a"}, nil)
			return err
		}},
		{"Get", "GET", "attachments/3.json", 200, func(c *Client) error { _, err := c.Attachments.Get(ctx, 3); return err }},
		{"Upload", "POST", "uploads.json", 201, func(c *Client) error {
			_, err := c.Attachments.Upload(ctx, "a.txt", strings.NewReader("x"), nil)
			return err
		}},
	}
}

func TestConversationAnswersWithoutTheirKey(t *testing.T) {
	for _, tc := range conversationCalls() {
		if strings.HasPrefix(tc.name, "List") {
			continue // a page without items is an empty page
		}
		for _, body := range []string{`{}`, ``} {
			t.Run(tc.name+" "+strconv.Quote(body), func(t *testing.T) {
				c, mock := setup(t)
				on(t, mock, tc.method, "/api/v2/"+tc.path, respond(tc.status, body))
				var de *DecodeError
				if err := tc.call(c); !errors.As(err, &de) || de.StatusCode != tc.status || de.Path != "/api/v2/"+tc.path {
					t.Errorf("err = %v, want a *DecodeError for %d", err, tc.status)
				}
			})
		}
	}
}

// TestConversationAPIErrorsEveryMethod: every method gives the *APIError of an error answer,
// matching its sentinel, without retrying it.
func TestConversationAPIErrorsEveryMethod(t *testing.T) {
	ctx := context.Background()
	calls := append(conversationCalls(),
		conversationCall{"MakeCommentPrivate", "PUT", "tickets/1/comments/2/make_private.json", 200,
			func(c *Client) error { return c.Tickets.MakeCommentPrivate(ctx, 1, 2) }},
		conversationCall{"DeleteUpload", "DELETE", "uploads/tok.json", 204,
			func(c *Client) error { return c.Attachments.DeleteUpload(ctx, "tok") }})
	for _, tc := range calls {
		t.Run(tc.name, func(t *testing.T) {
			c, mock := setup(t)
			on(t, mock, tc.method, "/api/v2/"+tc.path, respond(404, `{"error":"RecordNotFound","description":"Not found"}`, "X-Request-Id", "r-1"))
			err := tc.call(c)
			var apiErr *APIError
			if !errors.Is(err, ErrNotFound) || !errors.As(err, &apiErr) || apiErr.Method != tc.method ||
				apiErr.Path != "/api/v2/"+tc.path || apiErr.Code != "RecordNotFound" || apiErr.RequestID != "r-1" {
				t.Errorf("err = %#v", err)
			}
			if n := mock.GetTotalCallCount(); n != 1 {
				t.Errorf("%d requests: a 404 is not retried", n)
			}
		})
	}
}

// TestTooManyComments: the 422 that refuses a comment past Zendesk's 5,000 matches
// ErrTooManyComments (and ErrInvalid) and says so; other 422s do not.
func TestTooManyComments(t *testing.T) {
	cases := []struct {
		name, body string
		want       bool
	}{
		{"zendesktest's code", `{"error":"RecordInvalid","description":"Record validation errors",
			"details":{"comment":[{"description":"Comment: this ticket has reached the limit of 5000 comments","error":"TooManyComments"}]}}`, true},
		{"a message naming the limit", `{"error":"RecordInvalid","description":"Record validation errors",
			"details":{"base":[{"description":"Tickets can have at most 5,000 comments"}]}}`, true},
		{"too many comments in the description", `{"error":"RecordInvalid","description":"Too many comments on this ticket"}`, true},
		{"a comment too long", `{"error":"RecordInvalid","description":"Record validation errors",
			"details":{"comment":[{"description":"Comment is too long (maximum is 65535 characters)","error":"InvalidValue"}]}}`, false},
		{"another field", `{"error":"RecordInvalid","details":{"requester":[{"description":"Requester: Name is too short"}]}}`, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, mock := setup(t)
			on(t, mock, "PUT", "/api/v2/tickets/1.json", respond(422, tc.body))
			_, _, err := c.Tickets.Update(context.Background(), 1, &TicketRequest{Comment: &Comment{Body: "one more"}})
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("err = %v, want ErrInvalid", err)
			}
			if got := errors.Is(err, ErrTooManyComments); got != tc.want {
				t.Errorf("errors.Is(err, ErrTooManyComments) = %v, want %v (%v)", got, tc.want, err)
			}
			if got := strings.Contains(err.Error(), "at most 5,000 comments"); got != tc.want {
				t.Errorf("error text %q: hint shown = %v, want %v", err, got, tc.want)
			}
		})
	}
	// Only a 422 is the limit.
	e := &APIError{StatusCode: http.StatusBadRequest, Code: "TooManyComments"}
	if errors.Is(e, ErrTooManyComments) {
		t.Error("a 400 matched ErrTooManyComments")
	}
}

func TestConversationAPIErrors(t *testing.T) {
	c, mock := setup(t)
	on(t, mock, "GET", "/api/v2/tickets/404/comments.json", respond(404, `{"error":"RecordNotFound","description":"Not found"}`))
	on(t, mock, "GET", "/api/v2/tickets/1/audits/9.json", respond(404, `{"error":"RecordNotFound","description":"Not found"}`))
	on(t, mock, "PUT", "/api/v2/tickets/1/comments/2/redact.json", respond(422, `{"error":"RecordInvalid","description":"Ticket is closed"}`))
	on(t, mock, "PUT", "/api/v2/tickets/1/comments/2/make_private.json", respond(403, `{"error":{"title":"Forbidden","message":"no"}}`))
	ctx := context.Background()
	if p, err := c.Tickets.ListComments(ctx, 404, nil); !errors.Is(err, ErrNotFound) || p != nil {
		t.Errorf("ListComments: %v, %v", p, err)
	}
	if a, err := c.Tickets.GetAudit(ctx, 1, 9); !errors.Is(err, ErrNotFound) || a != nil {
		t.Errorf("GetAudit: %v, %v", a, err)
	}
	if cm, err := c.Tickets.RedactCommentText(ctx, 1, 2, "x"); !errors.Is(err, ErrInvalid) || errors.Is(err, ErrTooManyComments) || cm != nil {
		t.Errorf("RedactCommentText: %v, %v", cm, err)
	}
	if err := c.Tickets.MakeCommentPrivate(ctx, 1, 2); !errors.Is(err, ErrForbidden) {
		t.Errorf("MakeCommentPrivate: %v", err)
	}
}
