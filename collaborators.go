package zendesk

import (
	"context"
	"net/http"
	"strconv"
)

// ListCollaborators returns the users copied on a ticket (its CCs, and followers when the
// account has them on). The list is not paged.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#list-collaborators-for-a-ticket
func (s *TicketsService) ListCollaborators(ctx context.Context, id int64) ([]User, error) {
	if err := checkID("Tickets.ListCollaborators", id); err != nil {
		return nil, err
	}
	users, _, err := doKey[[]User](ctx, s.client, &request{method: http.MethodGet, path: ticketPath(id, "collaborators")}, "users")
	if err != nil {
		return nil, err
	}
	return *users, nil
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
func (c Collaborator) MarshalJSON() ([]byte, error) { return c.appendJSON(nil), nil }

// appendJSON writes what MarshalJSON returns after b.
func (c Collaborator) appendJSON(b []byte) []byte {
	switch {
	case c.name != "":
		b = append(b, `{"name":`...)
		b = appendJSONString(b, c.name)
		b = append(b, `,"email":`...)
		b = appendJSONString(b, c.email)
		return append(b, '}')
	case c.email != "":
		return appendJSONString(b, c.email)
	case c.id != 0:
		return strconv.AppendInt(b, c.id, 10)
	}
	return append(b, "null"...)
}

// UnmarshalJSON reads any of the three forms. A string is always an email, never an id, as
// the API reads it; a value of any other type is an error.
func (c *Collaborator) UnmarshalJSON(b []byte) error { return unmarshal(b, c) }
