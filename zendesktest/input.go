package zendesktest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"mime"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// opt is a request field that may be absent, null or a value: Zendesk treats the three apart
// (keep, clear, set).
type opt[T any] struct {
	set, null bool
	v         T
}

func (o *opt[T]) UnmarshalJSON(b []byte) error {
	o.set = true
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		o.null = true
		return nil
	}
	return json.Unmarshal(b, &o.v)
}

// has reports whether the field was sent with a value (not null).
func (o opt[T]) has() bool { return o.set && !o.null }

type commentInput struct {
	Body     string   `json:"body"`
	HTMLBody string   `json:"html_body"`
	Public   *bool    `json:"public"`
	AuthorID *int64   `json:"author_id"`
	Uploads  []string `json:"uploads"`
}

// blank reports whether the input holds no comment: neither body nor html_body (an html_body
// of an image alone is a comment, though it has no text).
func (c *commentInput) blank() bool { return c == nil || c.Body == "" && c.HTMLBody == "" }

func (c *commentInput) text() string {
	if c == nil {
		return ""
	}
	if c.Body != "" {
		return c.Body
	}
	return htmlText(c.HTMLBody)
}

var (
	htmlBreak     = regexp.MustCompile(`(?i)<br\s*/?>`)
	htmlParagraph = regexp.MustCompile(`(?i)</p>\s*<p[^>]*>`)
	htmlTag       = regexp.MustCompile(`<[^>]*>`)
)

// htmlText is the plain text of a comment written as html_body, as its body and plain_body
// show it: line breaks for <br>, a blank line between paragraphs, no tags, entities decoded
// *(choice: Zendesk's rendering is richer)*.
func htmlText(h string) string {
	h = htmlBreak.ReplaceAllString(h, "\n")
	h = htmlParagraph.ReplaceAllString(h, "\n\n")
	return strings.TrimSpace(html.UnescapeString(htmlTag.ReplaceAllString(h, "")))
}

// ccInput is one entry of email_ccs or followers.
type ccInput struct {
	UserID    int64  `json:"user_id"`
	UserEmail string `json:"user_email"`
	UserName  string `json:"user_name"`
	Action    string `json:"action"`
}

// ticketInput is the ticket object of a create or update request, write-only keys included.
type ticketInput struct {
	ID                      opt[int64]             `json:"id"`
	Subject                 opt[string]            `json:"subject"`
	RawSubject              opt[string]            `json:"raw_subject"`
	Comment                 *commentInput          `json:"comment"`
	Description             opt[string]            `json:"description"`
	Requester               json.RawMessage        `json:"requester"`
	RequesterID             opt[int64]             `json:"requester_id"`
	SubmitterID             opt[int64]             `json:"submitter_id"`
	AssigneeID              opt[int64]             `json:"assignee_id"`
	AssigneeEmail           opt[string]            `json:"assignee_email"`
	GroupID                 opt[int64]             `json:"group_id"`
	OrganizationID          opt[int64]             `json:"organization_id"`
	CollaboratorIDs         opt[[]int64]           `json:"collaborator_ids"`
	Collaborators           opt[[]json.RawMessage] `json:"collaborators"`
	AdditionalCollaborators opt[[]json.RawMessage] `json:"additional_collaborators"`
	FollowerIDs             opt[[]int64]           `json:"follower_ids"`
	EmailCCIDs              opt[[]int64]           `json:"email_cc_ids"`
	Followers               []ccInput              `json:"followers"`
	EmailCCs                []ccInput              `json:"email_ccs"`
	ExternalID              opt[string]            `json:"external_id"`
	Type                    opt[string]            `json:"type"`
	Priority                opt[string]            `json:"priority"`
	Status                  opt[string]            `json:"status"`
	Recipient               opt[string]            `json:"recipient"`
	ForumTopicID            opt[int64]             `json:"forum_topic_id"`
	ProblemID               opt[int64]             `json:"problem_id"`
	DueAt                   opt[string]            `json:"due_at"`
	Tags                    opt[[]string]          `json:"tags"`
	AdditionalTags          opt[[]string]          `json:"additional_tags"`
	RemoveTags              opt[[]string]          `json:"remove_tags"`
	CustomFields            opt[[]CustomField]     `json:"custom_fields"`
	Fields                  opt[[]CustomField]     `json:"fields"`
	TicketFormID            opt[int64]             `json:"ticket_form_id"`
	BrandID                 opt[int64]             `json:"brand_id"`
	CustomStatusID          opt[int64]             `json:"custom_status_id"`
	ViaFollowupSourceID     opt[int64]             `json:"via_followup_source_id"`
	Metadata                map[string]any         `json:"metadata"`
	SafeUpdate              bool                   `json:"safe_update"`
	UpdatedStamp            opt[string]            `json:"updated_stamp"`
	MacroIDs                []int64                `json:"macro_ids"`

	// The two keys of a ticket from a tweet.
	TwitterStatusMessageID   int64 `json:"twitter_status_message_id"`
	MonitoredTwitterHandleID int64 `json:"monitored_twitter_handle_id"`
}

// writable is every key a ticket body may carry; others are dropped with a warning header.
var writable = func() map[string]bool {
	m := map[string]bool{}
	t := reflect.TypeOf(ticketInput{})
	for i := range t.NumField() {
		m[strings.Split(t.Field(i).Tag.Get("json"), ",")[0]] = true
	}
	return m
}()

// decodeTicket reads one ticket object. It returns the keys Zendesk would drop: read-only or
// unknown ones, and those in readOnly (such as "id" in a single-ticket update).
func decodeTicket(raw json.RawMessage, readOnly ...string) (*ticketInput, []string, *apiError) {
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(raw, &keys); err != nil || keys == nil {
		return nil, nil, errBadRequest("InvalidValue", "ticket must be a JSON object")
	}
	var in ticketInput
	if err := json.Unmarshal(raw, &in); err != nil {
		return nil, nil, errBadRequest("InvalidValue", "Invalid ticket: "+err.Error())
	}
	var dropped []string
	for k := range keys {
		if !writable[k] || slices.Contains(readOnly, k) {
			dropped = append(dropped, k)
		}
	}
	sort.Strings(dropped)
	return &in, dropped, nil
}

// warnDropped sets the header Zendesk sends when it ignores keys of a request.
func warnDropped(w http.ResponseWriter, dropped []string) {
	if len(dropped) == 0 {
		return
	}
	b, _ := json.Marshal(dropped)
	w.Header().Set("X-Zendesk-Api-Warn",
		fmt.Sprintf("Removed restricted keys %s from parameters according to account settings.", b))
}

// readBody returns the request body (buffered by the server, and left readable again) and
// checks that a body is declared JSON.
func readBody(r *http.Request) ([]byte, *apiError) {
	b, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(b))
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, nil
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		return nil, &apiError{http.StatusUnsupportedMediaType,
			errorBody("UnsupportedMediaType", "Send JSON bodies with Content-Type: application/json")}
	}
	return b, nil
}

// decodeBody reads a JSON body into v. An empty body leaves v as it is.
func decodeBody(r *http.Request, v any) *apiError {
	b, err := readBody(r)
	if err != nil || b == nil {
		return err
	}
	if e := json.Unmarshal(b, v); e != nil {
		return errBadRequest("InvalidJSON", "The request body is not valid JSON: "+e.Error())
	}
	return nil
}

// ticketEnvelope reads {"ticket": {...}}.
func ticketEnvelope(r *http.Request, readOnly ...string) (*ticketInput, []string, *apiError) {
	raw, err := ticketObject(r)
	if err != nil {
		return nil, nil, err
	}
	return decodeTicket(raw, readOnly...)
}

// ticketObject returns the ticket object of a {"ticket": {...}} body, which must be there.
func ticketObject(r *http.Request) (json.RawMessage, *apiError) {
	var env struct {
		Ticket json.RawMessage `json:"ticket"`
	}
	if err := decodeBody(r, &env); err != nil {
		return nil, err
	}
	if len(env.Ticket) == 0 || string(env.Ticket) == "null" {
		return nil, errMissing("ticket")
	}
	return env.Ticket, nil
}
