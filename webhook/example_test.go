package webhook_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/ticketsdk/zendesk/webhook"
)

// A receiver for a webhook subscribed to ticket events. In production the secret comes from
// c.Webhooks.SigningSecret (once, at start-up) and the handler is mounted on your server's
// mux; here a test server plays the receiver and the example plays Zendesk.
func ExampleHandler() {
	const signingSecret = "dGhpc2lzYXNlY3JldA-"
	h := webhook.Handler(signingSecret, func(ctx context.Context, e *webhook.Event) error {
		if e.Type != webhook.TicketStatusChanged {
			return nil // answer 200 to what this receiver does not care about
		}
		t, err := e.Ticket()
		if err != nil {
			return err // 500: Zendesk delivers it again later
		}
		c, err := e.StatusChange()
		if err != nil {
			return err
		}
		fmt.Printf("ticket %d %q: %s → %s\n", t.ID, t.Subject, c.Previous, c.Current)
		return nil
	})
	receiver := httptest.NewServer(h)
	defer receiver.Close()

	// What Zendesk sends.
	body := `{"type":"zen:event-type:ticket.status_changed","account_id":1,"id":"ev1",
		"time":"2025-01-08T16:45:20Z","subject":"zen:ticket:5158",
		"detail":{"id":"5158","subject":"Printer on fire","status":"SOLVED"},
		"event":{"previous":"OPEN","current":"SOLVED"}}`
	ts := time.Now().UTC().Format(time.RFC3339)
	req, _ := http.NewRequest(http.MethodPost, receiver.URL, strings.NewReader(body))
	req.Header.Set(webhook.TimestampHeader, ts)
	req.Header.Set(webhook.SignatureHeader,
		base64.StdEncoding.EncodeToString(webhook.Sign(signingSecret, ts, []byte(body))))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		log.Fatal(err)
	}
	resp.Body.Close()
	fmt.Println(resp.Status)

	// The same delivery with a forged body.
	req, _ = http.NewRequest(http.MethodPost, receiver.URL, strings.NewReader(strings.Replace(body, "SOLVED", "CLOSED", 2)))
	req.Header.Set(webhook.TimestampHeader, ts)
	req.Header.Set(webhook.SignatureHeader,
		base64.StdEncoding.EncodeToString(webhook.Sign(signingSecret, ts, []byte(body))))
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		log.Fatal(err)
	}
	resp.Body.Close()
	fmt.Println(resp.Status)
	// Output:
	// ticket 5158 "Printer on fire": open → solved
	// 200 OK
	// 401 Unauthorized
}

// Verify alone, for a receiver that does more than Handler (its own status codes, logging of
// refused deliveries, a queue).
func ExampleVerify() {
	http.HandleFunc("POST /zendesk", func(w http.ResponseWriter, r *http.Request) {
		body, err := webhook.Verify(r, "the signing secret", 5*time.Minute)
		if err != nil {
			log.Printf("refused a delivery: %v", err) // ErrSignature, ErrExpired, ErrTooLarge
			http.Error(w, "invalid signature", http.StatusUnauthorized)
			return
		}
		e, err := webhook.ParseEvent(body)
		if err != nil {
			http.Error(w, "not an event", http.StatusBadRequest)
			return
		}
		log.Printf("event %s of type %s", e.ID, e.Type)
	})
}
