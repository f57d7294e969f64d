// Command webhook shows a Zendesk webhook receiver end to end, offline: it starts zendesktest
// (a fake Zendesk in this process) and a receiver built with webhook.Handler, subscribes the
// receiver to the fake's ticket events, changes a ticket through the SDK, and prints the
// events the receiver verified and decoded:
//
//	go run ./examples/webhook
//
// Against a real account the receiver is the same: mount webhook.Handler on your server with
// the webhook's signing secret (read once with c.Webhooks.SigningSecret), and subscribe the
// webhook to zen:event-type:ticket.* events in Admin Center.
package main

import (
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"os/signal"
	"strings"
	"sync"
	"time"

	"github.com/ticketsdk/zendesk"
	"github.com/ticketsdk/zendesk/webhook"
	"github.com/ticketsdk/zendesk/zendesktest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "webhook:", err)
		os.Exit(1)
	}
}

// receiver is the application's side: it keeps what it was told, one line per event.
type receiver struct {
	mu    sync.Mutex
	lines []string
}

// handle is the function given to webhook.Handler: it runs only for deliveries whose
// signature matched, with the event decoded.
func (rc *receiver) handle(_ context.Context, e *webhook.Event) error {
	if !e.IsTicket() {
		return nil // not ours; 200 so that Zendesk does not retry
	}
	t, err := e.Ticket()
	if err != nil {
		return err // 500: Zendesk delivers it again
	}
	line := fmt.Sprintf("%-32s #%d %q", strings.TrimPrefix(e.Type, "zen:event-type:"), t.ID, t.Subject)
	switch e.Type {
	case webhook.TicketCreated:
		line += fmt.Sprintf(" status %s, tags %v", t.Status, t.Tags)
	case webhook.TicketStatusChanged:
		c, err := e.StatusChange()
		if err != nil {
			return err
		}
		line += fmt.Sprintf(" %s → %s", c.Previous, c.Current)
	case webhook.TicketTagsChanged:
		c, err := e.TagsChange()
		if err != nil {
			return err
		}
		line += fmt.Sprintf(" added %v, removed %v", c.Added, c.Removed)
	case webhook.TicketCommentAdded:
		c, err := e.Comment()
		if err != nil {
			return err
		}
		line += fmt.Sprintf(" by %s (public %v): %q", c.Author.Name, c.IsPublic, c.Body)
	case webhook.TicketAgentAssignmentChanged:
		line += fmt.Sprintf(" assignee %d", t.AssigneeID)
	}
	rc.mu.Lock()
	rc.lines = append(rc.lines, line)
	rc.mu.Unlock()
	return nil
}

// run starts the fake and the receiver, changes a ticket and prints what was received.
func run(ctx context.Context, out io.Writer) error {
	srv := zendesktest.NewServer()
	defer srv.Close()
	c, err := srv.Client()
	if err != nil {
		return err
	}

	// The receiver's address is known before it serves, so the webhook can be created first
	// and its secret read back with the SDK, as a deployment does once at start-up.
	var rc receiver
	recv := httptest.NewUnstartedServer(nil)
	defer recv.Close()
	id := srv.AddWebhook("http://"+recv.Listener.Addr().String()+"/zendesk", "") // the fake makes a secret
	secret, err := c.Webhooks.SigningSecret(ctx, id)
	if err != nil {
		return err
	}
	recv.Config.Handler = webhook.Handler(secret, rc.handle)
	recv.Start()
	fmt.Fprintf(out, "fake Zendesk at %s; receiver at %s/zendesk for webhook %s\n", srv.URL, recv.URL, id)

	agent := srv.AddAgent("Ann Agent", "ann@example.com")
	t, _, err := c.Tickets.Create(ctx, &zendesk.TicketRequest{
		Subject: zendesk.Set("Printer on fire"), Tags: zendesk.Set([]string{"printer"}),
		Comment: &zendesk.Comment{Body: "The smoke is very colorful."},
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "created #%d, then assigned, commented, tagged and solved it\n", t.ID)
	if _, _, err := c.Tickets.Update(ctx, t.ID, &zendesk.TicketRequest{
		AssigneeID: zendesk.Set(agent), Status: zendesk.Set(zendesk.StatusSolved),
		Tags:    zendesk.Set([]string{"printer", "extinguished"}),
		Comment: &zendesk.Comment{Body: "Put out with the extinguisher."},
	}); err != nil {
		return err
	}

	// Deliveries are asynchronous, as Zendesk's are; the fake says when its queue is empty.
	wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := srv.WaitWebhooks(wctx); err != nil {
		return fmt.Errorf("waiting for the deliveries: %w", err)
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	fmt.Fprintf(out, "the receiver verified and handled %d events:\n", len(rc.lines))
	for _, l := range rc.lines {
		fmt.Fprintln(out, " ", l)
	}
	return nil
}
