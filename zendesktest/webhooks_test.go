package zendesktest

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// hit is one delivery attempt a receiver saw.
type hit struct {
	header http.Header
	body   []byte
	at     time.Time
}

// receiver records every attempt and answers with answer(n), n counting attempts from 0.
type receiver struct {
	*httptest.Server
	mu   sync.Mutex
	hits []hit
}

func newReceiver(t *testing.T, answer func(n int, w http.ResponseWriter)) *receiver {
	t.Helper()
	rc := &receiver{}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		n := len(rc.hits)
		rc.hits = append(rc.hits, hit{r.Header.Clone(), b, time.Now()})
		rc.mu.Unlock()
		if answer != nil {
			answer(n, w)
		}
	}))
	t.Cleanup(rc.Close)
	return rc
}

func (rc *receiver) got() []hit {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return slices.Clone(rc.hits)
}

func waitWebhooks(t *testing.T, s *Server) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.WaitWebhooks(ctx); err != nil {
		t.Fatalf("WaitWebhooks: %v", err)
	}
}

// wireEvent is a delivered event as the test reads it, independent of package webhook.
type wireEvent struct {
	Type      string          `json:"type"`
	AccountID int64           `json:"account_id"`
	ID        string          `json:"id"`
	Time      string          `json:"time"`
	Version   string          `json:"zendesk_event_version"`
	Subject   string          `json:"subject"`
	Detail    map[string]any  `json:"detail"`
	Event     json.RawMessage `json:"event"`
}

func events(t *testing.T, hits []hit) []wireEvent {
	t.Helper()
	out := make([]wireEvent, len(hits))
	for i, h := range hits {
		if err := json.Unmarshal(h.body, &out[i]); err != nil {
			t.Fatalf("delivery %d is not JSON: %v: %s", i, err, h.body)
		}
	}
	return out
}

func types(evs []wireEvent) []string {
	out := make([]string, len(evs))
	for i, e := range evs {
		out[i] = e.Type
	}
	return out
}

func TestWebhooks_SignedTicketEventsForCreateAndUpdate(t *testing.T) {
	s := newServer(t)
	rc := newReceiver(t, nil)
	const secret = "-starts-with-a-dash, not base64"
	id := s.AddWebhook(rc.URL+"/hook", secret)
	agent := s.AddAgent("Ann Agent", "ann@example.com")

	tk, _ := create(t, s, obj{"subject": "Printer on fire", "tags": []string{"printer", "fire"}})
	update(t, s, tk.ID, obj{"status": "pending", "assignee_id": agent, "tags": []string{"printer", "smoke"},
		"comment": obj{"body": "Trying the extinguisher", "public": false}}).want(t, http.StatusOK)
	waitWebhooks(t, s)

	hits := rc.got()
	evs := events(t, hits)
	want := []string{
		"zen:event-type:ticket.created",
		"zen:event-type:ticket.comment_added",
		"zen:event-type:ticket.status_changed",
		"zen:event-type:ticket.agent_assignment_changed",
		"zen:event-type:ticket.tags_changed",
	}
	if got := types(evs); !slices.Equal(got, want) {
		t.Fatalf("event types = %v, want %v", got, want)
	}
	seen := map[string]bool{}
	for i, h := range hits {
		ts := h.header.Get("X-Zendesk-Webhook-Signature-Timestamp")
		mac := hmac.New(sha256.New, []byte(secret))
		mac.Write([]byte(ts + string(h.body)))
		if sig := h.header.Get("X-Zendesk-Webhook-Signature"); sig != base64.StdEncoding.EncodeToString(mac.Sum(nil)) {
			t.Errorf("delivery %d: signature %q is not base64(HMAC-SHA256(secret, timestamp + body))", i, sig)
		}
		if at, err := time.Parse(time.RFC3339, ts); err != nil || time.Since(at) > time.Minute {
			t.Errorf("delivery %d: timestamp %q", i, ts)
		}
		if h.header.Get("X-Zendesk-Webhook-Id") != id || h.header.Get("Content-Type") != "application/json" {
			t.Errorf("delivery %d: headers %v", i, h.header)
		}
		e := evs[i]
		if e.Subject != fmt.Sprintf("zen:ticket:%d", tk.ID) || e.AccountID != accountID ||
			e.Version != "2022-11-06" || e.ID == "" || seen[e.ID] {
			t.Errorf("delivery %d: envelope %+v", i, e)
		}
		seen[e.ID] = true
		if _, err := time.Parse(time.RFC3339Nano, e.Time); err != nil {
			t.Errorf("delivery %d: time %q", i, e.Time)
		}
		var ev map[string]any
		json.Unmarshal(e.Event, &ev)
		if meta, _ := ev["meta"].(map[string]any); meta["sequence"] == nil {
			t.Errorf("delivery %d: no meta.sequence in %s", i, e.Event)
		}
	}

	// The detail is the ticket as webhooks show it: ids as strings, enums in upper case.
	created, last := evs[0].Detail, evs[4].Detail
	if created["id"] != itoa(tk.ID) || created["status"] != strings.ToUpper(tk.Status) || created["subject"] != "Printer on fire" ||
		created["requester_id"] != itoa(DefaultAgentID) || created["actor_id"] != itoa(DefaultAgentID) ||
		created["assignee_id"] != nil || created["priority"] != nil || created["description"] != "Help" {
		t.Errorf("created detail = %v", created)
	}
	if last["status"] != "PENDING" || last["assignee_id"] != itoa(agent) ||
		fmt.Sprint(last["tags"]) != "[printer smoke]" {
		t.Errorf("updated detail = %v", last)
	}
	for i, want := range []string{
		`"comment":{"author":{"id":"` + itoa(DefaultAgentID) + `","is_staff":true,"name":"Default Agent"},"body":"Trying the extinguisher","id":"`,
		`"current":"PENDING"`, `"previous":"` + strings.ToUpper(tk.Status) + `"`,
		`"current":"` + itoa(agent) + `"`, `"previous":null`,
		`"tags":{"added":{"tags":["smoke"]},"removed":{"tags":["fire"]}}`,
	} {
		k := map[int]int{0: 1, 1: 2, 2: 2, 3: 3, 4: 3, 5: 4}[i]
		if !json.Valid(evs[k].Event) || !strings.Contains(string(evs[k].Event), want) {
			t.Errorf("event of %s = %s, want it to hold %s", evs[k].Type, evs[k].Event, want)
		}
	}
	if !strings.Contains(string(evs[1].Event), `"is_public":false`) {
		t.Errorf("comment event = %s, want is_public false", evs[1].Event)
	}
}

func TestWebhooks_NoChangeNoEvent_AndEveryWriteDelivers(t *testing.T) {
	s := newServer(t, WithJobDuration(0))
	rc := newReceiver(t, nil)
	s.AddWebhook(rc.URL, "secret")
	a, _ := create(t, s, obj{"subject": "a"})
	b, _ := create(t, s, obj{"subject": "b"})
	update(t, s, a.ID, obj{"subject": "a"}).want(t, http.StatusOK) // changes nothing
	waitJob(t, s, queued(t, send(t, s, "PUT", "/api/v2/tickets/update_many.json?ids="+itoa(a.ID)+","+itoa(b.ID),
		obj{"ticket": obj{"priority": "high"}})).ID)
	send(t, s, "PUT", tpath(a.ID, "/tags.json"), obj{"tags": []string{"vip"}}).want(t, http.StatusOK)
	first := s.Audits(a.ID)[0].Events[0]["id"].(int64)
	send(t, s, "PUT", tpath(a.ID, fmt.Sprintf("/comments/%d/make_private.json", first)), nil).want(t, http.StatusOK)
	waitWebhooks(t, s)
	evs := events(t, rc.got())
	want := []string{"zen:event-type:ticket.created", "zen:event-type:ticket.created",
		"zen:event-type:ticket.priority_changed", "zen:event-type:ticket.priority_changed",
		"zen:event-type:ticket.tags_changed", "zen:event-type:ticket.comment_made_private"}
	if got := types(evs); !slices.Equal(got, want) {
		t.Fatalf("events = %v, want %v", got, want)
	}
	if got := string(evs[5].Event); !strings.Contains(got, `"comment":{"id":"`+itoa(first)+`"}`) {
		t.Errorf("comment_made_private event = %s, want the comment's id", got)
	}
}

func TestWebhooks_SigningSecret(t *testing.T) {
	s := newServer(t)
	id := s.AddWebhook("http://127.0.0.1:1/never", "-abc")
	for _, p := range []string{"/api/v2/webhooks/" + id + "/signing_secret", "/api/v2/webhooks/" + id + "/signing_secret.json"} {
		var out struct {
			SigningSecret struct {
				Algorithm string `json:"algorithm"`
				Secret    string `json:"secret"`
			} `json:"signing_secret"`
		}
		send(t, s, "GET", p, nil).want(t, http.StatusOK).decode(t, &out)
		if out.SigningSecret.Algorithm != "SHA256" || out.SigningSecret.Secret != "-abc" {
			t.Errorf("GET %s = %+v", p, out)
		}
	}
	if len(id) != 26 || id[:2] != "01" {
		t.Errorf("webhook id %q is not shaped like Zendesk's (01…, 26 characters)", id)
	}
	wantError(t, send(t, s, "GET", "/api/v2/webhooks/01NOSUCHWEBHOOK/signing_secret", nil), http.StatusNotFound, "RecordNotFound")

	gen := s.AddWebhook("http://127.0.0.1:1/never", "")
	m := send(t, s, "GET", "/api/v2/webhooks/"+gen+"/signing_secret", nil).want(t, http.StatusOK).object(t)
	if sec, _ := m["signing_secret"].(map[string]any)["secret"].(string); len(sec) < 32 {
		t.Errorf("generated secret %q, want a long random one", sec)
	}
	if gen == id {
		t.Error("two webhooks got one id")
	}
}

func TestWebhooks_RetryAfter5xxWithBackoffKeepsOrder(t *testing.T) {
	s := newServer(t)
	rc := newReceiver(t, func(n int, w http.ResponseWriter) {
		if n < 2 {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	})
	s.AddWebhook(rc.URL, "secret")
	tk, _ := create(t, s, obj{})
	update(t, s, tk.ID, obj{"status": "pending"}).want(t, http.StatusOK)
	waitWebhooks(t, s)
	hits := rc.got()
	evs := events(t, hits)
	want := []string{"zen:event-type:ticket.created", "zen:event-type:ticket.created",
		"zen:event-type:ticket.created", "zen:event-type:ticket.status_changed"}
	if got := types(evs); !slices.Equal(got, want) {
		t.Fatalf("attempts = %v, want the create three times, then the update", got)
	}
	if evs[0].ID != evs[1].ID || evs[1].ID != evs[2].ID {
		t.Errorf("a retry changed the event id: %s %s %s", evs[0].ID, evs[1].ID, evs[2].ID)
	}
	if d := hits[1].at.Sub(hits[0].at); d < WebhookBackoff {
		t.Errorf("first retry after %v, want at least %v", d, WebhookBackoff)
	}
	if d := hits[2].at.Sub(hits[1].at); d < 2*WebhookBackoff {
		t.Errorf("second retry after %v, want at least %v (doubled)", d, 2*WebhookBackoff)
	}
}

func TestWebhooks_GivesUpAfterRetries_And4xxIsFinal(t *testing.T) {
	s := newServer(t)
	failing := newReceiver(t, func(_ int, w http.ResponseWriter) { w.WriteHeader(http.StatusInternalServerError) })
	refusing := newReceiver(t, func(_ int, w http.ResponseWriter) { w.WriteHeader(http.StatusUnauthorized) })
	s.AddWebhook(failing.URL, "secret")
	s.AddWebhook(refusing.URL, "secret")
	create(t, s, obj{})
	waitWebhooks(t, s)
	if n := len(failing.got()); n != WebhookRetries+1 {
		t.Errorf("a receiver answering 500 got %d attempts, want %d", n, WebhookRetries+1)
	}
	if n := len(refusing.got()); n != 1 {
		t.Errorf("a receiver answering 401 got %d attempts, want 1", n)
	}
}

func TestWebhooks_NoAnswerIsRetried(t *testing.T) {
	s := newServer(t)
	rc := newReceiver(t, func(n int, w http.ResponseWriter) {
		if n == 0 {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close() // no answer at all
			}
		}
	})
	s.AddWebhook(rc.URL, "secret")
	create(t, s, obj{})
	waitWebhooks(t, s)
	if n := len(rc.got()); n != 2 {
		t.Fatalf("attempts = %d, want 2 (the dropped one, then the retry)", n)
	}
}

func TestWebhooks_DeliveriesDoNotBlockRequests_CloseStopsThem(t *testing.T) {
	s := NewServer()
	release := make(chan struct{})
	rc := newReceiver(t, func(int, http.ResponseWriter) { <-release })
	defer close(release)
	s.AddWebhook(rc.URL, "secret")
	start := time.Now()
	tk, _ := create(t, s, obj{})
	for i := range 5 {
		update(t, s, tk.ID, obj{"subject": fmt.Sprint("s", i)}).want(t, http.StatusOK)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("6 requests took %v while the receiver hangs", d)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := s.WaitWebhooks(ctx); err == nil {
		t.Error("WaitWebhooks returned while a delivery hangs")
	}
	done := make(chan struct{})
	go func() { s.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(3 * time.Second):
		t.Fatal("Close waits for a hanging receiver")
	}
	if err := s.WaitWebhooks(context.Background()); err != nil {
		t.Errorf("WaitWebhooks after Close = %v", err)
	}
	if n := len(rc.got()); n != 1 {
		t.Errorf("the receiver saw %d deliveries, want only the first (the rest dropped by Close)", n)
	}
}

func TestWebhooks_OrderPerTicketUnderConcurrentUpdates(t *testing.T) {
	s := newServer(t)
	rc := newReceiver(t, nil)
	s.AddWebhook(rc.URL, "secret")
	const tickets, updates = 4, 10
	var wg sync.WaitGroup
	ids := make([]int64, tickets)
	for i := range ids {
		tk, _ := create(t, s, obj{"subject": "0"})
		ids[i] = tk.ID
	}
	for _, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for u := 1; u <= updates; u++ {
				if a, err := try(s, "PUT", tpath(id, ".json"), obj{"ticket": obj{"subject": fmt.Sprint(u)}}); err != nil || a.status != http.StatusOK {
					t.Errorf("update: %v %d", err, a.status)
				}
			}
		}()
	}
	wg.Wait()
	waitWebhooks(t, s)
	next := map[string]int{}
	for _, e := range events(t, rc.got()) {
		if e.Type != "zen:event-type:ticket.subject_changed" {
			continue
		}
		var c struct{ Previous, Current string }
		json.Unmarshal(e.Event, &c)
		next[e.Subject]++
		if c.Current != fmt.Sprint(next[e.Subject]) || c.Previous != fmt.Sprint(next[e.Subject]-1) {
			t.Fatalf("%s: got %s → %s as change %d", e.Subject, c.Previous, c.Current, next[e.Subject])
		}
	}
	if len(next) != tickets {
		t.Fatalf("changes of %d tickets delivered, want %d", len(next), tickets)
	}
	for subj, n := range next {
		if n != updates {
			t.Errorf("%s: %d changes delivered, want %d", subj, n, updates)
		}
	}
}

func TestWebhooks_AddWebhookRefusesANonHTTPEndpoint(t *testing.T) {
	s := newServer(t)
	for _, ep := range []string{"", "example.com/hook", "ftp://example.com/x", "http://"} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("AddWebhook(%q) did not panic", ep)
				}
			}()
			s.AddWebhook(ep, "secret")
		}()
	}
}
