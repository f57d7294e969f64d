package zendesktest

import (
	"net/http"
	"net/url"
	"time"
)

// Ticket is a ticket as the server sends it: every key of a real answer, nulls included. The
// fake keeps its own types, apart from the SDK's, so that SDK decoding bugs show.
type Ticket struct {
	ID                   int64          `json:"id"`
	URL                  string         `json:"url"`
	ExternalID           *string        `json:"external_id"`
	Type                 *string        `json:"type"`
	Subject              string         `json:"subject"`
	RawSubject           string         `json:"raw_subject"`
	Description          string         `json:"description"`
	Priority             *string        `json:"priority"`
	Status               string         `json:"status"`
	Recipient            *string        `json:"recipient"`
	RequesterID          int64          `json:"requester_id"`
	SubmitterID          int64          `json:"submitter_id"`
	AssigneeID           *int64         `json:"assignee_id"`
	OrganizationID       *int64         `json:"organization_id"`
	GroupID              *int64         `json:"group_id"`
	CollaboratorIDs      []int64        `json:"collaborator_ids"`
	FollowerIDs          []int64        `json:"follower_ids"`
	EmailCCIDs           []int64        `json:"email_cc_ids"`
	ForumTopicID         *int64         `json:"forum_topic_id"`
	ProblemID            *int64         `json:"problem_id"`
	HasIncidents         bool           `json:"has_incidents"`
	IsPublic             bool           `json:"is_public"`
	DueAt                *time.Time     `json:"due_at"`
	Tags                 []string       `json:"tags"`
	CustomFields         []CustomField  `json:"custom_fields"`
	Fields               []CustomField  `json:"fields"`
	SatisfactionRating   map[string]any `json:"satisfaction_rating"`
	SharingAgreementIDs  []int64        `json:"sharing_agreement_ids"`
	FollowupIDs          []int64        `json:"followup_ids"`
	TicketFormID         *int64         `json:"ticket_form_id"`
	BrandID              *int64         `json:"brand_id"`
	CustomStatusID       *int64         `json:"custom_status_id"`
	AllowChannelback     bool           `json:"allow_channelback"`
	AllowAttachments     bool           `json:"allow_attachments"`
	FromMessagingChannel bool           `json:"from_messaging_channel"`
	GeneratedTimestamp   int64          `json:"generated_timestamp"`
	Via                  Via            `json:"via"`
	CreatedAt            time.Time      `json:"created_at"`
	UpdatedAt            time.Time      `json:"updated_at"`

	// changed orders the ticket's last change among all changes the fake has made: updated_at
	// counts whole seconds, so it breaks ties between tickets changed within one second.
	changed int64
}

// CustomField is one custom field value of a ticket; Value is whatever JSON the client sent
// (string, number, bool, list of strings or null) and goes back unchanged.
type CustomField struct {
	ID    int64 `json:"id"`
	Value any   `json:"value"`
}

// Via says how a ticket or audit came to be.
type Via struct {
	Channel string    `json:"channel"`
	Source  ViaSource `json:"source"`
}

// ViaSource is the source of a [Via]; From and To are often empty objects, Rel often null.
type ViaSource struct {
	From map[string]any `json:"from"`
	To   map[string]any `json:"to"`
	Rel  *string        `json:"rel"`
}

// User is a user as the server sends it, with every key of the Users API (nulls included),
// in a ticket's collaborator list as in the Users endpoints.
type User struct {
	ID                   int64          `json:"id"`
	URL                  string         `json:"url"`
	Name                 string         `json:"name"`
	Email                string         `json:"email"`
	Role                 string         `json:"role"` // "end-user", "agent" or "admin"
	RoleType             *int64         `json:"role_type"`
	CustomRoleID         *int64         `json:"custom_role_id"`
	Active               bool           `json:"active"`
	Suspended            bool           `json:"suspended"`
	Verified             bool           `json:"verified"`
	OrganizationID       *int64         `json:"organization_id"`
	DefaultGroupID       *int64         `json:"default_group_id"`
	LocaleID             int64          `json:"locale_id"`
	Locale               string         `json:"locale"`
	TimeZone             string         `json:"time_zone"`
	IanaTimeZone         string         `json:"iana_time_zone"`
	Phone                *string        `json:"phone"`
	SharedPhoneNumber    *bool          `json:"shared_phone_number"`
	Photo                map[string]any `json:"photo"`
	ExternalID           *string        `json:"external_id"`
	Alias                string         `json:"alias"`
	Details              string         `json:"details"`
	Notes                string         `json:"notes"`
	Signature            *string        `json:"signature"`
	Tags                 []string       `json:"tags"`
	UserFields           map[string]any `json:"user_fields"`
	Moderator            bool           `json:"moderator"`
	OnlyPrivateComments  bool           `json:"only_private_comments"`
	RestrictedAgent      bool           `json:"restricted_agent"`
	Shared               bool           `json:"shared"`
	SharedAgent          bool           `json:"shared_agent"`
	ChatOnly             bool           `json:"chat_only"`
	ReportCSV            bool           `json:"report_csv"`
	TwoFactorAuthEnabled *bool          `json:"two_factor_auth_enabled"`
	TicketRestriction    *string        `json:"ticket_restriction"`
	LastLoginAt          *time.Time     `json:"last_login_at"`
	CreatedAt            time.Time      `json:"created_at"`
	UpdatedAt            time.Time      `json:"updated_at"`
}

// Audit is one recorded change of a ticket, with its events.
type Audit struct {
	ID        int64         `json:"id"`
	TicketID  int64         `json:"ticket_id"`
	CreatedAt time.Time     `json:"created_at"`
	AuthorID  int64         `json:"author_id"`
	Metadata  AuditMetadata `json:"metadata"`
	Via       Via           `json:"via"`
	Events    []AuditEvent  `json:"events"`
}

// AuditMetadata holds the metadata a client sent with a change (Custom) and the server's own
// (System).
type AuditMetadata struct {
	Custom map[string]any `json:"custom"`
	System map[string]any `json:"system"`
}

// AuditEvent is one event of an audit as sent: "type" is "Comment", "Create" or "Change";
// comments carry id, author_id, body, html_body, plain_body, public and attachments; field
// events carry field_name, value and (for Change) previous_value.
type AuditEvent map[string]any

// Request is one request the server received, for tests that check what went over the wire.
type Request struct {
	Method string
	Path   string // as sent, e.g. /api/v2/tickets.json
	Query  url.Values
	Header http.Header
	Body   []byte
	Status int // the status answered; 0 when the connection was dropped
}
