package zendesk

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// TicketType is the kind of a ticket. It is a string type rather than a closed set so that a
// value Zendesk adds later decodes as-is instead of failing the whole ticket; null decodes to "".
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/
type TicketType string

// The ticket types Zendesk documents today.
const (
	// TypeProblem marks a ticket that incidents can be linked to (see [Ticket.ProblemID]).
	TypeProblem TicketType = "problem"
	// TypeIncident marks one occurrence of a problem.
	TypeIncident TicketType = "incident"
	// TypeQuestion marks a request for information.
	TypeQuestion TicketType = "question"
	// TypeTask marks work with a due date (see [Ticket.DueAt]).
	TypeTask TicketType = "task"
)

// Priority is how urgently a ticket should be handled. Unknown values decode as-is, null as "".
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/
type Priority string

// The priorities Zendesk documents today, most urgent first.
const (
	PriorityUrgent Priority = "urgent" // PriorityUrgent is the highest priority.
	PriorityHigh   Priority = "high"   // PriorityHigh is above normal.
	PriorityNormal Priority = "normal" // PriorityNormal is the usual priority.
	PriorityLow    Priority = "low"    // PriorityLow is the lowest priority.
)

// Status is where a ticket stands. With custom ticket statuses on, it is the status category
// and [Ticket.CustomStatusID] names the real status. Unknown values decode as-is, null as "".
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#custom-ticket-statuses
type Status string

// The statuses Zendesk documents today, in the order a ticket usually moves through them.
const (
	StatusNew     Status = "new"     // StatusNew: nobody has acted on the ticket yet.
	StatusOpen    Status = "open"    // StatusOpen: an agent is working on it.
	StatusPending Status = "pending" // StatusPending: waiting for the requester.
	StatusHold    Status = "hold"    // StatusHold: waiting for a third party.
	StatusSolved  Status = "solved"  // StatusSolved: done; the requester may still reopen it.
	StatusClosed  Status = "closed"  // StatusClosed: final; only a follow-up ticket can continue it.
)

// Ticket is a ticket as the API returns it. It is the read model: plain values, so an absent or
// null id is 0 and an absent date is the zero time. To change a ticket, send a [TicketRequest].
//
// Decoding is tolerant, because one odd field should not lose a whole page of tickets: unknown
// keys are ignored, every nullable field accepts null, ids also arrive as JSON strings ("123"
// decodes to 123; a string that is not a number decodes to 0), unknown enum values are kept,
// and custom field values keep whatever type they had.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/
type Ticket struct {
	ID  int64  `json:"id"`
	URL string `json:"url"`
	// EncodedID is the short id shown to end users, e.g. in email subjects.
	EncodedID string `json:"encoded_id"`
	// ExternalID links the ticket to a record in another system; it is the caller's, not
	// Zendesk's, and need not be unique.
	ExternalID string     `json:"external_id"`
	Type       TicketType `json:"type"`
	Subject    string     `json:"subject"`
	// RawSubject is the subject before dynamic content placeholders are rendered.
	RawSubject string `json:"raw_subject"`
	// Description is the first comment; it is read-only (create with a [Comment] instead).
	Description string   `json:"description"`
	Priority    Priority `json:"priority"`
	Status      Status   `json:"status"`
	// CustomStatusID is the real status when custom ticket statuses are on; Status is then
	// only its category.
	CustomStatusID int64 `json:"custom_status_id"`
	// Recipient is the support address the first email went to, for tickets made by email.
	Recipient       string  `json:"recipient"`
	RequesterID     int64   `json:"requester_id"`
	SubmitterID     int64   `json:"submitter_id"`
	AssigneeID      int64   `json:"assignee_id"`
	OrganizationID  int64   `json:"organization_id"`
	GroupID         int64   `json:"group_id"`
	CollaboratorIDs []int64 `json:"collaborator_ids"`
	// EmailCCIDs and FollowerIDs are only filled when the account has CCs and followers on.
	EmailCCIDs   []int64 `json:"email_cc_ids"`
	FollowerIDs  []int64 `json:"follower_ids"`
	ForumTopicID int64   `json:"forum_topic_id"`
	ProblemID    int64   `json:"problem_id"`
	HasIncidents bool    `json:"has_incidents"`
	// IsPublic is false when the ticket has no public comment (e.g. created as a private note).
	IsPublic bool `json:"is_public"`
	// DueAt is nil unless the ticket is a task with a due date.
	DueAt *time.Time `json:"due_at"`
	Tags  []string   `json:"tags"`
	Via   Via        `json:"via"`
	// CustomFields holds the values of the ticket's custom fields; Fields is the same list
	// under the older name, still sent by the API.
	CustomFields []CustomField `json:"custom_fields"`
	Fields       []CustomField `json:"fields"`
	// SatisfactionRating is nil when the server sends null (no CSAT on the plan, or never
	// offered).
	SatisfactionRating   *SatisfactionRating `json:"satisfaction_rating"`
	SharingAgreementIDs  []int64             `json:"sharing_agreement_ids"`
	FollowupIDs          []int64             `json:"followup_ids"`
	TicketFormID         int64               `json:"ticket_form_id"`
	BrandID              int64               `json:"brand_id"`
	AllowChannelback     bool                `json:"allow_channelback"`
	AllowAttachments     bool                `json:"allow_attachments"`
	FromMessagingChannel bool                `json:"from_messaging_channel"`
	// GeneratedTimestamp (Unix seconds) moves on every change, system ones included, unlike
	// UpdatedAt; it is what incremental exports order by.
	GeneratedTimestamp int64     `json:"generated_timestamp"`
	CreatedAt          time.Time `json:"created_at"`
	UpdatedAt          time.Time `json:"updated_at"`
}

// UnmarshalJSON decodes a ticket with the tolerance described on [Ticket]. The SDK's own
// answers do not come through here: they decode each ticket in place with a [ticketDecoder],
// in the same single pass over the bytes, whereas a whole-object UnmarshalJSON makes
// encoding/json scan a ticket twice more (once to find its end, once to validate it again).
func (t *Ticket) UnmarshalJSON(b []byte) error {
	var d ticketDecoder
	d.aim(t)
	if err := json.Unmarshal(b, &d); err != nil {
		return err
	}
	d.done()
	return nil
}

// ticketPlain is Ticket without its methods, so that encoding/json decodes it field by field.
type ticketPlain Ticket

// ticketDecoder is the lenient view of one Ticket: encoding/json decodes the plain fields
// through the embedded pointer straight into the ticket, and the fields that need tolerance
// through the lenient types below, which shadow them (the outer field of the same JSON name
// wins) and point into the same ticket. It has no UnmarshalJSON of its own, so decoding it
// is one pass; aim it at each ticket in turn and call done after each decode.
type ticketDecoder struct {
	*ticketPlain
	ID                  *flexID       `json:"id"`
	CustomStatusID      *flexID       `json:"custom_status_id"`
	RequesterID         *flexID       `json:"requester_id"`
	SubmitterID         *flexID       `json:"submitter_id"`
	AssigneeID          *flexID       `json:"assignee_id"`
	OrganizationID      *flexID       `json:"organization_id"`
	GroupID             *flexID       `json:"group_id"`
	ForumTopicID        *flexID       `json:"forum_topic_id"`
	ProblemID           *flexID       `json:"problem_id"`
	TicketFormID        *flexID       `json:"ticket_form_id"`
	BrandID             *flexID       `json:"brand_id"`
	GeneratedTimestamp  *flexID       `json:"generated_timestamp"`
	CollaboratorIDs     *flexIDs      `json:"collaborator_ids"`
	EmailCCIDs          *flexIDs      `json:"email_cc_ids"`
	FollowerIDs         *flexIDs      `json:"follower_ids"`
	SharingAgreementIDs *flexIDs      `json:"sharing_agreement_ids"`
	FollowupIDs         *flexIDs      `json:"followup_ids"`
	CustomFields        *customFields `json:"custom_fields"`
	Fields              *customFields `json:"fields"`
	DueAt               *flexTime     `json:"due_at"`
}

// aim points d at t; the next decode of d fills t.
func (d *ticketDecoder) aim(t *Ticket) {
	*d = ticketDecoder{
		ticketPlain:         (*ticketPlain)(t),
		ID:                  (*flexID)(&t.ID),
		CustomStatusID:      (*flexID)(&t.CustomStatusID),
		RequesterID:         (*flexID)(&t.RequesterID),
		SubmitterID:         (*flexID)(&t.SubmitterID),
		AssigneeID:          (*flexID)(&t.AssigneeID),
		OrganizationID:      (*flexID)(&t.OrganizationID),
		GroupID:             (*flexID)(&t.GroupID),
		ForumTopicID:        (*flexID)(&t.ForumTopicID),
		ProblemID:           (*flexID)(&t.ProblemID),
		TicketFormID:        (*flexID)(&t.TicketFormID),
		BrandID:             (*flexID)(&t.BrandID),
		GeneratedTimestamp:  (*flexID)(&t.GeneratedTimestamp),
		CollaboratorIDs:     (*flexIDs)(&t.CollaboratorIDs),
		EmailCCIDs:          (*flexIDs)(&t.EmailCCIDs),
		FollowerIDs:         (*flexIDs)(&t.FollowerIDs),
		SharingAgreementIDs: (*flexIDs)(&t.SharingAgreementIDs),
		FollowupIDs:         (*flexIDs)(&t.FollowupIDs),
		CustomFields:        (*customFields)(&t.CustomFields),
		Fields:              (*customFields)(&t.Fields),
	}
}

// done finishes the ticket after a decode: due_at is decoded into a fresh value (so null or
// an absent key leaves nil) and moved into place here.
func (d *ticketDecoder) done() {
	d.ticketPlain.DueAt = (*time.Time)(d.DueAt)
}

// Via says how a ticket, comment or audit came about: the channel, and for some channels the
// sender, recipient or rule behind it. Decoding a Via never fails, whatever the server sent
// (an integer channel from old data is kept as its decimal string), because it is context,
// not data anyone should lose a ticket over.
//
// Zendesk API docs: https://developer.zendesk.com/documentation/ticketing/reference-guides/via-object-reference/
type Via struct {
	// Channel is e.g. "email", "web", "api", "rule", "mobile_sdk", "chat", "voice".
	Channel string    `json:"channel"`
	Source  ViaSource `json:"source"`
}

// UnmarshalJSON decodes a Via and never fails; see [Via].
func (v *Via) UnmarshalJSON(b []byte) error {
	*v = Via{}
	eachMember(b, func(key, val []byte) { // lenient by design: keep whatever decoded
		switch string(fieldKey(key)) {
		case "channel":
			v.Channel = textOf(val)
		case "source":
			v.Source = viaSourceOf(val)
		}
	})
	return nil
}

// viaSourceOf decodes a ViaSource leniently: anything but an object gives the zero value.
func viaSourceOf(b []byte) ViaSource {
	var s ViaSource
	eachMember(b, func(key, val []byte) {
		switch string(fieldKey(key)) {
		case "from":
			s.From = viaEndpointOf(val)
		case "to":
			s.To = viaEndpointOf(val)
		case "rel":
			s.Rel = textOf(val)
		}
	})
	return s
}

// ViaSource is the detail of a [Via]: who or what it came from, where it went, and Rel, the
// kind of link (e.g. "trigger", "automation", "follow_up", "merge"; often empty).
type ViaSource struct {
	From ViaEndpoint `json:"from"`
	To   ViaEndpoint `json:"to"`
	Rel  string      `json:"rel"`
}

// UnmarshalJSON decodes a ViaSource and never fails; see [Via].
func (s *ViaSource) UnmarshalJSON(b []byte) error {
	*s = viaSourceOf(b)
	return nil
}

// ViaEndpoint is one side of a [ViaSource]. Its keys depend on the channel: an email has
// Address and Name, a rule has ID, Title, Deleted and RevisionID, a follow-up or merge has
// TicketID and Subject, a social channel has Username and ProfileURL, voice has Phone. The
// common ones are fields; Raw keeps the whole object as sent for any other key.
type ViaEndpoint struct {
	ID             int64  `json:"id,omitempty"`
	Address        string `json:"address,omitempty"`
	Name           string `json:"name,omitempty"`
	Title          string `json:"title,omitempty"`
	Deleted        bool   `json:"deleted,omitempty"`
	RevisionID     int64  `json:"revision_id,omitempty"`
	TicketID       int64  `json:"ticket_id,omitempty"`
	Subject        string `json:"subject,omitempty"`
	Username       string `json:"username,omitempty"`
	ProfileURL     string `json:"profile_url,omitempty"`
	Phone          string `json:"phone,omitempty"`
	FormattedPhone string `json:"formatted_phone,omitempty"`
	// Raw is the object exactly as the server sent it (nil for {} or null).
	Raw json.RawMessage `json:"-"`
}

// UnmarshalJSON decodes a ViaEndpoint and never fails; see [Via].
func (e *ViaEndpoint) UnmarshalJSON(b []byte) error {
	*e = viaEndpointOf(b)
	return nil
}

// viaEndpointOf decodes a ViaEndpoint leniently: anything but an object gives the zero value,
// and Raw keeps a copy of a non-empty object.
func viaEndpointOf(b []byte) ViaEndpoint {
	b = bytes.TrimSpace(b)
	var e ViaEndpoint
	if len(b) == 0 || b[0] != '{' || isEmptyObject(b) {
		return e
	}
	eachMember(b, func(key, val []byte) {
		switch string(fieldKey(key)) {
		case "id":
			e.ID = parseID(val)
		case "address":
			e.Address = textOf(val)
		case "name":
			e.Name = textOf(val)
		case "title":
			e.Title = textOf(val)
		case "deleted":
			e.Deleted = boolOf(val)
		case "revision_id":
			e.RevisionID = parseID(val)
		case "ticket_id":
			e.TicketID = parseID(val)
		case "subject":
			e.Subject = textOf(val)
		case "username":
			e.Username = textOf(val)
		case "profile_url":
			e.ProfileURL = textOf(val)
		case "phone":
			e.Phone = textOf(val)
		case "formatted_phone":
			e.FormattedPhone = textOf(val)
		}
	})
	e.Raw = append(json.RawMessage(nil), b...)
	return e
}

// SatisfactionRating is the customer satisfaction (CSAT) state of a ticket. The API sends it
// in several shapes: an object with an id and a score once rated, {"score": "offered"} or a
// bare string ("offered", "unoffered") before that; all decode here, a bare string into Score.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/ticket-management/satisfaction_ratings/
type SatisfactionRating struct {
	ID int64 `json:"id,omitempty"`
	// Score is e.g. "offered", "unoffered", "good", "bad".
	Score    string `json:"score,omitempty"`
	Comment  string `json:"comment,omitempty"`
	Reason   string `json:"reason,omitempty"`
	ReasonID int64  `json:"reason_id,omitempty"`
}

// UnmarshalJSON accepts every shape described on [SatisfactionRating]; other JSON values (a
// number, a list) leave it empty rather than failing the ticket.
func (r *SatisfactionRating) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	*r = SatisfactionRating{}
	switch {
	case len(b) == 0:
		return nil
	case b[0] == '"':
		var s flexText
		_ = s.UnmarshalJSON(b)
		r.Score = string(s)
	case b[0] == '{':
		ok := eachMember(b, func(key, val []byte) {
			switch string(fieldKey(key)) {
			case "id":
				r.ID = parseID(val)
			case "score":
				r.Score = textOf(val)
			case "comment":
				r.Comment = textOf(val)
			case "reason":
				r.Reason = textOf(val)
			case "reason_id":
				r.ReasonID = parseID(val)
			}
		})
		if !ok {
			return errBadJSON
		}
	}
	return nil
}

// CustomField is the value of one custom ticket field, keyed by the field's id.
//
// Value holds whatever the field holds, and round-trips unchanged: a string (numeric fields
// usually arrive as strings, "745"), a number, a bool (checkbox), a list of strings as []any
// (multiselect), or nil. Numbers decode as [json.Number], not float64, so that re-encoding
// writes exactly the digits the server sent and large integers keep their precision. When
// sending, any value that encodes to the JSON the field expects will do; nil sends null,
// which clears the field.
//
// Zendesk API docs: https://developer.zendesk.com/documentation/ticketing/managing-tickets/creating-and-updating-tickets/#setting-custom-field-values
type CustomField struct {
	ID    int64 `json:"id"`
	Value any   `json:"value"`
}

// UnmarshalJSON decodes numbers in Value as [json.Number]; see [CustomField].
func (f *CustomField) UnmarshalJSON(b []byte) error {
	v, err := customFieldOf(b)
	if err != nil {
		return err
	}
	*f = v
	return nil
}

// customFieldOf decodes one custom field; null gives the zero field.
func customFieldOf(b []byte) (CustomField, error) {
	var f CustomField
	if b = bytes.TrimSpace(b); len(b) > 0 && b[0] == 'n' {
		return f, nil
	}
	var err error
	ok := eachMember(b, func(key, val []byte) {
		switch string(fieldKey(key)) {
		case "id":
			f.ID = parseID(val)
		case "value":
			if v, e := decodeAny(val); e != nil {
				err = e
			} else {
				f.Value = v
			}
		}
	})
	if err == nil && !ok {
		err = fmt.Errorf("zendesk: a custom field is not an object: %.40s", b)
	}
	return f, err
}

// customFields decodes a whole list of custom fields in one walk over its bytes.
type customFields []CustomField

func (l *customFields) UnmarshalJSON(b []byte) error {
	if b = bytes.TrimSpace(b); len(b) > 0 && b[0] == 'n' {
		*l = nil
		return nil
	}
	// Each field has one "value" key: counting them sizes the list without a second walk.
	out := make([]CustomField, 0, bytes.Count(b, []byte(`"value"`)))
	var err error
	ok := eachElement(b, func(val []byte) {
		if err == nil {
			var f CustomField
			f, err = customFieldOf(val)
			out = append(out, f)
		}
	})
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("zendesk: custom fields are not a list: %.40s", b)
	}
	*l = out
	return nil
}

// TicketRequest is the body of a ticket create or update: what the caller asks to change, as
// opposed to [Ticket], what the server says the ticket is. Every field is left out unless set,
// so an update touches only what it names. Param fields can also be cleared with [Null]
// (e.g. AssigneeID: Null[int64]() unassigns); json.Marshal(TicketRequest{}) is {}.
//
// DueAt and UpdatedStamp go on the wire as RFC 3339 in UTC, in whole seconds
// ("2026-01-02T03:04:05Z"), the form Zendesk documents and compares updated_stamp against.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#create-ticket
type TicketRequest struct {
	// ID is only for the per-ticket entries of a bulk update (TicketsService.UpdateManyEach);
	// a single-ticket update takes the id in its path, and Zendesk drops (and warns about) an
	// id in the body.
	ID int64 `json:"id,omitempty"`

	Subject    Param[string] `json:"subject,omitzero"`
	RawSubject Param[string] `json:"raw_subject,omitzero"`
	// Comment adds a comment; on create it is the ticket's description and is required.
	Comment *Comment `json:"comment,omitempty"`
	// Requester names the requester by name and email, creating the user if needed; use
	// RequesterID for an existing user.
	Requester *Requester        `json:"requester,omitempty"`
	Type      Param[TicketType] `json:"type,omitzero"`
	Priority  Param[Priority]   `json:"priority,omitzero"`
	Status    Param[Status]     `json:"status,omitzero"`

	RequesterID    Param[int64]  `json:"requester_id,omitzero"`
	SubmitterID    Param[int64]  `json:"submitter_id,omitzero"`
	AssigneeID     Param[int64]  `json:"assignee_id,omitzero"`
	AssigneeEmail  Param[string] `json:"assignee_email,omitzero"`
	GroupID        Param[int64]  `json:"group_id,omitzero"`
	OrganizationID Param[int64]  `json:"organization_id,omitzero"`

	// CollaboratorIDs and Collaborators replace the ticket's CCs; AdditionalCollaborators
	// adds to them. With CCs and followers on, prefer EmailCCs and Followers.
	CollaboratorIDs         Param[[]int64]        `json:"collaborator_ids,omitzero"`
	Collaborators           Param[[]Collaborator] `json:"collaborators,omitzero"`
	AdditionalCollaborators Param[[]Collaborator] `json:"additional_collaborators,omitzero"`
	// FollowerIDs and EmailCCIDs replace the whole list; Followers and EmailCCs add or
	// remove single users without reading the list first.
	FollowerIDs Param[[]int64]    `json:"follower_ids,omitzero"`
	EmailCCIDs  Param[[]int64]    `json:"email_cc_ids,omitzero"`
	Followers   Param[[]CCChange] `json:"followers,omitzero"`
	EmailCCs    Param[[]CCChange] `json:"email_ccs,omitzero"`

	ExternalID   Param[string]    `json:"external_id,omitzero"`
	ForumTopicID Param[int64]     `json:"forum_topic_id,omitzero"`
	ProblemID    Param[int64]     `json:"problem_id,omitzero"`
	DueAt        Param[time.Time] `json:"due_at,omitzero"`
	// Tags replaces all tags; Set([]string{}) removes them all. AdditionalTags and RemoveTags
	// change single tags, and are the way to do so in a bulk update (UpdateMany).
	Tags           Param[[]string] `json:"tags,omitzero"`
	AdditionalTags Param[[]string] `json:"additional_tags,omitzero"`
	RemoveTags     Param[[]string] `json:"remove_tags,omitzero"`
	TicketFormID   Param[int64]    `json:"ticket_form_id,omitzero"`
	BrandID        Param[int64]    `json:"brand_id,omitzero"`
	// CustomStatusID sets the real status when custom ticket statuses are on.
	CustomStatusID Param[int64] `json:"custom_status_id,omitzero"`
	// CustomFields sets only the fields listed; a nil Value clears that field.
	CustomFields []CustomField `json:"custom_fields,omitzero"`
	// ViaFollowupSourceID makes the new ticket a follow-up of this closed ticket.
	ViaFollowupSourceID Param[int64] `json:"via_followup_source_id,omitzero"`
	// SafeUpdate with UpdatedStamp (the UpdatedAt the caller last read) makes the update
	// fail with 409 instead of overwriting someone else's newer change.
	SafeUpdate   Param[bool]      `json:"safe_update,omitzero"`
	UpdatedStamp Param[time.Time] `json:"updated_stamp,omitzero"`
	// Metadata lands in the audit's metadata.custom (at most 1 KB); it is only saved when the
	// update changes something.
	Metadata map[string]any `json:"metadata,omitzero"`
}

// MarshalJSON writes r with DueAt and UpdatedStamp in whole-second RFC 3339 UTC; see
// [TicketRequest].
func (r TicketRequest) MarshalJSON() ([]byte, error) {
	type plain TicketRequest
	return json.Marshal(struct {
		plain
		DueAt        Param[wireTime] `json:"due_at,omitzero"`
		UpdatedStamp Param[wireTime] `json:"updated_stamp,omitzero"`
	}{plain(r), toWireTime(r.DueAt), toWireTime(r.UpdatedStamp)})
}

// wireTime is a time as Zendesk reads it: RFC 3339, UTC, whole seconds.
type wireTime time.Time

func (t wireTime) MarshalJSON() ([]byte, error) {
	return []byte(`"` + time.Time(t).UTC().Truncate(time.Second).Format(time.RFC3339) + `"`), nil
}

func toWireTime(p Param[time.Time]) Param[wireTime] {
	if v, ok := p.Get(); ok {
		return Set(wireTime(v))
	}
	if p.IsNull() {
		return Null[wireTime]()
	}
	return Param[wireTime]{}
}

// Comment is a comment added by a ticket create or update. Public is a Param because leaving
// it out is not the same as false: an omitted Public takes the ticket's default (public,
// unless the ticket was created with a private first comment).
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_comments/
type Comment struct {
	Body string `json:"body,omitempty"`
	// HTMLBody is used instead of Body when set.
	HTMLBody string      `json:"html_body,omitempty"`
	Public   Param[bool] `json:"public,omitzero"`
	// AuthorID makes someone other than the caller the author (agents only).
	AuthorID int64 `json:"author_id,omitempty"`
	// Uploads are tokens from the attachments upload endpoint; each works once.
	Uploads []string `json:"uploads,omitempty"`
}

// Requester names a ticket's requester by email (and name), so a ticket can be opened for
// someone who is not a user yet: Zendesk finds the user by email or creates one. An existing
// user is never changed.
//
// Zendesk API docs: https://developer.zendesk.com/documentation/ticketing/managing-tickets/creating-and-updating-tickets/#creating-a-ticket-with-a-new-requester
type Requester struct {
	Name  string `json:"name,omitempty"`
	Email string `json:"email,omitempty"`
	// LocaleID is the new user's language (see the Locales API); ignored for existing users.
	LocaleID int64 `json:"locale_id,omitempty"`
}

// Collaborator is one entry of [TicketRequest.Collaborators]: an existing user by id or by
// email, or a new user by name and email, which the API creates on the fly. The API takes the
// three forms mixed in one list (a number, a string, an object), so Collaborator is opaque and
// built with [CollaboratorID], [CollaboratorEmail] or [NewCollaborator].
//
// Zendesk API docs: https://developer.zendesk.com/documentation/ticketing/managing-tickets/creating-and-updating-tickets/#setting-collaborators
type Collaborator struct {
	id    int64
	name  string
	email string
}

// CollaboratorID is an existing user given by id; it is sent as a JSON number.
func CollaboratorID(id int64) Collaborator { return Collaborator{id: id} }

// CollaboratorEmail is a user given by email; it is sent as a JSON string.
func CollaboratorEmail(email string) Collaborator { return Collaborator{email: email} }

// NewCollaborator is a user given by name and email, created when no user has that email; it
// is sent as {"name": …, "email": …}.
func NewCollaborator(name, email string) Collaborator {
	return Collaborator{name: name, email: email}
}

// ID returns the user id of a collaborator made by [CollaboratorID], else 0.
func (c Collaborator) ID() int64 { return c.id }

// Email returns the email of a collaborator made by [CollaboratorEmail] or [NewCollaborator].
func (c Collaborator) Email() string { return c.email }

// Name returns the name of a collaborator made by [NewCollaborator].
func (c Collaborator) Name() string { return c.name }

// MarshalJSON writes the number, string or object form; the zero Collaborator is null.
func (c Collaborator) MarshalJSON() ([]byte, error) {
	switch {
	case c.name != "":
		return json.Marshal(struct {
			Name  string `json:"name"`
			Email string `json:"email"`
		}{c.name, c.email})
	case c.email != "":
		return json.Marshal(c.email)
	case c.id != 0:
		return strconv.AppendInt(nil, c.id, 10), nil
	}
	return []byte("null"), nil
}

// UnmarshalJSON reads any of the three forms. A string is always an email, never an id, as
// the API reads it.
func (c *Collaborator) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return nil
	}
	switch b[0] {
	case 'n':
		*c = Collaborator{}
	case '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*c = CollaboratorEmail(s)
	case '{':
		var w struct {
			ID    flexID `json:"id"`
			Name  string `json:"name"`
			Email string `json:"email"`
		}
		if err := json.Unmarshal(b, &w); err != nil {
			return err
		}
		*c = Collaborator{id: int64(w.ID), name: w.Name, email: w.Email}
	default:
		var id int64
		if err := json.Unmarshal(b, &id); err != nil {
			return fmt.Errorf("zendesk: collaborator is neither an id, an email nor an object: %w", err)
		}
		*c = CollaboratorID(id)
	}
	return nil
}

// CCChange adds or removes one email CC or follower ([TicketRequest.EmailCCs],
// [TicketRequest.Followers]) without replacing the whole list. Name the user by UserID or by
// UserEmail; UserName names a user created for a new email (email CCs only).
//
// Zendesk API docs: https://developer.zendesk.com/documentation/ticketing/managing-tickets/creating-and-updating-tickets/#setting-email-ccs
type CCChange struct {
	UserID    int64  `json:"user_id,omitempty"`
	UserEmail string `json:"user_email,omitempty"`
	UserName  string `json:"user_name,omitempty"`
	// Action is [CCPut] (the default when empty) or [CCDelete].
	Action string `json:"action,omitempty"`
}

// The actions of a [CCChange].
const (
	CCPut    = "put"    // CCPut adds the user.
	CCDelete = "delete" // CCDelete removes the user.
)

// MergeRequest is the body of a ticket merge. Zendesk makes merge comments private by default
// and forces them private for some channels, so the Is*Public fields are Params: unset leaves
// Zendesk's choice, Set(true) asks for public.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#merge-tickets-into-target-ticket
type MergeRequest struct {
	// IDs are the source tickets, closed by the merge.
	IDs []int64 `json:"ids"`
	// TargetComment and SourceComment record why; Zendesk strongly recommends both.
	TargetComment         string      `json:"target_comment,omitempty"`
	SourceComment         string      `json:"source_comment,omitempty"`
	TargetCommentIsPublic Param[bool] `json:"target_comment_is_public,omitzero"`
	SourceCommentIsPublic Param[bool] `json:"source_comment_is_public,omitzero"`
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

// UnmarshalJSON decodes an audit, accepting ids as strings like [Ticket] does. Like tickets,
// the SDK's own answers decode audits in place with an [auditDecoder] instead.
func (a *Audit) UnmarshalJSON(b []byte) error {
	var d auditDecoder
	d.aim(a)
	return json.Unmarshal(b, &d)
}

// auditPlain is Audit without its methods.
type auditPlain Audit

// auditDecoder is the lenient view of one Audit, decoded in one pass like [ticketDecoder].
type auditDecoder struct {
	*auditPlain
	ID       *flexID      `json:"id"`
	TicketID *flexID      `json:"ticket_id"`
	AuthorID *flexID      `json:"author_id"`
	Events   *auditEvents `json:"events"`
}

func (d *auditDecoder) aim(a *Audit) {
	*d = auditDecoder{auditPlain: (*auditPlain)(a), ID: (*flexID)(&a.ID), TicketID: (*flexID)(&a.TicketID),
		AuthorID: (*flexID)(&a.AuthorID), Events: (*auditEvents)(&a.Events)}
}

// AuditMetadata is the metadata of an [Audit]: Custom is what the request sent as
// [TicketRequest.Metadata], System is what Zendesk recorded (client, IP address, location).
// Both decode as encoding/json decodes into any (numbers as float64); a part that is not a
// JSON object is left nil.
type AuditMetadata struct {
	Custom map[string]any `json:"custom"`
	System map[string]any `json:"system"`
}

// UnmarshalJSON decodes the two maps, leaving out a part that is not an object.
func (m *AuditMetadata) UnmarshalJSON(b []byte) error {
	*m = AuditMetadata{}
	var err error
	ok := eachMember(b, func(key, val []byte) {
		var dst *map[string]any
		switch string(fieldKey(key)) {
		case "custom":
			dst = &m.Custom
		case "system":
			dst = &m.System
		default:
			return
		}
		if len(val) == 0 || val[0] != '{' || err != nil {
			return
		}
		err = json.Unmarshal(val, dst)
	})
	if err == nil && !ok && !isNull(b) {
		err = fmt.Errorf("zendesk: audit metadata is not an object: %.40s", b)
	}
	return err
}

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
}

// UnmarshalJSON decodes an event, keeping Value and PreviousValue in their JSON type. Like
// the other nested values of an answer it is read in one walk over its bytes; text fields
// also accept numbers and bools (as their JSON text), and ids numeric strings.
func (e *AuditEvent) UnmarshalJSON(b []byte) error {
	v, err := auditEventOf(b)
	if err != nil {
		return err
	}
	*e = v
	return nil
}

// auditEventOf decodes one event; null gives the zero event.
func auditEventOf(b []byte) (AuditEvent, error) {
	var e AuditEvent
	if isNull(b) {
		return e, nil
	}
	var err error
	note := func(x error) {
		if err == nil {
			err = x
		}
	}
	ok := eachMember(b, func(key, val []byte) {
		switch string(fieldKey(key)) {
		case "id":
			e.ID = parseID(val)
		case "type":
			e.Type = textOf(val)
		case "field_name":
			e.FieldName = textOf(val)
		case "value":
			v, x := decodeAny(val)
			note(x)
			e.Value = v
		case "previous_value":
			v, x := decodeAny(val)
			note(x)
			e.PreviousValue = v
		case "body":
			e.Body = textOf(val)
		case "html_body":
			e.HTMLBody = textOf(val)
		case "plain_body":
			e.PlainBody = textOf(val)
		case "public":
			e.Public = boolOf(val)
		case "author_id":
			e.AuthorID = parseID(val)
		case "attachments":
			var atts []Attachment // not &e.Attachments: that would put all of e on the heap
			note(json.Unmarshal(val, &atts))
			e.Attachments = atts
		case "subject":
			e.Subject = textOf(val)
		case "recipients":
			var ids flexIDs
			_ = ids.UnmarshalJSON(val)
			e.Recipients = ids
		case "via":
			if !isNull(val) {
				e.Via = new(Via)
				_ = e.Via.UnmarshalJSON(val)
			}
		}
	})
	if err == nil && !ok {
		err = fmt.Errorf("zendesk: an audit event is not an object: %.40s", b)
	}
	return e, err
}

// auditEvents decodes the events of an audit in one walk over their bytes.
type auditEvents []AuditEvent

func (l *auditEvents) UnmarshalJSON(b []byte) error {
	if isNull(b) {
		*l = nil
		return nil
	}
	out := make([]AuditEvent, 0, bytes.Count(b, []byte(`"type"`)))
	var err error
	ok := eachElement(b, func(val []byte) {
		if err == nil {
			var e AuditEvent
			e, err = auditEventOf(val)
			out = append(out, e)
		}
	})
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("zendesk: audit events are not a list: %.40s", b)
	}
	*l = out
	return nil
}

// isNull reports whether b is the JSON null (with any white space around it).
func isNull(b []byte) bool { return string(bytes.TrimSpace(b)) == "null" }

// Attachment is a file attached to a comment. ContentURL is where to download it; it may need
// the same credentials as the API.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket-attachments/
type Attachment struct {
	ID          int64  `json:"id"`
	URL         string `json:"url,omitempty"`
	FileName    string `json:"file_name"`
	ContentURL  string `json:"content_url"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	// Inline is true for images shown inside the comment body rather than listed below it.
	Inline bool `json:"inline,omitempty"`
}

// User is a Zendesk user as ticket listings return them, e.g. a ticket's collaborators. It
// carries the common fields only; the Users API has the full record.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/users/users/
type User struct {
	ID    int64  `json:"id"`
	URL   string `json:"url"`
	Name  string `json:"name"`
	Email string `json:"email"`
	// Role is "end-user", "agent" or "admin".
	Role           string    `json:"role"`
	Active         bool      `json:"active"`
	Verified       bool      `json:"verified"`
	Suspended      bool      `json:"suspended"`
	OrganizationID int64     `json:"organization_id"`
	Phone          string    `json:"phone"`
	TimeZone       string    `json:"time_zone"`
	Locale         string    `json:"locale"`
	LocaleID       int64     `json:"locale_id"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// UnmarshalJSON decodes a user, accepting ids as strings like [Ticket] does.
func (u *User) UnmarshalJSON(b []byte) error {
	type plain User
	w := struct {
		*plain
		ID             *flexID `json:"id"`
		OrganizationID *flexID `json:"organization_id"`
		LocaleID       *flexID `json:"locale_id"`
	}{(*plain)(u), (*flexID)(&u.ID), (*flexID)(&u.OrganizationID), (*flexID)(&u.LocaleID)}
	return json.Unmarshal(b, &w)
}

// The states of a [JobStatus]. JobCompleted, JobFailed and JobKilled are final.
const (
	JobQueued    = "queued"    // JobQueued: waiting for a worker; results are null.
	JobWorking   = "working"   // JobWorking: Progress counts up towards Total.
	JobCompleted = "completed" // JobCompleted: done; some results may still be failures.
	JobFailed    = "failed"    // JobFailed: the job as a whole failed.
	JobKilled    = "killed"    // JobKilled: stopped by Zendesk before it finished.
)

// JobStatus is the state of a background job: bulk creates, updates, deletes, spam marks and
// merges return one at once and do the work later. Poll it (JobStatusesService.Wait) until
// [JobStatus.Done].
//
// Decoding accepts every shape the API sends: total, progress and message null while queued;
// results null, an array, or an object such as {"success": true} (kept as a single result
// with Success set).
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/ticket-management/job_statuses/
type JobStatus struct {
	// ID is a string such as "V3-8b6f2c…", not a number.
	ID      string `json:"id"`
	URL     string `json:"url"`
	JobType string `json:"job_type"`
	// Status is one of JobQueued, JobWorking, JobCompleted, JobFailed, JobKilled.
	Status   string      `json:"status"`
	Message  string      `json:"message"`
	Total    int         `json:"total"`
	Progress int         `json:"progress"`
	Results  []JobResult `json:"results"`
}

// UnmarshalJSON decodes every shape described on [JobStatus].
func (j *JobStatus) UnmarshalJSON(b []byte) error {
	var w struct {
		ID       flexText        `json:"id"`
		URL      flexText        `json:"url"`
		JobType  flexText        `json:"job_type"`
		Status   flexText        `json:"status"`
		Message  flexText        `json:"message"`
		Total    flexInt         `json:"total"`
		Progress flexInt         `json:"progress"`
		Results  json.RawMessage `json:"results"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*j = JobStatus{ID: string(w.ID), URL: string(w.URL), JobType: string(w.JobType),
		Status: string(w.Status), Message: string(w.Message), Total: int(w.Total),
		Progress: int(w.Progress)}
	switch r := bytes.TrimSpace(w.Results); {
	case len(r) == 0:
	case r[0] == '[':
		return json.Unmarshal(r, &j.Results)
	case r[0] == '{':
		var one JobResult
		if err := json.Unmarshal(r, &one); err != nil {
			return err
		}
		j.Results = []JobResult{one}
	}
	return nil
}

// Done reports whether the job has ended (completed, failed or killed), so polling can stop.
func (j *JobStatus) Done() bool {
	switch j.Status {
	case JobCompleted, JobFailed, JobKilled:
		return true
	}
	return false
}

// Failures returns the results that report a failure (see [JobResult.Failed]), in the order
// the server sent them; nil when there are none. A completed job can still have failures:
// a bulk job completes even when some of its tickets could not be changed.
func (j *JobStatus) Failures() []JobResult {
	var out []JobResult
	for _, r := range j.Results {
		if r.Failed() {
			out = append(out, r)
		}
	}
	return out
}

// ResultsByIndex returns a copy of the results sorted by Index, so that result i belongs to
// input i of a bulk create (whose results arrive in any order). Results without an index, as
// updates send them, keep their order.
func (j *JobStatus) ResultsByIndex() []JobResult {
	out := slices.Clone(j.Results)
	slices.SortStableFunc(out, func(a, b JobResult) int { return cmp.Compare(a.Index, b.Index) })
	return out
}

// JobResult is the outcome of one item of a background job. A create reports Index (the
// position in the request) and ID (the new ticket); an update or delete reports ID, Action,
// Status and Success; a failure reports Error and Details. Details is kept as text: a string
// as is, any other JSON value (an object of validation errors, a list) as its JSON text.
type JobResult struct {
	ID        int64  `json:"id,omitempty"`
	Index     int    `json:"index"`
	AccountID int64  `json:"account_id,omitempty"`
	Action    string `json:"action,omitempty"`
	Status    string `json:"status,omitempty"`
	Success   bool   `json:"success"`
	Error     string `json:"error,omitempty"`
	Details   string `json:"details,omitempty"`
	// ExternalID echoes the ticket's external id for some jobs.
	ExternalID string `json:"external_id,omitempty"`
}

// UnmarshalJSON decodes a result; ids may be numbers or strings, details any JSON value. An
// entry that is not an object (never documented) is kept as Details rather than failing the
// whole job status.
func (r *JobResult) UnmarshalJSON(b []byte) error {
	if b = bytes.TrimSpace(b); len(b) == 0 || b[0] != '{' {
		var d flexText
		_ = d.UnmarshalJSON(b)
		*r = JobResult{Details: string(d)}
		return nil
	}
	var w struct {
		ID         flexID   `json:"id"`
		Index      flexInt  `json:"index"`
		AccountID  flexID   `json:"account_id"`
		Action     flexText `json:"action"`
		Status     flexText `json:"status"`
		Success    flexBool `json:"success"`
		Error      flexText `json:"error"`
		Details    flexText `json:"details"`
		ExternalID flexText `json:"external_id"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*r = JobResult{ID: int64(w.ID), Index: int(w.Index), AccountID: int64(w.AccountID),
		Action: string(w.Action), Status: string(w.Status), Success: bool(w.Success),
		Error: string(w.Error), Details: string(w.Details), ExternalID: string(w.ExternalID)}
	return nil
}

// Failed reports whether the result is a failure: it carries an error, or it is the result of
// an action (update, delete) that did not succeed. A create result has no action and no
// success flag, so it is a failure only when it carries an error.
func (r JobResult) Failed() bool {
	return r.Error != "" || strings.EqualFold(r.Status, "failed") || (r.Action != "" && !r.Success)
}

// TicketRelated is what else Zendesk knows about a ticket: the follow-ups it came from, linked
// Jira issues, and how many incidents hang on it when it is a problem.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#ticket-related-information
type TicketRelated struct {
	// TopicID is the Web portal topic the ticket came from (a retired feature; 0 when none).
	TopicID int64 `json:"topic_id"`
	// JiraIssueIDs are strings because Jira ids arrive as numbers or as issue keys.
	JiraIssueIDs      []string `json:"jira_issue_ids"`
	FollowupSourceIDs []int64  `json:"followup_source_ids"`
	FromArchive       bool     `json:"from_archive"`
	// Incidents is the number of incidents linked to this problem ticket.
	Incidents int `json:"incidents"`
}

// UnmarshalJSON decodes related information, accepting ids as numbers or strings (the
// OpenAPI spec says strings, the API sends numbers).
func (r *TicketRelated) UnmarshalJSON(b []byte) error {
	var w struct {
		TopicID           flexID          `json:"topic_id"`
		JiraIssueIDs      json.RawMessage `json:"jira_issue_ids"`
		FollowupSourceIDs flexIDs         `json:"followup_source_ids"`
		FromArchive       flexBool        `json:"from_archive"`
		Incidents         flexInt         `json:"incidents"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*r = TicketRelated{TopicID: int64(w.TopicID), FollowupSourceIDs: w.FollowupSourceIDs,
		FromArchive: bool(w.FromArchive), Incidents: int(w.Incidents)}
	var jira []flexText
	if len(w.JiraIssueIDs) > 0 && w.JiraIssueIDs[0] == '[' && json.Unmarshal(w.JiraIssueIDs, &jira) == nil {
		r.JiraIssueIDs = make([]string, len(jira))
		for i, s := range jira {
			r.JiraIssueIDs[i] = string(s)
		}
	}
	return nil
}

// TwicketStatus is the X (Twitter) state of one comment of a ticket made from a tweet. ID is
// the Zendesk comment id, not the tweet's.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/account-configuration/twitter_channel/#getting-twicket-status
type TwicketStatus struct {
	ID           int64 `json:"id"`
	Favorited    bool  `json:"favorited"`
	Retweeted    bool  `json:"retweeted"`
	UserFollowed bool  `json:"user_followed"`
}

// The lenient JSON types below let the read models survive what real traffic sends: ids as
// strings, integers where strings belong, nulls everywhere. None of them fails on valid JSON,
// and each parses its bytes directly instead of calling back into encoding/json.

// flexID is an int64 that also accepts a numeric string ("123"), an integral float (1e3), and
// null. Anything else (a non-numeric string, a bool, a list) decodes to 0 rather than failing
// the enclosing object.
type flexID int64

func (id *flexID) UnmarshalJSON(b []byte) error {
	*id = flexID(parseID(b))
	return nil
}

func parseID(b []byte) int64 {
	b = bytes.TrimSpace(b)
	if len(b) >= 2 && b[0] == '"' {
		s, ok := unquote(b)
		if !ok {
			return 0
		}
		b = bytes.TrimSpace([]byte(s))
	}
	if len(b) == 0 || !(b[0] == '-' || (b[0] >= '0' && b[0] <= '9')) {
		return 0
	}
	if n, err := strconv.ParseInt(string(b), 10, 64); err == nil {
		return n
	}
	if f, err := strconv.ParseFloat(string(b), 64); err == nil && f == math.Trunc(f) &&
		f >= math.MinInt64 && f < math.MaxInt64 {
		return int64(f)
	}
	return 0
}

// flexInt is an int with the leniency of [flexID], for counts such as a job's total.
type flexInt int

func (n *flexInt) UnmarshalJSON(b []byte) error {
	*n = flexInt(parseID(b))
	return nil
}

// flexIDs is a list of ids whose elements are decoded like [flexID]; null gives nil.
type flexIDs []int64

func (ids *flexIDs) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] != '[' {
		*ids = nil
		return nil
	}
	// The common case, numbers only, is split by hand: b is valid JSON, so without strings,
	// lists or objects inside every comma separates two elements.
	if in := b[1 : len(b)-1]; !bytes.ContainsAny(in, `"[{`) {
		if len(bytes.TrimSpace(in)) == 0 {
			*ids = []int64{}
			return nil
		}
		out := make([]int64, 0, bytes.Count(in, []byte{','})+1)
		for part := range bytes.SplitSeq(in, []byte{','}) {
			out = append(out, parseID(part))
		}
		*ids = out
		return nil
	}
	var raw []flexID
	if err := json.Unmarshal(b, &raw); err != nil {
		*ids = nil
		return nil
	}
	out := make([]int64, len(raw))
	for i, v := range raw {
		out[i] = int64(v)
	}
	*ids = out
	return nil
}

// flexText is a string that also accepts null (""), numbers and bools (their JSON text, so an
// integer channel 4 becomes "4"), and objects or lists (their compact JSON text).
type flexText string

func (s *flexText) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || string(b) == "null":
		*s = ""
	case b[0] == '"':
		v, _ := unquote(b)
		*s = flexText(v)
	case b[0] == '{' || b[0] == '[':
		var buf bytes.Buffer
		if json.Compact(&buf, b) != nil {
			*s = flexText(b)
			return nil
		}
		*s = flexText(buf.String())
	default:
		*s = flexText(b)
	}
	return nil
}

// flexBool is a bool that also accepts "true"/"false" strings and 1/0; anything else is false.
type flexBool bool

func (v *flexBool) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		s, _ := unquote(b)
		b = []byte(s)
	}
	ok, err := strconv.ParseBool(string(b))
	*v = flexBool(err == nil && ok)
	return nil
}

// flexTime is a time that accepts RFC 3339 and a bare date (2026-01-02, the form Zendesk
// accepts for due_at and which old records may echo back). null leaves it unchanged.
type flexTime time.Time

func (t *flexTime) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		return nil
	}
	s, ok := unquote(b)
	if !ok {
		return fmt.Errorf("zendesk: time is not a JSON string: %.40s", b)
	}
	for _, layout := range [...]string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
		if v, err := time.Parse(layout, s); err == nil {
			*t = flexTime(v)
			return nil
		}
	}
	return fmt.Errorf("zendesk: cannot parse time %q", s)
}

// unquote returns the content of the JSON string b; ok is false when b is not a string.
func unquote(b []byte) (string, bool) {
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return "", false
	}
	in := b[1 : len(b)-1]
	if bytes.IndexByte(in, '\\') < 0 && utf8.Valid(in) {
		return string(in), true
	}
	return unquoteSlow(b)
}

// unquoteSlow leaves escapes and invalid UTF-8 to encoding/json. It is apart from unquote
// because the string it decodes into escapes to the heap.
func unquoteSlow(b []byte) (string, bool) {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return "", false
	}
	return s, true
}

// isEmptyObject reports whether b is {} (with any white space inside).
func isEmptyObject(b []byte) bool {
	b = bytes.TrimSpace(b)
	return len(b) >= 2 && b[0] == '{' && len(bytes.TrimSpace(b[1:len(b)-1])) == 0
}

// decodeAny decodes one JSON value like encoding/json into an any, except that numbers become
// [json.Number] so they re-encode unchanged. Scalars take a fast path; lists and objects go
// through a decoder with UseNumber. Empty input (an absent key) gives nil.
func decodeAny(b []byte) (any, error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return nil, nil
	}
	switch c := b[0]; {
	case c == 'n':
		return nil, nil
	case c == 't':
		return true, nil
	case c == 'f':
		return false, nil
	case c == '"':
		s, ok := unquote(b)
		if !ok {
			return nil, fmt.Errorf("zendesk: invalid JSON string %.40s", b)
		}
		return s, nil
	case c == '-' || (c >= '0' && c <= '9'):
		return json.Number(b), nil
	}
	var err error
	note := func(e error) {
		if err == nil {
			err = e
		}
	}
	switch b[0] {
	case '[':
		l := []any{}
		if !eachElement(b, func(val []byte) {
			v, e := decodeAny(val)
			note(e)
			l = append(l, v)
		}) {
			note(errBadJSON)
		}
		return l, err
	case '{':
		m := map[string]any{}
		if !eachMember(b, func(key, val []byte) {
			v, e := decodeAny(val)
			note(e)
			m[string(key)] = v
		}) {
			note(errBadJSON)
		}
		return m, err
	}
	return nil, fmt.Errorf("zendesk: invalid JSON value %.40s", b)
}

// textOf decodes a lenient string; see [flexText].
func textOf(b []byte) string {
	var s flexText
	_ = s.UnmarshalJSON(b)
	return string(s)
}

// boolOf decodes a lenient bool; see [flexBool].
func boolOf(b []byte) bool {
	var v flexBool
	_ = v.UnmarshalJSON(b)
	return bool(v)
}
