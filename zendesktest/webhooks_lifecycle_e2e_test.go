package zendesktest_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/ticketsdk/zendesk"
	"github.com/ticketsdk/zendesk/webhook"
	"github.com/ticketsdk/zendesk/zendesktest"
)

func TestE2E_WebhookSoftDeleteRestoreDestroyInOrder(t *testing.T) {
	s, c := zendesktest.Start(t, zendesktest.WithJobDuration(time.Millisecond))
	ctx := context.Background()
	var col collector
	receive(t, s, "-lifecycle secret", &col)

	tk, _, err := c.Tickets.Create(ctx, &zendesk.TicketRequest{
		Subject: zendesk.Set("Short-lived"), Comment: &zendesk.Comment{Body: "Delete me"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Tickets.Delete(ctx, tk.ID); err != nil {
		t.Fatal(err)
	}
	if err := c.DeletedTickets.Restore(ctx, tk.ID); err != nil {
		t.Fatal(err)
	}
	if err := c.Tickets.Delete(ctx, tk.ID); err != nil {
		t.Fatal(err)
	}
	job, err := c.DeletedTickets.Destroy(ctx, tk.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.JobStatuses.Wait(ctx, job.ID); err != nil {
		t.Fatal(err)
	}
	wait(t, s)

	evs := col.got()
	var got []string
	for _, e := range evs {
		got = append(got, e.Type)
	}
	want := []string{webhook.TicketCreated, webhook.TicketSoftDeleted, webhook.TicketUndeleted,
		webhook.TicketSoftDeleted, webhook.TicketPermanentlyDeleted}
	if !slices.Equal(got, want) {
		t.Fatalf("events = %v, want %v", got, want)
	}
	for i, e := range evs[1:] {
		if id, err := e.TicketID(); err != nil || id != tk.ID || e.Subject != "zen:ticket:"+itoa(tk.ID) {
			t.Errorf("%s: TicketID = %d, %v; subject %q", e.Type, id, err, e.Subject)
		}
		ticket, err := e.Ticket()
		wantStatus := zendesk.Status("deleted")
		if e.Type == webhook.TicketUndeleted {
			wantStatus = tk.Status
		}
		if err != nil || ticket.ID != tk.ID || ticket.Subject != "Short-lived" || ticket.Status != wantStatus {
			t.Errorf("event %d (%s): Ticket = %+v, %v; want status %q", i+1, e.Type, ticket, err, wantStatus)
		}
		var ev struct {
			Meta struct {
				Sequence struct {
					ID       string `json:"id"`
					Position int    `json:"position"`
					Total    int    `json:"total"`
				} `json:"sequence"`
			} `json:"meta"`
		}
		if err := json.Unmarshal(e.Event, &ev); err != nil || ev.Meta.Sequence.ID == "" ||
			ev.Meta.Sequence.Position != 1 || ev.Meta.Sequence.Total != 1 {
			t.Errorf("%s: event %s, want meta.sequence 1 of 1", e.Type, e.Event)
		}
	}
}
