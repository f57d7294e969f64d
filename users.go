package zendesk

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// User is a Zendesk user: end user, agent or admin, with every key of the Users API. Ticket
// listings (a ticket's collaborators, side-loads) return the same record.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/users/users/
type User struct {
	ID    int64  `json:"id"`
	URL   string `json:"url"`
	Name  string `json:"name"`
	Email string `json:"email"`
	// Role is "end-user", "agent" or "admin".
	Role string `json:"role"`
	// RoleType is the agent's role type (0 custom, 1 light agent, 2 chat, …; 0 when null).
	RoleType     int64 `json:"role_type"`
	CustomRoleID int64 `json:"custom_role_id"`
	Active       bool  `json:"active"`
	Verified     bool  `json:"verified"`
	Suspended    bool  `json:"suspended"`
	// OrganizationID is the user's default organization (0 for none).
	OrganizationID int64 `json:"organization_id"`
	// DefaultGroupID is an agent's default group (0 for none).
	DefaultGroupID int64  `json:"default_group_id"`
	Phone          string `json:"phone"`
	// SharedPhoneNumber reports whether the phone number is shared with other users.
	SharedPhoneNumber bool `json:"shared_phone_number"`
	// TimeZone is Zendesk's name of the time zone ("Eastern Time (US & Canada)");
	// IanaTimeZone its IANA name ("America/New_York").
	TimeZone     string      `json:"time_zone"`
	IanaTimeZone string      `json:"iana_time_zone"`
	Locale       string      `json:"locale"`
	LocaleID     int64       `json:"locale_id"`
	Photo        *Attachment `json:"photo"`
	ExternalID   string      `json:"external_id"`
	// Alias is the name an agent shows to end users.
	Alias     string   `json:"alias"`
	Details   string   `json:"details"`
	Notes     string   `json:"notes"`
	Signature string   `json:"signature"`
	Tags      []string `json:"tags"`
	// UserFields holds the values of the account's custom user fields, by field key.
	UserFields          map[string]any `json:"user_fields"`
	Moderator           bool           `json:"moderator"`
	OnlyPrivateComments bool           `json:"only_private_comments"`
	RestrictedAgent     bool           `json:"restricted_agent"`
	Shared              bool           `json:"shared"`
	SharedAgent         bool           `json:"shared_agent"`
	ChatOnly            bool           `json:"chat_only"`
	ReportCSV           bool           `json:"report_csv"`
	// TwoFactorAuthEnabled is false when Zendesk sends null (not known).
	TwoFactorAuthEnabled bool `json:"two_factor_auth_enabled"`
	// TicketRestriction is which tickets the user may see: "organization", "groups",
	// "assigned", "requested" or "" (none).
	TicketRestriction string     `json:"ticket_restriction"`
	LastLoginAt       *time.Time `json:"last_login_at"`
	CreatedAt         time.Time  `json:"created_at"`
	UpdatedAt         time.Time  `json:"updated_at"`
}

// UnmarshalJSON decodes a user with the tolerance of [Ticket].
func (u *User) UnmarshalJSON(b []byte) error { return unmarshal(b, u) }

// UserRequest is the body of a user create or update: every field is left out unless set, and
// [Null] clears one, as in [TicketRequest].
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/users/users/#create-or-update-user
type UserRequest struct {
	Name       Param[string] `json:"name,omitzero"`
	Email      Param[string] `json:"email,omitzero"`
	ExternalID Param[string] `json:"external_id,omitzero"`
	// Role is "end-user", "agent" or "admin".
	Role           Param[string]   `json:"role,omitzero"`
	OrganizationID Param[int64]    `json:"organization_id,omitzero"`
	Phone          Param[string]   `json:"phone,omitzero"`
	Locale         Param[string]   `json:"locale,omitzero"`
	LocaleID       Param[int64]    `json:"locale_id,omitzero"`
	TimeZone       Param[string]   `json:"time_zone,omitzero"`
	Tags           Param[[]string] `json:"tags,omitzero"`
	Details        Param[string]   `json:"details,omitzero"`
	Notes          Param[string]   `json:"notes,omitzero"`
	Verified       Param[bool]     `json:"verified,omitzero"`
	// SkipVerifyEmail creates the user without sending a verification email.
	SkipVerifyEmail Param[bool] `json:"skip_verify_email,omitzero"`
	// UserFields sets custom user fields by key; other keys keep their values.
	UserFields map[string]any `json:"user_fields,omitempty"`
}

// UsersService reaches the Users API.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/users/users/
type UsersService service

func userPath(id int64) string { return "users/" + strconv.FormatInt(id, 10) + ".json" }

// Get returns the user with id; an unknown user is an error matching [ErrNotFound].
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/users/users/#show-user
func (s *UsersService) Get(ctx context.Context, id int64) (*User, error) {
	if err := checkID("Users.Get", id); err != nil {
		return nil, err
	}
	return s.user(ctx, &request{method: http.MethodGet, path: userPath(id)})
}

// user sends r and returns the user of a `{"user"}` answer; a 2xx answer without one is a
// [*DecodeError].
func (s *UsersService) user(ctx context.Context, r *request) (*User, error) {
	u, _, err := s.userWithStatus(ctx, r)
	return u, err
}

func (s *UsersService) userWithStatus(ctx context.Context, r *request) (*User, int, error) {
	u, resp, err := doKey[User](ctx, s.client, r, "user")
	if err != nil {
		return nil, 0, err
	}
	return u, resp.StatusCode, nil
}

// GetMany returns the users with the given ids, in the order asked: Zendesk answers show_many
// in its own order, so the answer is put back in the caller's. Ids the server does not return
// are skipped; an id given twice is returned once, at its first place. More than 100 distinct
// ids are fetched in several requests of up to 100 (at most 10,000 ids, else [ErrInvalid]);
// when one fails, GetMany returns its error and no users.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/users/users/#show-many-users
func (s *UsersService) GetMany(ctx context.Context, ids []int64) ([]User, error) {
	return getManyByID(ctx, s.client, "Users.GetMany", "users/show_many.json", "users", "search or list the users instead",
		ids, func(u *User) int64 { return u.ID })
}

// maxUserSearch is how deep offset paging reaches: Zendesk refuses offsets past 10,000
// records.
const maxUserSearch = 10000

// Search returns one page of the users matching query, in Zendesk's search syntax (an email,
// a name, `email:…`, `role:agent`, `organization:…`, `tags:…`). Pages are offset pages (see
// [SearchOptions]); Count is the total. Search results lag writes by up to a few minutes.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/users/users/#search-users
func (s *UsersService) Search(ctx context.Context, query string, opts *SearchOptions) (*Page[User], error) {
	const op = "Users.Search"
	q, err := searchQuery(op, query, opts)
	if err != nil {
		return nil, err
	}
	return getPage[User](ctx, s.client, "users/search.json", "users", q)
}

func searchQuery(op, query string, opts *SearchOptions) (url.Values, error) {
	if strings.TrimSpace(query) == "" {
		return nil, invalid(op, "empty query")
	}
	q, err := opts.values(op)
	if err != nil {
		return nil, err
	}
	q.Set("query", query)
	return q, nil
}

// SearchAll iterates over every user matching query, page after page (see
// [UsersService.Search]). Offset paging reaches the first 10,000 results at most: past them the
// iteration ends with an error matching [ErrSearchLimit] instead of the request Zendesk would
// refuse.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/users/users/#search-users
func (s *UsersService) SearchAll(ctx context.Context, query string, opts *SearchOptions) iter.Seq2[User, error] {
	pastLimit := func() error {
		return fmt.Errorf("zendesk: Users.SearchAll: %w: offset paging stops at %d users; narrow the query", ErrSearchLimit, maxUserSearch)
	}
	return walkOffset(ctx, opts, maxUserSearch, pastLimit, func(ctx context.Context, o *SearchOptions) (*Page[User], error) {
		return s.Search(ctx, query, o)
	})
}

// FindByEmail returns the user whose email is email, compared without regard to case, as
// Zendesk compares emails. It searches for `email:"…"` and reads the results page after page
// until the exact match: Zendesk's search can match more than the address asked for, and only
// an exact match is returned. No such user is an error matching [ErrNotFound]; more than
// 10,000 results without the match, one matching [ErrSearchLimit]. A user's secondary emails
// are matched as search matches them. Search results lag writes by up to a few minutes: a user
// created a moment ago may not be found yet.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/users/users/#search-users
func (s *UsersService) FindByEmail(ctx context.Context, email string) (*User, error) {
	const op = "Users.FindByEmail"
	email = strings.TrimSpace(email)
	if !strings.Contains(email, "@") || strings.ContainsAny(email, " \t\r\n\"") {
		return nil, invalid(op, "%q is not an email address", email)
	}
	query := "email:" + searchPhrase(email)
	pastLimit := func() error {
		return fmt.Errorf("zendesk: %s: %w: no exact match among the first %d users the search found", op, ErrSearchLimit, maxUserSearch)
	}
	users := walkOffset(ctx, &SearchOptions{PerPage: maxPageSize}, maxUserSearch, pastLimit,
		func(ctx context.Context, o *SearchOptions) (*Page[User], error) { return s.Search(ctx, query, o) })
	for u, err := range users {
		if err != nil {
			return nil, err
		}
		if strings.EqualFold(u.Email, email) {
			return &u, nil
		}
	}
	return nil, fmt.Errorf("zendesk: %s: no user with email %q: %w", op, email, ErrNotFound)
}

// searchPhrase quotes s as one phrase of Zendesk's search syntax, with its backslashes and
// double quotes escaped, so that nothing in it reads as syntax.
func searchPhrase(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// CreateOrUpdate creates the user req describes, or updates the existing one with the same
// external id or email (Zendesk matches emails without regard to case), and reports whether the
// user was created (201) rather than updated (200). req must set Email or ExternalID. The call
// is retried after a lost answer like a PUT, since repeating it changes nothing more; a
// retried create then reports false.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/users/users/#create-or-update-user
func (s *UsersService) CreateOrUpdate(ctx context.Context, req *UserRequest) (*User, bool, error) {
	const op = "Users.CreateOrUpdate"
	if req == nil {
		return nil, false, invalid(op, "nil request")
	}
	email, hasEmail := req.Email.Get()
	ext, hasExt := req.ExternalID.Get()
	if (!hasEmail || email == "") && (!hasExt || ext == "") {
		return nil, false, invalid(op, "Email or ExternalID must be set to identify the user")
	}
	u, status, err := s.userWithStatus(ctx, &request{method: http.MethodPost, path: "users/create_or_update.json",
		body: struct {
			User *UserRequest `json:"user"`
		}{req}, safeToRetry: true})
	if err != nil {
		return nil, false, err
	}
	return u, status == http.StatusCreated, nil
}
