package webhook

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ticketsdk/zendesk"
)

// The ticket event types Zendesk documents for event-subscribed webhooks. [Event.Type] holds
// one of these for a ticket event (other domains, e.g. zen:event-type:user.*, keep their own
// names); a type Zendesk adds later arrives as-is.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/webhooks/event-types/ticket-events/
const (
	TicketCreated                       = "zen:event-type:ticket.created"
	TicketAgentAssignmentChanged        = "zen:event-type:ticket.agent_assignment_changed"
	TicketAttachmentLinkedToComment     = "zen:event-type:ticket.attachment_linked_to_comment"
	TicketAttachmentRedactedFromComment = "zen:event-type:ticket.attachment_redacted_from_comment"
	TicketBrandChanged                  = "zen:event-type:ticket.brand_changed"
	TicketCommentAdded                  = "zen:event-type:ticket.comment_added"
	TicketCommentMadePrivate            = "zen:event-type:ticket.comment_made_private"
	TicketCommentRedacted               = "zen:event-type:ticket.comment_redacted"
	TicketCustomFieldChanged            = "zen:event-type:ticket.custom_field_changed"
	TicketCustomStatusChanged           = "zen:event-type:ticket.custom_status_changed"
	TicketDescriptionChanged            = "zen:event-type:ticket.description_changed"
	TicketEmailCCsChanged               = "zen:event-type:ticket.email_ccs_changed"
	TicketExternalIDChanged             = "zen:event-type:ticket.external_id_changed"
	TicketFollowersChanged              = "zen:event-type:ticket.followers_changed"
	TicketFormChanged                   = "zen:event-type:ticket.form_changed"
	TicketGroupAssignmentChanged        = "zen:event-type:ticket.group_assignment_changed"
	TicketMarkedAsSpam                  = "zen:event-type:ticket.marked_as_spam"
	TicketMerged                        = "zen:event-type:ticket.merged"
	TicketOrganizationChanged           = "zen:event-type:ticket.organization_changed"
	TicketPermanentlyDeleted            = "zen:event-type:ticket.permanently_deleted"
	TicketPriorityChanged               = "zen:event-type:ticket.priority_changed"
	TicketProblemLinkChanged            = "zen:event-type:ticket.problem_link_changed"
	TicketRequesterChanged              = "zen:event-type:ticket.requester_changed"
	TicketSoftDeleted                   = "zen:event-type:ticket.soft_deleted"
	TicketStatusChanged                 = "zen:event-type:ticket.status_changed"
	TicketSubjectChanged                = "zen:event-type:ticket.subject_changed"
	TicketSubmitterChanged              = "zen:event-type:ticket.submitter_changed"
	TicketTagsChanged                   = "zen:event-type:ticket.tags_changed"
	TicketTaskDueAtChanged              = "zen:event-type:ticket.task_due_at_changed"
	TicketTypeChanged                   = "zen:event-type:ticket.type_changed"
	TicketUndeleted                     = "zen:event-type:ticket.undeleted"
)

const (
	ticketTypePrefix    = "zen:event-type:ticket."
	ticketSubjectPrefix = "zen:ticket:"
)

// Event is one event of an event-subscribed Zendesk webhook, as delivered:
//
//	{"type": "zen:event-type:ticket.status_changed", "account_id": 22129848,
//	 "id": "cbe4028c-…", "time": "2025-01-08T10:12:07.672717030Z",
//	 "zendesk_event_version": "2022-11-06", "subject": "zen:ticket:5158",
//	 "detail": {the ticket: "id": "5158", "status": "OPEN", …},
//	 "event": {what changed: "current": "OPEN", "previous": "NEW"}}
//
// Detail and Event stay raw JSON, as sent, because their shape depends on Type; [Event.Ticket],
// [Event.StatusChange], [Event.TagsChange], [Event.Comment] and [Event.Change] decode the ticket
// events' documented shapes. A delivery may repeat (Zendesk retries on failure and on
// timeouts): ID is the same on every delivery of one event, so use it to drop duplicates.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/webhooks/event-types/webhook-event-types/
type Event struct {
	// ID identifies the event (not the delivery): a retried delivery carries the same ID.
	ID string `json:"id"`
	// Type is the event type, e.g. [TicketStatusChanged].
	Type string `json:"type"`
	// Subject names what the event is about, e.g. "zen:ticket:5158" (see [Event.TicketID]).
	Subject   string `json:"subject"`
	AccountID int64  `json:"account_id"`
	// Time is when the event happened; zero when the delivery had none (or an unreadable one).
	Time time.Time `json:"time"`
	// Version is zendesk_event_version, the schema version of Detail and Event, e.g.
	// "2022-11-06".
	Version string `json:"zendesk_event_version"`
	// Detail is the object the event is about, as sent: for a ticket event, the ticket (see
	// [Event.Ticket]).
	Detail json.RawMessage `json:"detail"`
	// Event is what happened, as sent: its keys depend on Type (e.g. "current" and "previous"
	// for a status change).
	Event json.RawMessage `json:"event"`
}

// wireEvent is Event as sent, with the members that need tolerance kept raw.
type wireEvent struct {
	ID        json.RawMessage `json:"id"`
	Type      json.RawMessage `json:"type"`
	Subject   json.RawMessage `json:"subject"`
	AccountID json.RawMessage `json:"account_id"`
	Time      json.RawMessage `json:"time"`
	Version   json.RawMessage `json:"zendesk_event_version"`
	Detail    json.RawMessage `json:"detail"`
	Event     json.RawMessage `json:"event"`
}

// ParseEvent decodes a delivery's body (as [Verify] returns it) into an Event. The body must
// be a JSON object with a non-empty string "type"; anything else is [ErrNotEvent]. The other members
// are read with tolerance, because refusing a delivery loses the event: ids may be numbers or
// strings, an unreadable time is the zero time, and unknown members are ignored.
func ParseEvent(body []byte) (*Event, error) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || body[0] != '{' {
		return nil, fmt.Errorf("%w: not a JSON object", ErrNotEvent)
	}
	var w wireEvent
	if err := json.Unmarshal(body, &w); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotEvent, err)
	}
	e := &Event{
		ID:        text(w.ID),
		Type:      str(w.Type),
		Subject:   text(w.Subject),
		AccountID: id(w.AccountID),
		Version:   text(w.Version),
		Detail:    object(w.Detail),
		Event:     object(w.Event),
	}
	if e.Type == "" {
		return nil, fmt.Errorf("%w: no \"type\"", ErrNotEvent)
	}
	if t, err := time.Parse(time.RFC3339Nano, text(w.Time)); err == nil {
		e.Time = t
	}
	return e, nil
}

// IsTicket reports whether e is a ticket event (a zen:event-type:ticket.* type).
func (e *Event) IsTicket() bool {
	return e != nil && strings.HasPrefix(e.Type, ticketTypePrefix)
}

// TicketID returns the id of the ticket a ticket event is about, read from Subject
// ("zen:ticket:5158") or, failing that, from the detail's id.
func (e *Event) TicketID() (int64, error) {
	if !e.IsTicket() {
		return 0, e.wrongType("TicketID", "a ticket event")
	}
	if rest, ok := strings.CutPrefix(e.Subject, ticketSubjectPrefix); ok {
		if n, err := strconv.ParseInt(rest, 10, 64); err == nil && n > 0 {
			return n, nil
		}
	}
	var d struct {
		ID json.RawMessage `json:"id"`
	}
	if json.Unmarshal(e.Detail, &d) == nil {
		if n := id(d.ID); n > 0 {
			return n, nil
		}
	}
	return 0, fmt.Errorf("%w: ticket event without a ticket id (subject %q)", ErrNotEvent, e.Subject)
}

// Ticket decodes the ticket of a zen:event-type:ticket.* event from Detail, with the same
// tolerance as the API's tickets. Zendesk sends webhook details in a shape of their own, which
// Ticket maps onto [zendesk.Ticket]: ids arrive as strings; status, priority and type in upper
// case ("OPEN"), which become the SDK's lower-case values ([zendesk.StatusOpen]); form_id is
// TicketFormID and custom_status CustomStatusID. The detail has no comments, custom fields or
// collaborators: fetch the ticket for those. The id falls back to Subject's when the detail
// has none.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/webhooks/event-types/ticket-events/
func (e *Event) Ticket() (*zendesk.Ticket, error) {
	if !e.IsTicket() {
		return nil, e.wrongType("Ticket", "a ticket event")
	}
	if len(e.Detail) == 0 {
		return nil, fmt.Errorf("%w: %s without a detail", ErrNotEvent, e.Type)
	}
	var t zendesk.Ticket
	if err := json.Unmarshal(e.Detail, &t); err != nil {
		return nil, fmt.Errorf("%w: the detail of %s is not a ticket: %v", ErrNotEvent, e.Type, err)
	}
	var extra struct {
		FormID       json.RawMessage `json:"form_id"`
		CustomStatus json.RawMessage `json:"custom_status"`
	}
	_ = json.Unmarshal(e.Detail, &extra) // the detail decoded above, so this cannot fail
	if t.TicketFormID == 0 {
		t.TicketFormID = id(extra.FormID)
	}
	if t.CustomStatusID == 0 {
		t.CustomStatusID = id(extra.CustomStatus)
	}
	t.Status = zendesk.Status(strings.ToLower(string(t.Status)))
	t.Priority = zendesk.Priority(strings.ToLower(string(t.Priority)))
	t.Type = zendesk.TicketType(strings.ToLower(string(t.Type)))
	if t.ID == 0 {
		t.ID, _ = e.TicketID()
	}
	return &t, nil
}

// Change is what a ticket.*_changed event that moves one value carries: the value before and
// after, as sent (a JSON string, number, or null). Status, priority and type changes arrive in
// upper case; ids as strings. [Event.StatusChange] reads the commonest one typed.
type Change struct {
	Previous json.RawMessage `json:"previous"`
	Current  json.RawMessage `json:"current"`
}

// Change decodes the "previous" and "current" of a ticket event that moves one value (status,
// priority, type, subject, assignee, group, requester, organization, …). It fails with
// [ErrEventType] for a ticket event without them (created, comment_added, tags_changed, …).
func (e *Event) Change() (*Change, error) {
	if !e.IsTicket() {
		return nil, e.wrongType("Change", "a ticket event")
	}
	var c Change
	if json.Unmarshal(e.Event, &c) != nil || (c.Previous == nil && c.Current == nil) {
		return nil, e.wrongType("Change", "an event with previous and current values")
	}
	return &c, nil
}

// StatusChange is the event of a [TicketStatusChanged] delivery, in the SDK's lower-case
// statuses. Previous is "" for a ticket that had none.
type StatusChange struct {
	Previous, Current zendesk.Status
}

// StatusChange decodes a [TicketStatusChanged] event.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/webhooks/event-types/ticket-events/#status-changed
func (e *Event) StatusChange() (*StatusChange, error) {
	if e == nil || e.Type != TicketStatusChanged {
		return nil, e.wrongType("StatusChange", TicketStatusChanged)
	}
	c, err := e.Change()
	if err != nil {
		return nil, err
	}
	return &StatusChange{
		Previous: zendesk.Status(strings.ToLower(text(c.Previous))),
		Current:  zendesk.Status(strings.ToLower(text(c.Current))),
	}, nil
}

// TagsChange is the event of a [TicketTagsChanged] delivery: the tags added and removed.
type TagsChange struct {
	Added, Removed []string
}

// TagsChange decodes a [TicketTagsChanged] event, {"tags": {"added": {"tags": […]},
// "removed": {"tags": […]}}}; a plain list in place of {"tags": […]} is read too, and so is
// the flat form Zendesk's other event feeds use, {"tags_added": […], "tags_removed": […]}.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/webhooks/event-types/ticket-events/#tags-changed
func (e *Event) TagsChange() (*TagsChange, error) {
	if e == nil || e.Type != TicketTagsChanged {
		return nil, e.wrongType("TagsChange", TicketTagsChanged)
	}
	var w struct {
		Tags struct {
			Added   json.RawMessage `json:"added"`
			Removed json.RawMessage `json:"removed"`
		} `json:"tags"`
		Added   json.RawMessage `json:"tags_added"`
		Removed json.RawMessage `json:"tags_removed"`
	}
	if err := json.Unmarshal(e.Event, &w); err != nil {
		return nil, fmt.Errorf("%w: the event of %s: %v", ErrNotEvent, e.Type, err)
	}
	if w.Tags.Added == nil && w.Tags.Removed == nil {
		w.Tags.Added, w.Tags.Removed = w.Added, w.Removed
	}
	return &TagsChange{Added: tagList(w.Tags.Added), Removed: tagList(w.Tags.Removed)}, nil
}

// Comment is the comment of a [TicketCommentAdded] event.
type Comment struct {
	ID       int64
	Body     string
	IsPublic bool
	Author   Author
}

// Author is who wrote a [Comment]; IsStaff is true for agents and admins.
type Author struct {
	ID      int64
	Name    string
	IsStaff bool
}

// Comment decodes the comment of a [TicketCommentAdded] event, {"comment": {"id", "body",
// "is_public", "author": {"id", "name", "is_staff"}}} (ids as strings or numbers).
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/webhooks/event-types/ticket-events/#comment-created
func (e *Event) Comment() (*Comment, error) {
	if e == nil || e.Type != TicketCommentAdded {
		return nil, e.wrongType("Comment", TicketCommentAdded)
	}
	var w struct {
		Comment *struct {
			ID       json.RawMessage `json:"id"`
			Body     json.RawMessage `json:"body"`
			IsPublic bool            `json:"is_public"`
			Author   struct {
				ID      json.RawMessage `json:"id"`
				Name    json.RawMessage `json:"name"`
				IsStaff bool            `json:"is_staff"`
			} `json:"author"`
		} `json:"comment"`
	}
	if err := json.Unmarshal(e.Event, &w); err != nil || w.Comment == nil {
		return nil, fmt.Errorf("%w: %s without a comment", ErrNotEvent, e.Type)
	}
	c := w.Comment
	return &Comment{ID: id(c.ID), Body: text(c.Body), IsPublic: c.IsPublic,
		Author: Author{ID: id(c.Author.ID), Name: text(c.Author.Name), IsStaff: c.Author.IsStaff}}, nil
}

func (e *Event) wrongType(method, want string) error {
	got := "<nil>"
	if e != nil {
		got = e.Type
	}
	return fmt.Errorf("%w: Event.%s needs %s, got %q", ErrEventType, method, want, got)
}

// text returns a JSON string's value, a number's text, or "" for anything else.
func text(b json.RawMessage) string {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return ""
	}
	switch b[0] {
	case '"':
		var s string
		if json.Unmarshal(b, &s) == nil {
			return s
		}
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return string(b)
	}
	return ""
}

// str returns a JSON string's value, or "" for anything else.
func str(b json.RawMessage) string {
	var s string
	if json.Unmarshal(b, &s) != nil {
		return ""
	}
	return s
}

// id reads an id sent as a number or a string of digits; anything else is 0.
func id(b json.RawMessage) int64 {
	n, err := strconv.ParseInt(strings.TrimSpace(text(b)), 10, 64)
	if err != nil {
		return 0
	}
	return n
}

// object keeps b when it is a JSON object and gives nil otherwise (absent, null, or a value of
// another kind), so that callers need test only for nil.
func object(b json.RawMessage) json.RawMessage {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] != '{' {
		return nil
	}
	return b
}

// tagList reads {"tags": […]} or […]; anything else is nil.
func tagList(b json.RawMessage) []string {
	b = bytes.TrimSpace(b)
	var tags []string
	if len(b) > 0 && b[0] == '{' {
		var w struct {
			Tags []string `json:"tags"`
		}
		if json.Unmarshal(b, &w) == nil {
			tags = w.Tags
		}
	} else if json.Unmarshal(b, &tags) != nil {
		tags = nil
	}
	return tags
}
