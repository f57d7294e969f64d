package zendesk

import (
	"context"
	"encoding/json"
	"net/http"
	"time"
)

// TicketImport is one ticket to import with its history: the ticket's fields, its times and
// its comments, kept as given. Zero times are not sent (Zendesk then uses the time of the
// import). Imports do not run triggers, and a closed ticket is imported closed.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_import/
type TicketImport struct {
	// Ticket holds the ticket's fields (subject, status, requester, tags, …). Its Comment is
	// not used by imports: give the comments in Comments. Its ID is not sent.
	Ticket    TicketRequest
	CreatedAt time.Time
	UpdatedAt time.Time
	// SolvedAt is when a solved or closed ticket was solved.
	SolvedAt time.Time
	// Comments are the ticket's comments, oldest first; the first is the description. At
	// least one is required.
	Comments []ImportComment
}

// ImportComment is one comment of an imported ticket.
type ImportComment struct {
	// AuthorID is the comment's author; 0 leaves it to Zendesk (the requester).
	AuthorID int64
	// Body is the comment as plain text, HTMLBody as HTML; one of them is required.
	Body     string
	HTMLBody string
	// Public says whether end users see the comment (Zendesk's default: public).
	Public    Param[bool]
	CreatedAt time.Time
	// Uploads are tokens of files uploaded with [AttachmentsService.Upload].
	Uploads []string
}

// ImportOptions are the options of an import.
type ImportOptions struct {
	// ArchiveImmediately archives imported closed tickets at once (other tickets are not
	// affected), which keeps a large migration out of views and reports.
	ArchiveImmediately bool `url:"archive_immediately,omitempty"`
}

// optTime is a time as imports send it: a [wireTime], or nil (left out) for a zero time.
func optTime(t time.Time) *wireTime {
	if t.IsZero() {
		return nil
	}
	w := wireTime(t)
	return &w
}

// MarshalJSON writes the comment as imports read it.
func (c ImportComment) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		AuthorID  int64       `json:"author_id,omitempty"`
		Body      string      `json:"body,omitempty"`
		HTMLBody  string      `json:"html_body,omitempty"`
		Public    Param[bool] `json:"public,omitzero"`
		CreatedAt *wireTime   `json:"created_at,omitempty"`
		Uploads   []string    `json:"uploads,omitempty"`
	}{c.AuthorID, c.Body, c.HTMLBody, c.Public, optTime(c.CreatedAt), c.Uploads})
}

// MarshalJSON writes the ticket object of an import: the ticket's fields with created_at,
// updated_at, solved_at and comments next to them.
func (t TicketImport) MarshalJSON() ([]byte, error) {
	req := withoutID(&t.Ticket)
	req.Comment = nil
	fields, err := req.MarshalJSON()
	if err != nil {
		return nil, err
	}
	extra, err := json.Marshal(struct {
		CreatedAt *wireTime       `json:"created_at,omitempty"`
		UpdatedAt *wireTime       `json:"updated_at,omitempty"`
		SolvedAt  *wireTime       `json:"solved_at,omitempty"`
		Comments  []ImportComment `json:"comments"`
	}{optTime(t.CreatedAt), optTime(t.UpdatedAt), optTime(t.SolvedAt), t.Comments})
	if err != nil {
		return nil, err
	}
	if len(fields) <= 2 { // {}
		return extra, nil
	}
	out := append(fields[:len(fields)-1:len(fields)-1], ',')
	return append(out, extra[1:]...), nil
}

// checkImport refuses an import Zendesk would refuse: one without comments, or with a comment
// that has no text.
func checkImport(op string, i int, t *TicketImport) error {
	if t == nil {
		return invalid(op, "nil ticket import")
	}
	if len(t.Comments) == 0 {
		return invalid(op, "ticket %d: an import needs at least one comment (the description)", i)
	}
	for k, c := range t.Comments {
		if c.Body == "" && c.HTMLBody == "" {
			return invalid(op, "ticket %d: comment %d has neither Body nor HTMLBody", i, k)
		}
	}
	return nil
}

// Import creates a ticket with its history: its times and comments are kept as given, and no
// trigger runs (a closed ticket stays closed). Imports are for admins. A 409 ([ErrConflict];
// Zendesk says "Requester creation collision - please try again") means nothing was imported:
// the same call may be made again. Import is not retried by itself, since a lost answer may
// hide a ticket that was made.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_import/#ticket-import
func (s *TicketsService) Import(ctx context.Context, ticket *TicketImport, opts *ImportOptions) (*Ticket, error) {
	const op = "Tickets.Import"
	if err := checkImport(op, 0, ticket); err != nil {
		return nil, err
	}
	q, err := encodeQuery(op, opts)
	if err != nil {
		return nil, err
	}
	t, _, err := s.ticketAnswer(ctx, &request{method: http.MethodPost, path: "imports/tickets.json", query: q,
		body: struct {
			Ticket *TicketImport `json:"ticket"`
		}{ticket}})
	return t, err
}

// ImportMany starts a job that imports up to 100 tickets as [TicketsService.Import] does; its
// results name each new ticket by its index in tickets.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_import/#ticket-bulk-import
func (s *TicketsService) ImportMany(ctx context.Context, tickets []TicketImport, opts *ImportOptions) (*JobStatus, error) {
	const op = "Tickets.ImportMany"
	if err := checkBulk(op, len(tickets)); err != nil {
		return nil, err
	}
	for i := range tickets {
		if err := checkImport(op, i, &tickets[i]); err != nil {
			return nil, err
		}
	}
	q, err := encodeQuery(op, opts)
	if err != nil {
		return nil, err
	}
	return s.job(ctx, &request{method: http.MethodPost, path: "imports/tickets/create_many.json", query: q,
		body: struct {
			Tickets []TicketImport `json:"tickets"`
		}{tickets}})
}

// ImportAll imports any number of tickets through create_many import jobs of up to 100,
// running up to bulk.Concurrency jobs at once and waiting for each, as
// [TicketsService.CreateAll] does: one result per input ticket, in input order, with Index
// set and, when imported, the new ticket's ID; a chunk that fails as a whole is reported in
// its entries and in the joined error. Every ticket is checked before anything is sent.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_import/#ticket-bulk-import
func (s *TicketsService) ImportAll(ctx context.Context, tickets []TicketImport, opts *ImportOptions, bulk *BulkOptions) ([]JobResult, error) {
	const op = "Tickets.ImportAll"
	if len(tickets) == 0 {
		return nil, invalid(op, "no tickets")
	}
	for i := range tickets {
		if err := checkImport(op, i, &tickets[i]); err != nil {
			return nil, err
		}
	}
	if _, err := encodeQuery(op, opts); err != nil {
		return nil, err
	}
	submit := func(ctx context.Context, chunk []TicketImport) (*JobStatus, error) {
		return s.ImportMany(ctx, chunk, opts)
	}
	return runBulk(ctx, s, op, tickets, bulk, submit, pairByIndex)
}
