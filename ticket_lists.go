package zendesk

import (
	"context"
	"fmt"
	"iter"
	"net/url"
)

// List returns one page of the account's tickets (admins only; agents use the narrower lists
// below). Without SortBy the order is the server's: oldest created first.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#list-tickets
func (s *TicketsService) List(ctx context.Context, opts *ListOptions) (*Page[Ticket], error) {
	return listPage[Ticket](ctx, s.client, "Tickets.List", "tickets.json", "tickets", nil, opts)
}

// ListAll iterates over every ticket of the account, fetching a page at a time as the loop
// reaches it. It yields the error and stops when a page cannot be had.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#list-tickets
func (s *TicketsService) ListAll(ctx context.Context, opts *ListOptions) iter.Seq2[Ticket, error] {
	return listAll(ctx, "Tickets.ListAll", opts, s.List)
}

// ListByExternalID returns one page of the tickets whose external id is externalID. External
// ids need not be unique, so this is a list. An empty externalID is refused: the server would
// ignore the filter and list every ticket.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#list-tickets
func (s *TicketsService) ListByExternalID(ctx context.Context, externalID string, opts *ListOptions) (*Page[Ticket], error) {
	if externalID == "" {
		return nil, invalid("Tickets.ListByExternalID", "empty external id")
	}
	return listPage[Ticket](ctx, s.client, "Tickets.ListByExternalID", "tickets.json", "tickets",
		url.Values{"external_id": {externalID}}, opts)
}

// ListByExternalIDAll iterates over every ticket whose external id is externalID.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#list-tickets
func (s *TicketsService) ListByExternalIDAll(ctx context.Context, externalID string, opts *ListOptions) iter.Seq2[Ticket, error] {
	return listAll(ctx, "Tickets.ListByExternalIDAll", opts, func(ctx context.Context, o *ListOptions) (*Page[Ticket], error) {
		return s.ListByExternalID(ctx, externalID, o)
	})
}

// ListByOrganization returns one page of the tickets of an organization.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#list-tickets
func (s *TicketsService) ListByOrganization(ctx context.Context, orgID int64, opts *ListOptions) (*Page[Ticket], error) {
	return s.listOf(ctx, "Tickets.ListByOrganization", orgID, "organizations/%d/tickets.json", opts)
}

// ListByOrganizationAll iterates over every ticket of an organization.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#list-tickets
func (s *TicketsService) ListByOrganizationAll(ctx context.Context, orgID int64, opts *ListOptions) iter.Seq2[Ticket, error] {
	return listAll(ctx, "Tickets.ListByOrganizationAll", opts, s.pagesOf(orgID, s.ListByOrganization))
}

// ListRequested returns one page of the tickets a user requested.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#list-tickets
func (s *TicketsService) ListRequested(ctx context.Context, userID int64, opts *ListOptions) (*Page[Ticket], error) {
	return s.listOf(ctx, "Tickets.ListRequested", userID, "users/%d/tickets/requested.json", opts)
}

// ListRequestedAll iterates over every ticket a user requested.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#list-tickets
func (s *TicketsService) ListRequestedAll(ctx context.Context, userID int64, opts *ListOptions) iter.Seq2[Ticket, error] {
	return listAll(ctx, "Tickets.ListRequestedAll", opts, s.pagesOf(userID, s.ListRequested))
}

// ListCCd returns one page of the tickets a user is copied on.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#list-tickets
func (s *TicketsService) ListCCd(ctx context.Context, userID int64, opts *ListOptions) (*Page[Ticket], error) {
	return s.listOf(ctx, "Tickets.ListCCd", userID, "users/%d/tickets/ccd.json", opts)
}

// ListCCdAll iterates over every ticket a user is copied on.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#list-tickets
func (s *TicketsService) ListCCdAll(ctx context.Context, userID int64, opts *ListOptions) iter.Seq2[Ticket, error] {
	return listAll(ctx, "Tickets.ListCCdAll", opts, s.pagesOf(userID, s.ListCCd))
}

// ListAssigned returns one page of the tickets assigned to an agent.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#list-tickets
func (s *TicketsService) ListAssigned(ctx context.Context, userID int64, opts *ListOptions) (*Page[Ticket], error) {
	return s.listOf(ctx, "Tickets.ListAssigned", userID, "users/%d/tickets/assigned.json", opts)
}

// ListAssignedAll iterates over every ticket assigned to an agent.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#list-tickets
func (s *TicketsService) ListAssignedAll(ctx context.Context, userID int64, opts *ListOptions) iter.Seq2[Ticket, error] {
	return listAll(ctx, "Tickets.ListAssignedAll", opts, s.pagesOf(userID, s.ListAssigned))
}

// ListRecent returns the tickets the caller viewed recently. It has no all-pages form: the
// list is short by nature.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#list-recent-tickets
func (s *TicketsService) ListRecent(ctx context.Context, opts *ListOptions) (*Page[Ticket], error) {
	return listPage[Ticket](ctx, s.client, "Tickets.ListRecent", "tickets/recent.json", "tickets", nil, opts)
}

// ListIncidents returns one page of the incidents linked to a problem ticket.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#list-ticket-incidents
func (s *TicketsService) ListIncidents(ctx context.Context, problemID int64, opts *ListOptions) (*Page[Ticket], error) {
	return s.listOf(ctx, "Tickets.ListIncidents", problemID, "tickets/%d/incidents.json", opts)
}

// ListIncidentsAll iterates over every incident linked to a problem ticket.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#list-ticket-incidents
func (s *TicketsService) ListIncidentsAll(ctx context.Context, problemID int64, opts *ListOptions) iter.Seq2[Ticket, error] {
	return listAll(ctx, "Tickets.ListIncidentsAll", opts, s.pagesOf(problemID, s.ListIncidents))
}

// listOf fetches one page of a ticket list under an organization or user id; pathFormat holds
// one %d for the id.
func (s *TicketsService) listOf(ctx context.Context, op string, id int64, pathFormat string, opts *ListOptions) (*Page[Ticket], error) {
	if err := checkID(op, id); err != nil {
		return nil, err
	}
	return listPage[Ticket](ctx, s.client, op, fmt.Sprintf(pathFormat, id), "tickets", nil, opts)
}

// pagesOf binds the id of a one-page list method, for listAll.
func (s *TicketsService) pagesOf(id int64, list func(context.Context, int64, *ListOptions) (*Page[Ticket], error)) func(context.Context, *ListOptions) (*Page[Ticket], error) {
	return func(ctx context.Context, o *ListOptions) (*Page[Ticket], error) { return list(ctx, id, o) }
}
