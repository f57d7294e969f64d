package zendesk

import "time"

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
func (r TicketRequest) MarshalJSON() ([]byte, error) { return r.appendJSON(make([]byte, 0, 256)) }

// appendJSON writes what MarshalJSON returns after b, in one pass: the members in the order
// encoding/json wrote them when MarshalJSON embedded the fields in a struct that replaced
// DueAt and UpdatedStamp (all other fields in their order, then due_at and updated_stamp).
func (r *TicketRequest) appendJSON(b []byte) ([]byte, error) {
	w := objectWriter{b: b}
	w.begin()
	w.int("id", r.ID)
	writeParam(&w, "subject", r.Subject)
	writeParam(&w, "raw_subject", r.RawSubject)
	if r.Comment != nil {
		w.key("comment")
		w.b = r.Comment.appendJSON(w.b)
	}
	if r.Requester != nil {
		w.key("requester")
		w.b = r.Requester.appendJSON(w.b)
	}
	writeParam(&w, "type", r.Type)
	writeParam(&w, "priority", r.Priority)
	writeParam(&w, "status", r.Status)
	writeParam(&w, "requester_id", r.RequesterID)
	writeParam(&w, "submitter_id", r.SubmitterID)
	writeParam(&w, "assignee_id", r.AssigneeID)
	writeParam(&w, "assignee_email", r.AssigneeEmail)
	writeParam(&w, "group_id", r.GroupID)
	writeParam(&w, "organization_id", r.OrganizationID)
	writeParam(&w, "collaborator_ids", r.CollaboratorIDs)
	writeParam(&w, "collaborators", r.Collaborators)
	writeParam(&w, "additional_collaborators", r.AdditionalCollaborators)
	writeParam(&w, "follower_ids", r.FollowerIDs)
	writeParam(&w, "email_cc_ids", r.EmailCCIDs)
	writeParam(&w, "followers", r.Followers)
	writeParam(&w, "email_ccs", r.EmailCCs)
	writeParam(&w, "external_id", r.ExternalID)
	writeParam(&w, "forum_topic_id", r.ForumTopicID)
	writeParam(&w, "problem_id", r.ProblemID)
	writeParam(&w, "tags", r.Tags)
	writeParam(&w, "additional_tags", r.AdditionalTags)
	writeParam(&w, "remove_tags", r.RemoveTags)
	writeParam(&w, "ticket_form_id", r.TicketFormID)
	writeParam(&w, "brand_id", r.BrandID)
	writeParam(&w, "custom_status_id", r.CustomStatusID)
	if r.CustomFields != nil && w.err == nil {
		w.key("custom_fields")
		w.b = append(w.b, '[')
		for i := range r.CustomFields {
			if i > 0 {
				w.b = append(w.b, ',')
			}
			if w.b, w.err = r.CustomFields[i].appendJSON(w.b); w.err != nil {
				break
			}
		}
		w.b = append(w.b, ']')
	}
	writeParam(&w, "via_followup_source_id", r.ViaFollowupSourceID)
	writeParam(&w, "safe_update", r.SafeUpdate)
	if r.Metadata != nil && w.err == nil {
		w.key("metadata")
		w.b, w.err = appendMarshal(w.b, r.Metadata)
	}
	writeWireTime(&w, "due_at", r.DueAt)
	writeWireTime(&w, "updated_stamp", r.UpdatedStamp)
	return w.end()
}

// wireTime is a time as Zendesk reads it: RFC 3339, UTC, whole seconds.
type wireTime time.Time

func (t wireTime) MarshalJSON() ([]byte, error) {
	return []byte(`"` + time.Time(t).UTC().Truncate(time.Second).Format(time.RFC3339) + `"`), nil
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

// appendJSON writes c after b as json.Marshal does.
func (c *Comment) appendJSON(b []byte) []byte {
	w := objectWriter{b: b}
	w.begin()
	w.str("body", c.Body)
	w.str("html_body", c.HTMLBody)
	writeParam(&w, "public", c.Public) // a Param[bool] never fails
	w.int("author_id", c.AuthorID)
	if len(c.Uploads) > 0 {
		w.key("uploads")
		w.b, _ = Set(c.Uploads).appendJSON(w.b) // a []string never fails
	}
	b, _ = w.end()
	return b
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

// appendJSON writes r after b as json.Marshal does.
func (r *Requester) appendJSON(b []byte) []byte {
	w := objectWriter{b: b}
	w.begin()
	w.str("name", r.Name)
	w.str("email", r.Email)
	w.int("locale_id", r.LocaleID)
	b, _ = w.end() // never fails
	return b
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
	Action CCAction `json:"action,omitempty"`
}

// appendJSON writes c after b as json.Marshal does.
func (c *CCChange) appendJSON(b []byte) []byte {
	w := objectWriter{b: b}
	w.begin()
	w.int("user_id", c.UserID)
	w.str("user_email", c.UserEmail)
	w.str("user_name", c.UserName)
	w.str("action", string(c.Action))
	b, _ = w.end() // never fails
	return b
}

// CCAction is what a [CCChange] does to its user.
type CCAction string

// The actions of a [CCChange].
const (
	CCPut    CCAction = "put"    // CCPut adds the user.
	CCDelete CCAction = "delete" // CCDelete removes the user.
)
