package zendesk

import (
	"context"
	"net/http"
	"strconv"
	"time"
)

// TicketsService reaches the ticket endpoints: list, show, create, update, merge, spam, delete
// and their bulk forms.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/
type TicketsService service

// ticketPath is "tickets/{id}.json", or "tickets/{id}/{sub}.json" when sub is given.
func ticketPath(id int64, sub string) string {
	p := "tickets/" + strconv.FormatInt(id, 10)
	if sub != "" {
		p += "/" + sub
	}
	return p + ".json"
}

// Get returns one ticket.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#show-ticket
func (s *TicketsService) Get(ctx context.Context, id int64) (*Ticket, error) {
	if err := checkID("Tickets.Get", id); err != nil {
		return nil, err
	}
	t, _, err := s.ticketAnswer(ctx, &request{method: http.MethodGet, path: ticketPath(id, "")})
	return t, err
}

// GetWith returns one ticket with the records it refers to, side-loaded in the same request:
// include names them ("users", "groups", "organizations"; other side-loads Zendesk offers,
// such as "comment_count", arrive inside the ticket and are not modelled). The side-loads are
// nil when the answer carries none of the three lists. Names must be non-empty and made of
// letters, digits, '_' and '-' ([ErrInvalid] otherwise).
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#show-ticket
func (s *TicketsService) GetWith(ctx context.Context, id int64, include ...string) (*Ticket, *Sideloads, error) {
	const op = "Tickets.GetWith"
	if err := checkID(op, id); err != nil {
		return nil, nil, err
	}
	q, err := includeQuery(op, include)
	if err != nil {
		return nil, nil, err
	}
	r := &request{method: http.MethodGet, path: ticketPath(id, ""), query: q}
	var out ticketAnswerBody
	resp, err := s.client.do(ctx, r, &out)
	if err != nil {
		return nil, nil, err
	}
	if out.Ticket == nil {
		return nil, nil, s.client.missingKey(r, resp, "ticket")
	}
	return out.Ticket, out.sideloads(), nil
}

// GetMany returns the tickets with the given ids, in the order asked. Ids the server does not
// return (deleted, archived, or never existing) are skipped, so the result can be shorter than
// ids. An id given twice is asked for and returned once, at its first place. More than 100
// distinct ids are fetched in several requests of up to 100; if one of them fails, GetMany
// returns its error and no tickets. More than 10,000 ids are refused ([ErrInvalid]).
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#show-multiple-tickets
func (s *TicketsService) GetMany(ctx context.Context, ids []int64) ([]Ticket, error) {
	return getManyByID(ctx, s.client, "Tickets.GetMany", "tickets/show_many.json", "tickets", "list the tickets instead",
		ids, func(t *Ticket) int64 { return t.ID })
}

// Create creates a ticket and returns it with the audit of its creation. req.Comment is the
// first comment (the description) and is required by the server; req.ID is not sent.
//
// The request carries an Idempotency-Key header, so it is retried after a 5xx or a lost
// connection without the risk of a second ticket: the key given with
// [ContextWithIdempotencyKey], else a fresh random key for this call, reused by its retries.
// The audit is nil when the server sends none; a 2xx answer without a ticket gives a
// [*DecodeError] whose StatusCode shows the ticket was created.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#create-ticket
func (s *TicketsService) Create(ctx context.Context, req *TicketRequest) (*Ticket, *Audit, error) {
	const op = "Tickets.Create"
	if req == nil {
		return nil, nil, invalid(op, "nil ticket request")
	}
	if ctx == nil {
		return nil, nil, invalid(op, "nil context")
	}
	key := idempotencyKey(ctx)
	if key == "" {
		return nil, nil, invalid(op, "empty idempotency key")
	}
	return s.ticketAnswer(ctx, &request{method: http.MethodPost, path: "tickets.json",
		body: ticketWrap{withoutID(req)}, idempotencyKey: key})
}

// CreateMany starts a background job that creates up to 100 tickets. The job's results give
// each new ticket's id by the index of its request (see [JobStatus.ResultsByIndex]). The ID
// field of the requests is not sent.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#create-many-tickets
func (s *TicketsService) CreateMany(ctx context.Context, tickets []TicketRequest) (*JobStatus, error) {
	if err := checkBulk("Tickets.CreateMany", len(tickets)); err != nil {
		return nil, err
	}
	body := make([]TicketRequest, len(tickets))
	for i := range tickets {
		body[i] = withoutID(&tickets[i])
	}
	return s.job(ctx, &request{method: http.MethodPost, path: "tickets/create_many.json",
		body: struct {
			Tickets []TicketRequest `json:"tickets"`
		}{body}})
}

// Update changes a ticket and returns it with the audit of the change. Only the fields set in
// req are sent (use [Null] to clear one); req.ID is not sent, the id goes in the path. With
// SafeUpdate and UpdatedStamp set, a ticket changed by someone else since UpdatedStamp is not
// overwritten and the error matches [ErrConflict]. The audit is nil when the server sends
// none; a 2xx answer without a ticket gives a [*DecodeError].
//
// An update is retried like every PUT, except one whose req carries a Comment: a comment is not
// idempotent, and a repeat would post it twice. Such an update is retried only where the
// server cannot have acted (a 429 or 503, a connection that failed before anything was sent).
// When its answer is lost after it may have reached Zendesk (a connection reset, a timeout),
// the error matches [ErrOutcomeUnknown]: read the ticket (or its audits) before sending it
// again. A 5xx answer to it is returned as it is, not retried.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#update-ticket
func (s *TicketsService) Update(ctx context.Context, id int64, req *TicketRequest) (*Ticket, *Audit, error) {
	if err := checkID("Tickets.Update", id); err != nil {
		return nil, nil, err
	}
	if req == nil {
		return nil, nil, invalid("Tickets.Update", "nil ticket request")
	}
	return s.ticketAnswer(ctx, &request{method: http.MethodPut, path: ticketPath(id, ""),
		body: ticketWrap{withoutID(req)}, onceOnly: req.Comment != nil})
}

// UpdateMany starts a background job that makes the same change to up to 100 tickets. Tags
// are best changed with AdditionalTags and RemoveTags here, since Tags would replace every
// ticket's tags. req.ID is not sent. With a Comment, it is retried as [TicketsService.Update]
// with a comment is: never where Zendesk may already have acted ([ErrOutcomeUnknown]).
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#update-many-tickets
func (s *TicketsService) UpdateMany(ctx context.Context, ids []int64, req *TicketRequest) (*JobStatus, error) {
	if err := checkIDs("Tickets.UpdateMany", ids); err != nil {
		return nil, err
	}
	if req == nil {
		return nil, invalid("Tickets.UpdateMany", "nil ticket request")
	}
	return s.job(ctx, &request{method: http.MethodPut, path: "tickets/update_many.json",
		query: idsQuery(joinIDs(ids)), body: ticketWrap{withoutID(req)}, onceOnly: req.Comment != nil})
}

// UpdateManyEach starts a background job that makes a different change to each of up to 100
// tickets: every entry names its ticket in ID, which must be set. When an entry carries a
// Comment, it is retried as [TicketsService.Update] with a comment is.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#update-many-tickets
func (s *TicketsService) UpdateManyEach(ctx context.Context, tickets []TicketRequest) (*JobStatus, error) {
	const op = "Tickets.UpdateManyEach"
	if err := checkBulk(op, len(tickets)); err != nil {
		return nil, err
	}
	onceOnly := false
	for i, t := range tickets {
		if t.ID <= 0 {
			return nil, invalid(op, "entry %d: ID must be positive, got %d", i, t.ID)
		}
		onceOnly = onceOnly || t.Comment != nil
	}
	return s.job(ctx, &request{method: http.MethodPut, path: "tickets/update_many.json",
		body: struct {
			Tickets []TicketRequest `json:"tickets"`
		}{tickets}, onceOnly: onceOnly})
}

// MarkAsSpam marks a ticket as spam and suspends its requester.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#mark-ticket-as-spam-and-suspend-requester
func (s *TicketsService) MarkAsSpam(ctx context.Context, id int64) error {
	if err := checkID("Tickets.MarkAsSpam", id); err != nil {
		return err
	}
	_, err := s.client.put(ctx, ticketPath(id, "mark_as_spam"), nil, emptyObject{}, nil)
	return err
}

// MarkManyAsSpam starts a background job that marks up to 100 tickets as spam and suspends
// their requesters.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#bulk-mark-tickets-as-spam
func (s *TicketsService) MarkManyAsSpam(ctx context.Context, ids []int64) (*JobStatus, error) {
	if err := checkIDs("Tickets.MarkManyAsSpam", ids); err != nil {
		return nil, err
	}
	return s.job(ctx, &request{method: http.MethodPut, path: "tickets/mark_many_as_spam.json",
		query: idsQuery(joinIDs(ids)), body: emptyObject{}})
}

// Merge starts a background job that merges the tickets req.IDs (1 to 100, not targetID
// itself) into targetID, closing them. Zendesk documents no limit of its own for a merge, so
// the SDK holds it to the 100 of every bulk call; tickets that cannot be merged (closed,
// shared, or not the caller's to merge) are refused in the job's results.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#merge-tickets-into-target-ticket
func (s *TicketsService) Merge(ctx context.Context, targetID int64, req *MergeRequest) (*JobStatus, error) {
	const op = "Tickets.Merge"
	if err := checkID(op, targetID); err != nil {
		return nil, err
	}
	if req == nil {
		return nil, invalid(op, "nil merge request")
	}
	if err := checkIDs(op, req.IDs); err != nil {
		return nil, err
	}
	for _, id := range req.IDs {
		if id == targetID {
			return nil, invalid(op, "ticket %d cannot be merged into itself", id)
		}
	}
	return s.job(ctx, &request{method: http.MethodPost, path: ticketPath(targetID, "merge"), body: req})
}

// Related returns what else Zendesk knows about a ticket: follow-up sources, Jira links and,
// for a problem, the number of its incidents.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#ticket-related-information
func (s *TicketsService) Related(ctx context.Context, id int64) (*TicketRelated, error) {
	if err := checkID("Tickets.Related", id); err != nil {
		return nil, err
	}
	var r TicketRelated
	if _, err := s.client.get(ctx, ticketPath(id, "related"), nil, &r); err != nil {
		return nil, err
	}
	return &r, nil
}

// Delete deletes a ticket. Deleted tickets can be restored for 30 days (Deleted Tickets API).
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#delete-ticket
func (s *TicketsService) Delete(ctx context.Context, id int64) error {
	if err := checkID("Tickets.Delete", id); err != nil {
		return err
	}
	_, err := s.client.delete(ctx, ticketPath(id, ""), nil, nil)
	return err
}

// DeleteMany starts a background job that deletes up to 100 tickets. When the server answers
// 200 without a job status (an empty body, as older API documentation shows it), the deletion
// was accepted with no job to follow: the result is then a JobStatus with no ID, Status
// [JobCompleted] and Total the number of ids, never nil.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#bulk-delete-tickets
func (s *TicketsService) DeleteMany(ctx context.Context, ids []int64) (*JobStatus, error) {
	if err := checkIDs("Tickets.DeleteMany", ids); err != nil {
		return nil, err
	}
	var out jobAnswer
	r := &request{method: http.MethodDelete, path: "tickets/destroy_many.json", query: idsQuery(joinIDs(ids)), emptyOK: true}
	if _, err := s.client.do(ctx, r, &out); err != nil {
		return nil, err
	}
	if out.JobStatus == nil {
		return &JobStatus{Status: JobCompleted, Total: len(ids)}, nil
	}
	return out.JobStatus, nil
}

// ticketWrap is the `{"ticket": …}` body of a create or update.
type ticketWrap struct {
	Ticket TicketRequest `json:"ticket"`
}

func (w ticketWrap) encodeJSON() ([]byte, error) {
	b := make([]byte, 0, 512)
	b = append(b, `{"ticket":`...)
	b, err := w.Ticket.appendJSON(b)
	if err != nil {
		return nil, err
	}
	return append(b, '}'), nil
}

// emptyObject is the `{}` body the spam endpoints are documented with.
type emptyObject struct{}

// jobAnswer is the `{"job_status": …}` answer of a bulk call.
type jobAnswer struct {
	JobStatus *JobStatus `json:"job_status"`
}

// withoutID returns a copy of req without its ID: the id is read-only in a create or a
// single-ticket update, and Zendesk drops it with a warning.
func withoutID(req *TicketRequest) TicketRequest {
	r := *req
	r.ID = 0
	return r
}

// checkBulk refuses a bulk call with no items or more than the API takes.
func checkBulk(op string, n int) error {
	if n == 0 {
		return invalid(op, "no tickets")
	}
	if n > maxBulk {
		return invalid(op, "at most %d tickets per call, got %d", maxBulk, n)
	}
	return nil
}

// ticketAnswer sends r and returns the ticket and audit of a `{"ticket", "audit"}` answer. A
// 2xx answer without a ticket is a *DecodeError, never a nil ticket with a nil error.
func (s *TicketsService) ticketAnswer(ctx context.Context, r *request) (*Ticket, *Audit, error) {
	var out ticketAnswerBody
	resp, err := s.client.do(ctx, r, &out)
	if err != nil {
		return nil, nil, err
	}
	if out.Ticket == nil {
		return nil, out.Audit, s.client.missingKey(r, resp, "ticket")
	}
	return out.Ticket, out.Audit, nil
}

// ticketAnswerBody is a `{"ticket", "audit"}` answer, with the side-loads a GetWith asked for.
type ticketAnswerBody struct {
	Ticket *Ticket `json:"ticket"`
	Audit  *Audit  `json:"audit"`
	sideloadLists
}

// job sends r and returns the job status of its `{"job_status": …}` answer; an answer without
// one is a *DecodeError.
func (s *TicketsService) job(ctx context.Context, r *request) (*JobStatus, error) {
	j, _, err := doKey[JobStatus](ctx, s.client, r, "job_status")
	return j, err
}

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
// keys are ignored, every field accepts null, ids also arrive as JSON strings or floats ("123"
// and 1e3 decode to 123 and 1000; a string that is not a number decodes to 0), text fields take
// numbers and bools as their JSON text, bools take "true" and "false", unknown enum values are
// kept, and custom field values keep whatever type they had. Keys match exactly as the API
// spells them. Two things are refused, with a [*DecodeError], so that no answer costs more
// than its size: a value kept as a Go any (a custom field value, an audit event's value)
// nested deeper than 64 levels, and an answer longer than [WithMaxResponseBytes].
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

// UnmarshalJSON decodes a ticket with the tolerance described on [Ticket], so a ticket read
// with encoding/json from a cache, a queue or a webhook body is read as the SDK reads the
// API's answers.
func (t *Ticket) UnmarshalJSON(b []byte) error { return unmarshal(b, t) }

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
func (r *SatisfactionRating) UnmarshalJSON(b []byte) error { return unmarshal(b, r) }

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
func (f *CustomField) UnmarshalJSON(b []byte) error { return unmarshal(b, f) }

// appendJSON writes f after b as json.Marshal does.
func (f *CustomField) appendJSON(b []byte) ([]byte, error) {
	b = append(b, `{"id":`...)
	b = strconv.AppendInt(b, f.ID, 10)
	b = append(b, `,"value":`...)
	b, err := appendAny(b, f.Value)
	if err != nil {
		return nil, err
	}
	return append(b, '}'), nil
}

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
func (r *TicketRelated) UnmarshalJSON(b []byte) error { return unmarshal(b, r) }
