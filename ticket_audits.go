package zendesk

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"strconv"
	"time"
)

// ListAudits returns one page of a ticket's audits, oldest first: every change made to the
// ticket, with its events.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_audits/#list-audits-for-a-ticket
func (s *TicketsService) ListAudits(ctx context.Context, ticketID int64, opts *ListOptions) (*Page[Audit], error) {
	const op = "Tickets.ListAudits"
	if err := checkID(op, ticketID); err != nil {
		return nil, err
	}
	return listPage[Audit](ctx, s.client, op, ticketPath(ticketID, "audits"), "audits", nil, opts)
}

// ListAuditsAll iterates over every audit of a ticket, page by page.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_audits/#list-audits-for-a-ticket
func (s *TicketsService) ListAuditsAll(ctx context.Context, ticketID int64, opts *ListOptions) iter.Seq2[Audit, error] {
	return listAll(ctx, "Tickets.ListAuditsAll", opts, func(ctx context.Context, o *ListOptions) (*Page[Audit], error) {
		return s.ListAudits(ctx, ticketID, o)
	})
}

// GetAudit returns one audit of a ticket; an audit of another ticket is not found.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_audits/#show-audit
func (s *TicketsService) GetAudit(ctx context.Context, ticketID, auditID int64) (*Audit, error) {
	if err := checkIDs("Tickets.GetAudit", []int64{ticketID, auditID}); err != nil {
		return nil, err
	}
	a, _, err := doKey[Audit](ctx, s.client, &request{method: http.MethodGet,
		path: ticketPath(ticketID, "audits/"+strconv.FormatInt(auditID, 10))}, "audit")
	return a, err
}

// CountAudits returns how many audits a ticket has, as Zendesk last counted them.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_audits/#count-audits-for-a-ticket
func (s *TicketsService) CountAudits(ctx context.Context, ticketID int64) (int64, error) {
	if err := checkID("Tickets.CountAudits", ticketID); err != nil {
		return 0, err
	}
	return s.client.count(ctx, ticketPath(ticketID, "audits/count"))
}

// Audit is the record of one change to a ticket: who made it, how (Via), and the events it
// consists of (a comment, field changes, notifications sent). Create and Update return the
// audit of their own change, which is how a caller learns what the server really did.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_audits/
type Audit struct {
	ID       int64 `json:"id"`
	TicketID int64 `json:"ticket_id"`
	// AuthorID is -1 for changes made by Zendesk itself.
	AuthorID  int64         `json:"author_id"`
	CreatedAt time.Time     `json:"created_at"`
	Via       *Via          `json:"via"`
	Metadata  AuditMetadata `json:"metadata"`
	Events    []AuditEvent  `json:"events"`
}

// UnmarshalJSON decodes an audit with the same tolerance as [Ticket.UnmarshalJSON] (ids as
// strings, null anywhere), for audits read from a cache, a queue or a webhook body.
func (a *Audit) UnmarshalJSON(b []byte) error { return unmarshal(b, a) }

// AuditMetadata is the metadata of an [Audit]: Custom is what the request sent as
// [TicketRequest.Metadata], System is what Zendesk recorded (client, IP address, location).
// Both decode as encoding/json decodes into any (numbers as float64); a part that is not a
// JSON object is left nil.
type AuditMetadata struct {
	Custom map[string]any `json:"custom"`
	System map[string]any `json:"system"`
}

// UnmarshalJSON decodes the two maps, leaving out a part that is not an object.
func (m *AuditMetadata) UnmarshalJSON(b []byte) error { return unmarshal(b, m) }

// AuditEvent is one event of an [Audit]. Which fields are filled depends on Type: "Comment"
// has the bodies, Public, AuthorID and Attachments; "Create" and "Change" have FieldName and
// Value (and PreviousValue for a change); "Notification" and similar have Subject, Body and
// Recipients. Value and PreviousValue hold any JSON value (string, number as [json.Number],
// bool, list, object, or nil), because a field change records whatever the field holds.
//
// Zendesk API docs: https://developer.zendesk.com/documentation/ticketing/reference-guides/ticket-audit-events-reference/
type AuditEvent struct {
	ID int64 `json:"id"`
	// Type is e.g. "Comment", "Create", "Change", "Notification", "VoiceComment", "Cc".
	Type          string       `json:"type"`
	FieldName     string       `json:"field_name,omitempty"`
	Value         any          `json:"value,omitempty"`
	PreviousValue any          `json:"previous_value,omitempty"`
	Body          string       `json:"body,omitempty"`
	HTMLBody      string       `json:"html_body,omitempty"`
	PlainBody     string       `json:"plain_body,omitempty"`
	Public        bool         `json:"public,omitempty"`
	AuthorID      int64        `json:"author_id,omitempty"`
	Attachments   []Attachment `json:"attachments,omitempty"`
	Subject       string       `json:"subject,omitempty"`
	Recipients    []int64      `json:"recipients,omitempty"`
	Via           *Via         `json:"via,omitempty"`
	// Raw is the event's whole JSON as the server sent it, so that event types and keys the
	// SDK does not model are never lost (nil for an event built by hand).
	Raw json.RawMessage `json:"-"`
}

// UnmarshalJSON decodes an event, keeping Value and PreviousValue in their JSON type and the
// whole event in Raw. Text fields also accept numbers and bools (as their JSON text), and ids
// numeric strings.
func (e *AuditEvent) UnmarshalJSON(b []byte) error { return unmarshal(b, e) }
