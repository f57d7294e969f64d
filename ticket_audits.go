package zendesk

import (
	"encoding/json"
	"time"
)

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
