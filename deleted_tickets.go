package zendesk

import (
	"context"
	"iter"
	"net/http"
	"strconv"
	"time"
)

// DeletedTicket is a soft-deleted ticket, as the deleted tickets list shows it. Zendesk keeps
// deleted tickets restorable for 30 days.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#list-deleted-tickets
type DeletedTicket struct {
	ID          int64  `json:"id"`
	Subject     string `json:"subject"`
	Description string `json:"description"`
	// PreviousState is the status the ticket had when it was deleted.
	PreviousState string `json:"previous_state"`
	// Actor is who deleted the ticket.
	Actor     DeletedBy `json:"actor"`
	DeletedAt time.Time `json:"deleted_at"`
}

// UnmarshalJSON decodes a deleted ticket with the tolerance of [Ticket].
func (d *DeletedTicket) UnmarshalJSON(b []byte) error { return unmarshal(b, d) }

// DeletedBy is the user who deleted a ticket.
type DeletedBy struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// UnmarshalJSON decodes the user with the tolerance of [Ticket].
func (d *DeletedBy) UnmarshalJSON(b []byte) error { return unmarshal(b, d) }

// DeletedTicketsService reaches soft-deleted tickets: list them, restore them, or destroy them
// for good. A ticket gets here through [TicketsService.Delete] or [TicketsService.DeleteMany].
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#list-deleted-tickets
type DeletedTicketsService service

func deletedPath(id int64, suffix string) string {
	return "deleted_tickets/" + strconv.FormatInt(id, 10) + suffix
}

// List returns one page of the tickets deleted in the last 30 days. Zendesk allows 10 of
// these requests a minute.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#list-deleted-tickets
func (s *DeletedTicketsService) List(ctx context.Context, opts *ListOptions) (*Page[DeletedTicket], error) {
	return listPage[DeletedTicket](ctx, s.client, "DeletedTickets.List", "deleted_tickets.json", "deleted_tickets", nil, opts)
}

// ListAll iterates over every deleted ticket, page after page (see [DeletedTicketsService.List]).
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#list-deleted-tickets
func (s *DeletedTicketsService) ListAll(ctx context.Context, opts *ListOptions) iter.Seq2[DeletedTicket, error] {
	return listAll(ctx, "DeletedTickets.ListAll", opts, s.List)
}

// Restore brings a deleted ticket back as it was. A ticket that is not deleted (or was
// destroyed) is an error matching [ErrNotFound].
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#restore-a-previously-deleted-ticket
func (s *DeletedTicketsService) Restore(ctx context.Context, id int64) error {
	if err := checkID("DeletedTickets.Restore", id); err != nil {
		return err
	}
	_, err := s.client.do(ctx, &request{method: http.MethodPut, path: deletedPath(id, "/restore.json"), emptyOK: true}, nil)
	return err
}

// RestoreMany restores up to 100 deleted tickets.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#restore-previously-deleted-tickets-in-bulk
func (s *DeletedTicketsService) RestoreMany(ctx context.Context, ids []int64) error {
	if err := checkIDs("DeletedTickets.RestoreMany", ids); err != nil {
		return err
	}
	_, err := s.client.do(ctx, &request{method: http.MethodPut, path: "deleted_tickets/restore_many.json",
		query: idsQuery(joinIDs(ids)), emptyOK: true}, nil)
	return err
}

// Destroy starts a job that deletes a soft-deleted ticket for good; it cannot be restored
// afterwards. A ticket must be deleted ([TicketsService.Delete]) first.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#delete-ticket-permanently
func (s *DeletedTicketsService) Destroy(ctx context.Context, id int64) (*JobStatus, error) {
	if err := checkID("DeletedTickets.Destroy", id); err != nil {
		return nil, err
	}
	j, _, err := doKey[JobStatus](ctx, s.client, &request{method: http.MethodDelete, path: deletedPath(id, ".json")}, "job_status")
	return j, err
}

// DestroyMany starts a job that deletes up to 100 soft-deleted tickets for good.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#delete-multiple-tickets-permanently
func (s *DeletedTicketsService) DestroyMany(ctx context.Context, ids []int64) (*JobStatus, error) {
	if err := checkIDs("DeletedTickets.DestroyMany", ids); err != nil {
		return nil, err
	}
	j, _, err := doKey[JobStatus](ctx, s.client, &request{method: http.MethodDelete, path: "deleted_tickets/destroy_many.json",
		query: idsQuery(joinIDs(ids))}, "job_status")
	return j, err
}
