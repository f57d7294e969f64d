package zendesk

import (
	"context"
	"iter"
	"net/http"
	"strconv"
	"time"
)

// TicketComment is a comment of a ticket's conversation, as the server holds it. ([Comment]
// is what a create or update writes.) Comments cannot be edited; they can be made private and
// redacted.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_comments/
type TicketComment struct {
	ID int64 `json:"id"`
	// Type is "Comment" or "VoiceComment".
	Type      string `json:"type"`
	Body      string `json:"body"`
	HTMLBody  string `json:"html_body"`
	PlainBody string `json:"plain_body"`
	// Public is false for an internal note, seen by agents only.
	Public   bool  `json:"public"`
	AuthorID int64 `json:"author_id"`
	// AuditID is the [Audit] that added the comment.
	AuditID     int64        `json:"audit_id"`
	Attachments []Attachment `json:"attachments"`
	Via         *Via         `json:"via"`
	// Metadata holds what Zendesk recorded (system: client, ip_address, location; flags; custom).
	Metadata  map[string]any `json:"metadata"`
	CreatedAt time.Time      `json:"created_at"`
}

// UnmarshalJSON decodes a comment with the tolerance of [Ticket].
func (c *TicketComment) UnmarshalJSON(b []byte) error { return unmarshal(b, c) }

// CommentListOptions selects one page of a ticket's comments. Comments come oldest first; the
// only sort is SortBy "created_at" (SortOrder "desc" for newest first), which goes on the wire
// as cursor paging reads it: sort=created_at or sort=-created_at.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_comments/#list-comments
type CommentListOptions struct {
	// ListOptions pages and sorts; its Include may name "users" to side-load the authors.
	ListOptions `url:"-"` // encoded by its own values, which validates it
	// IncludeInlineImages lists images shown inside a comment's body among its Attachments.
	IncludeInlineImages bool `url:"include_inline_images,omitempty"`
}

// commentPath is "tickets/{t}/comments/{c}/{sub}.json".
func commentPath(ticketID, commentID int64, sub string) string {
	return ticketPath(ticketID, "comments/"+strconv.FormatInt(commentID, 10)+"/"+sub)
}

// ListComments returns one page of a ticket's comments, oldest first unless opts sort them
// newest first.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_comments/#list-comments
func (s *TicketsService) ListComments(ctx context.Context, ticketID int64, opts *CommentListOptions) (*Page[TicketComment], error) {
	const op = "Tickets.ListComments"
	if err := checkID(op, ticketID); err != nil {
		return nil, err
	}
	var lo *ListOptions
	if opts != nil {
		if opts.SortBy != "" && opts.SortBy != "created_at" {
			return nil, invalid(op, "SortBy %q: comments sort by \"created_at\" only", opts.SortBy)
		}
		lo = &opts.ListOptions
	}
	extra, err := encodeQuery(op, opts)
	if err != nil {
		return nil, err
	}
	return listPage[TicketComment](ctx, s.client, op, ticketPath(ticketID, "comments"), "comments", extra, lo)
}

// ListCommentsAll iterates over every comment of a ticket, page by page.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_comments/#list-comments
func (s *TicketsService) ListCommentsAll(ctx context.Context, ticketID int64, opts *CommentListOptions) iter.Seq2[TicketComment, error] {
	var o CommentListOptions
	if opts != nil {
		o = *opts
	}
	return listAll(ctx, "Tickets.ListCommentsAll", &o.ListOptions, func(ctx context.Context, lo *ListOptions) (*Page[TicketComment], error) {
		page := o
		page.ListOptions = *lo
		return s.ListComments(ctx, ticketID, &page)
	})
}

// CountComments returns how many comments a ticket has. Zendesk refreshes the figure now and
// then, so a comment just added may not be counted yet.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_comments/#count-ticket-comments
func (s *TicketsService) CountComments(ctx context.Context, ticketID int64) (int64, error) {
	if err := checkID("Tickets.CountComments", ticketID); err != nil {
		return 0, err
	}
	return s.client.count(ctx, ticketPath(ticketID, "comments/count"))
}

// MakeCommentPrivate turns a public comment into an internal note. Zendesk records the change
// in an audit (a CommentPrivacyChange event).
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_comments/#make-comment-private
func (s *TicketsService) MakeCommentPrivate(ctx context.Context, ticketID, commentID int64) error {
	const op = "Tickets.MakeCommentPrivate"
	if err := checkIDs(op, []int64{ticketID, commentID}); err != nil {
		return err
	}
	_, err := s.client.do(ctx, &request{method: http.MethodPut, path: commentPath(ticketID, commentID, "make_private"), emptyOK: true}, nil)
	return err
}

// RedactCommentText replaces every occurrence of text in a comment with ▇, one per character,
// and returns the comment as it now reads. This is the older redaction endpoint: it fails on
// closed tickets, where [TicketsService.RedactComment] works.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_comments/#redact-string-in-comment
func (s *TicketsService) RedactCommentText(ctx context.Context, ticketID, commentID int64, text string) (*TicketComment, error) {
	const op = "Tickets.RedactCommentText"
	if err := checkIDs(op, []int64{ticketID, commentID}); err != nil {
		return nil, err
	}
	if text == "" {
		return nil, invalid(op, "no text to redact")
	}
	return s.comment(ctx, &request{method: http.MethodPut, path: commentPath(ticketID, commentID, "redact"),
		body: struct {
			Text string `json:"text"`
		}{text}})
}

// CommentRedaction says what [TicketsService.RedactComment] removes from a comment.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_comments/#redact-ticket-comment-in-agent-workspace
type CommentRedaction struct {
	// TicketID is the ticket of the comment (required).
	TicketID int64 `json:"ticket_id"`
	// HTMLBody is the comment's html_body with each part to remove wrapped in
	// <redact>…</redact>; the rest must be the comment's own.
	HTMLBody string `json:"html_body,omitempty"`
	// ExternalAttachmentURLs are URLs of the comment's attachments to redact.
	ExternalAttachmentURLs []string `json:"external_attachment_urls,omitempty"`
}

// RedactComment removes the parts of a comment marked in r (they become ▇) and returns the
// comment as it now reads. Unlike [TicketsService.RedactCommentText] it works on closed and
// archived tickets; it needs the Agent Workspace.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_comments/#redact-ticket-comment-in-agent-workspace
func (s *TicketsService) RedactComment(ctx context.Context, commentID int64, r *CommentRedaction) (*TicketComment, error) {
	const op = "Tickets.RedactComment"
	if err := checkID(op, commentID); err != nil {
		return nil, err
	}
	switch {
	case r == nil:
		return nil, invalid(op, "nil redaction")
	case r.TicketID <= 0:
		return nil, invalid(op, "TicketID must be positive, got %d", r.TicketID)
	case r.HTMLBody == "" && len(r.ExternalAttachmentURLs) == 0:
		return nil, invalid(op, "nothing to redact: set HTMLBody or ExternalAttachmentURLs")
	}
	return s.comment(ctx, &request{method: http.MethodPut,
		path: "comment_redactions/" + strconv.FormatInt(commentID, 10) + ".json", body: r})
}

// RedactAttachment replaces a comment's attachment with an empty file named redacted.txt. The
// answer is the attachment as Zendesk returns it, which has been seen to still show the old
// name and size: read the comment again to see the result.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket-attachments/#redact-comment-attachment
func (s *TicketsService) RedactAttachment(ctx context.Context, ticketID, commentID, attachmentID int64) (*Attachment, error) {
	const op = "Tickets.RedactAttachment"
	if err := checkIDs(op, []int64{ticketID, commentID, attachmentID}); err != nil {
		return nil, err
	}
	return s.client.attachment(ctx, &request{method: http.MethodPut,
		path: commentPath(ticketID, commentID, "attachments/"+strconv.FormatInt(attachmentID, 10)+"/redact")})
}

// comment sends r and returns the comment of its `{"comment": …}` answer.
func (s *TicketsService) comment(ctx context.Context, r *request) (*TicketComment, error) {
	c, _, err := doKey[TicketComment](ctx, s.client, r, "comment")
	return c, err
}

// countValue is the `"count"` of a count answer, `{"count": {"value": N, "refreshed_at": …}}`.
type countValue struct {
	Value int64 `json:"value"`
}

// count gets a count answer and returns N.
func (c *Client) count(ctx context.Context, path string) (int64, error) {
	n, _, err := doKey[countValue](ctx, c, &request{method: http.MethodGet, path: path}, "count")
	if err != nil {
		return 0, err
	}
	return n.Value, nil
}
