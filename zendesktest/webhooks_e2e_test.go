package zendesktest_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ticketsdk/zendesk"
	"github.com/ticketsdk/zendesk/webhook"
	"github.com/ticketsdk/zendesk/zendesktest"
)

// collector is a receiver built with webhook.Handler that keeps the events it accepted.
type collector struct {
	mu     sync.Mutex
	events []*webhook.Event
	calls  int
	fail   func(call int, e *webhook.Event) error
}

func (c *collector) handle(_ context.Context, e *webhook.Event) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls++
	if c.fail != nil {
		if err := c.fail(c.calls, e); err != nil {
			return err
		}
	}
	c.events = append(c.events, e)
	return nil
}

func (c *collector) got() []*webhook.Event {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.events)
}

func receive(t *testing.T, s *zendesktest.Server, secret string, c *collector) string {
	t.Helper()
	rc := httptest.NewServer(webhook.Handler(secret, c.handle))
	t.Cleanup(rc.Close)
	return s.AddWebhook(rc.URL, secret)
}

func wait(t *testing.T, s *zendesktest.Server) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.WaitWebhooks(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestE2E_WebhookDeliveriesVerifiedByHandler(t *testing.T) {
	s, c := zendesktest.Start(t)
	ctx := context.Background()
	var col collector
	receive(t, s, "-webhook secret", &col)
	agent := s.AddAgent("Ann Agent", "ann@example.com")

	tk, _, err := c.Tickets.Create(ctx, &zendesk.TicketRequest{
		Subject: zendesk.Set("Printer on fire"), Tags: zendesk.Set([]string{"printer"}),
		Comment: &zendesk.Comment{Body: "Smoke everywhere"},
	})
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = c.Tickets.Update(ctx, tk.ID, &zendesk.TicketRequest{
		Status: zendesk.Set(zendesk.StatusSolved), AssigneeID: zendesk.Set(agent),
		Tags: zendesk.Set([]string{"printer", "fixed"}), Comment: &zendesk.Comment{Body: "Put it out"},
	})
	if err != nil {
		t.Fatal(err)
	}
	wait(t, s)
	now, err := c.Tickets.Get(ctx, tk.ID)
	if err != nil {
		t.Fatal(err)
	}

	evs := col.got()
	var got []string
	for _, e := range evs {
		got = append(got, e.Type)
	}
	want := []string{webhook.TicketCreated, webhook.TicketCommentAdded, webhook.TicketStatusChanged,
		webhook.TicketAgentAssignmentChanged, webhook.TicketTagsChanged}
	if !slices.Equal(got, want) {
		t.Fatalf("events = %v, want %v", got, want)
	}
	first, err := evs[0].Ticket()
	if err != nil || first.ID != tk.ID || first.Status != tk.Status || first.Status == "" || first.Subject != "Printer on fire" ||
		first.Description != "Smoke everywhere" || !slices.Equal(first.Tags, []string{"printer"}) {
		t.Errorf("created event's ticket = %+v, %v", first, err)
	}
	last, err := evs[4].Ticket()
	if err != nil || last.ID != now.ID || last.Status != now.Status || last.AssigneeID != now.AssigneeID ||
		last.RequesterID != now.RequesterID || !slices.Equal(last.Tags, now.Tags) || !last.UpdatedAt.Equal(now.UpdatedAt) ||
		last.TicketFormID != now.TicketFormID || last.CustomStatusID != now.CustomStatusID || last.BrandID != now.BrandID {
		t.Errorf("last event's ticket = %+v, %v; the API says %+v", last, err, now)
	}
	if id, err := evs[4].TicketID(); id != tk.ID || err != nil {
		t.Errorf("TicketID = %d, %v", id, err)
	}
	if cm, err := evs[1].Comment(); err != nil || cm.Body != "Put it out" || !cm.Author.IsStaff || cm.ID == 0 {
		t.Errorf("Comment = %+v, %v", cm, err)
	}
	if sc, err := evs[2].StatusChange(); err != nil || sc.Previous != tk.Status || sc.Current != zendesk.StatusSolved {
		t.Errorf("StatusChange = %+v, %v", sc, err)
	}
	if tc, err := evs[4].TagsChange(); err != nil || !slices.Equal(tc.Added, []string{"fixed"}) || len(tc.Removed) != 0 {
		t.Errorf("TagsChange = %+v, %v", tc, err)
	}
}

func TestE2E_WebhookRetriedAfterHandlerFails(t *testing.T) {
	s, c := zendesktest.Start(t)
	ctx := context.Background()
	col := collector{fail: func(call int, _ *webhook.Event) error {
		if call == 1 {
			return errors.New("database busy") // 500: the fake delivers again
		}
		return nil
	}}
	receive(t, s, "secret", &col)
	tk, _, err := c.Tickets.Create(ctx, &zendesk.TicketRequest{Comment: &zendesk.Comment{Body: "Help"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Tickets.Update(ctx, tk.ID, &zendesk.TicketRequest{Priority: zendesk.Set(zendesk.PriorityHigh)}); err != nil {
		t.Fatal(err)
	}
	wait(t, s)
	evs := col.got()
	if col.calls != 3 || len(evs) != 2 || evs[0].Type != webhook.TicketCreated || evs[1].Type != webhook.TicketPriorityChanged {
		t.Fatalf("%d calls, accepted %d events; want the create retried once, then the priority change", col.calls, len(evs))
	}
}

func TestE2E_WebhookWithAnotherSecretIsRefused(t *testing.T) {
	s, c := zendesktest.Start(t)
	var col collector
	rc := httptest.NewServer(webhook.Handler("the receiver's secret", col.handle))
	t.Cleanup(rc.Close)
	s.AddWebhook(rc.URL, "the webhook's secret")
	if _, _, err := c.Tickets.Create(context.Background(), &zendesk.TicketRequest{Comment: &zendesk.Comment{Body: "Help"}}); err != nil {
		t.Fatal(err)
	}
	wait(t, s)
	if col.calls != 0 {
		t.Fatalf("the handler accepted %d deliveries signed with another secret", col.calls)
	}
}

func TestE2E_SigningSecretReadBackThroughTheSDK(t *testing.T) {
	s, c := zendesktest.Start(t)
	ctx := context.Background()
	var col collector
	recv := httptest.NewUnstartedServer(nil)
	t.Cleanup(recv.Close)
	id := s.AddWebhook("http://"+recv.Listener.Addr().String(), "") // a generated secret
	secret, err := c.Webhooks.SigningSecret(ctx, id)
	if err != nil || len(secret) < 32 {
		t.Fatalf("SigningSecret = %q, %v", secret, err)
	}
	recv.Config.Handler = webhook.Handler(secret, col.handle)
	recv.Start()
	if _, _, err := c.Tickets.Create(ctx, &zendesk.TicketRequest{Comment: &zendesk.Comment{Body: "Help"}}); err != nil {
		t.Fatal(err)
	}
	wait(t, s)
	if evs := col.got(); len(evs) != 1 || evs[0].Type != webhook.TicketCreated {
		t.Fatalf("accepted %d events, want the one ticket.created", len(evs))
	}
	if _, err := c.Webhooks.SigningSecret(ctx, "01NOSUCHWEBHOOK"); !errors.Is(err, zendesk.ErrNotFound) {
		t.Errorf("SigningSecret of an unknown webhook = %v, want ErrNotFound", err)
	}
}
