package zendesk

import (
	"context"
	"net/http"
)

// ListCollaborators returns the users copied on a ticket (its CCs, and followers when the
// account has them on). The list is not paged.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#list-collaborators-for-a-ticket
func (s *TicketsService) ListCollaborators(ctx context.Context, id int64) ([]User, error) {
	if err := checkID("Tickets.ListCollaborators", id); err != nil {
		return nil, err
	}
	r := &request{method: http.MethodGet, path: ticketPath(id, "collaborators")}
	var out struct {
		Users *[]User `json:"users"`
	}
	resp, err := s.client.do(ctx, r, &out)
	if err != nil {
		return nil, err
	}
	if out.Users == nil {
		return nil, missingKey(r, resp, "users")
	}
	return *out.Users, nil
}
