package zendesk

import (
	"net/url"
	"strings"
	"time"
)

// Sideloads are the records an answer carries next to its items when they were asked for with
// include= (side-loading): the users, groups and organizations the items refer to, each listed
// once however many items refer to it. A list the answer did not carry is nil.
//
// Zendesk API docs: https://developer.zendesk.com/documentation/ticketing/using-the-zendesk-api/side_loading/
type Sideloads struct {
	Users         []User         `json:"users,omitempty"`
	Groups        []Group        `json:"groups,omitempty"`
	Organizations []Organization `json:"organizations,omitempty"`
}

// UnmarshalJSON decodes side-loads with the tolerance of [Ticket].
func (s *Sideloads) UnmarshalJSON(b []byte) error { return unmarshal(b, s) }

// Group is a group of agents, as side-loaded with include=groups.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/groups/groups/
type Group struct {
	ID          int64  `json:"id"`
	URL         string `json:"url"`
	Name        string `json:"name"`
	Description string `json:"description"`
	// Default is true for the account's default group.
	Default bool `json:"default"`
	// Deleted is true for a group that was deleted; old tickets still refer to it.
	Deleted   bool      `json:"deleted"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// UnmarshalJSON decodes a group with the tolerance of [Ticket].
func (g *Group) UnmarshalJSON(b []byte) error { return unmarshal(b, g) }

// Organization is an organization of end users, as side-loaded with include=organizations.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/organizations/organizations/
type Organization struct {
	ID         int64  `json:"id"`
	URL        string `json:"url"`
	Name       string `json:"name"`
	ExternalID string `json:"external_id"`
	Details    string `json:"details"`
	Notes      string `json:"notes"`
	// DomainNames are the email domains whose new users join the organization.
	DomainNames []string `json:"domain_names"`
	Tags        []string `json:"tags"`
	// GroupID is the group new tickets of the organization go to (0 when none).
	GroupID int64 `json:"group_id"`
	// SharedTickets lets the organization's users see each other's tickets; SharedComments
	// lets them comment on them.
	SharedTickets  bool `json:"shared_tickets"`
	SharedComments bool `json:"shared_comments"`
	// OrganizationFields holds the values of the organization's custom fields by key; numbers
	// are json.Number, as in [CustomField].
	OrganizationFields map[string]any `json:"organization_fields"`
	CreatedAt          time.Time      `json:"created_at"`
	UpdatedAt          time.Time      `json:"updated_at"`
}

// UnmarshalJSON decodes an organization with the tolerance of [Ticket].
func (o *Organization) UnmarshalJSON(b []byte) error { return unmarshal(b, o) }

// sideloadLists are the top-level side-load lists of an answer, nil where a key did not come.
type sideloadLists struct {
	Users         *[]User         `json:"users"`
	Groups        *[]Group        `json:"groups"`
	Organizations *[]Organization `json:"organizations"`
}

// sideloads returns the lists that came, or nil when none did.
func (l *sideloadLists) sideloads() *Sideloads {
	if l.Users == nil && l.Groups == nil && l.Organizations == nil {
		return nil
	}
	s := new(Sideloads)
	if l.Users != nil {
		s.Users = *l.Users
	}
	if l.Groups != nil {
		s.Groups = *l.Groups
	}
	if l.Organizations != nil {
		s.Organizations = *l.Organizations
	}
	return s
}

// includeQuery returns the include= query of a call that side-loads the named records (nil for
// none), refusing a name that is empty or could smuggle another name or key in.
func includeQuery(op string, include []string) (url.Values, error) {
	if len(include) == 0 {
		return nil, nil
	}
	for _, name := range include {
		if name == "" {
			return nil, invalid(op, "empty include name")
		}
		for _, r := range name {
			if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '_' || r == '-') {
				return nil, invalid(op, "include name %q: only letters, digits, '_' and '-' are allowed", name)
			}
		}
	}
	return url.Values{"include": {strings.Join(include, ",")}}, nil
}
