package zendesktest

import (
	"bytes"
	"net/http"
	"testing"
)

func TestIdempotency_FirstUseMiss(t *testing.T) {
	s := newServer(t)
	a := send(t, s, "POST", "/api/v2/tickets.json", obj{"ticket": obj{"comment": obj{"body": "x"}}}, "Idempotency-Key", "k1")
	a.want(t, http.StatusCreated)
	if got := a.header.Get("X-Idempotency-Lookup"); got != "miss" {
		t.Errorf("x-idempotency-lookup %q, want miss", got)
	}
}

func TestIdempotency_ReplayHit(t *testing.T) {
	s := newServer(t)
	body := obj{"ticket": obj{"subject": "Once", "comment": obj{"body": "x"}}}
	first := send(t, s, "POST", "/api/v2/tickets.json", body, "Idempotency-Key", "k1").want(t, http.StatusCreated)
	replay := send(t, s, "POST", "/api/v2/tickets.json", body, "Idempotency-Key", "k1").want(t, http.StatusCreated)
	if got := replay.header.Get("X-Idempotency-Lookup"); got != "hit" {
		t.Errorf("x-idempotency-lookup %q, want hit", got)
	}
	if !bytes.Equal(first.body, replay.body) || first.header.Get("Location") != replay.header.Get("Location") {
		t.Errorf("replay differs:\n%s\n%s", first.body, replay.body)
	}
	if s.TicketsCreated() != 1 {
		t.Errorf("%d tickets created, want 1", s.TicketsCreated())
	}
	// The same meaning in other bytes is the same request.
	send(t, s, "POST", "/api/v2/tickets.json", `{"ticket": {"comment": {"body": "x"}, "subject": "Once"}}`,
		"Idempotency-Key", "k1").want(t, http.StatusCreated)
	if s.TicketsCreated() != 1 {
		t.Errorf("%d tickets created, want 1", s.TicketsCreated())
	}
}

func TestIdempotency_SameKeyOtherBody400(t *testing.T) {
	s := newServer(t)
	send(t, s, "POST", "/api/v2/tickets.json", obj{"ticket": obj{"comment": obj{"body": "x"}}}, "Idempotency-Key", "k1").
		want(t, http.StatusCreated)
	a := send(t, s, "POST", "/api/v2/tickets.json", obj{"ticket": obj{"comment": obj{"body": "y"}}}, "Idempotency-Key", "k1")
	if m := wantError(t, a, http.StatusBadRequest, "IdempotentRequestError"); m["description"] == "" {
		t.Error("no description")
	}
	if s.TicketsCreated() != 1 {
		t.Errorf("%d tickets created", s.TicketsCreated())
	}
}

func TestIdempotency_WithoutKeyEveryPostCreates(t *testing.T) {
	s := newServer(t)
	body := obj{"ticket": obj{"comment": obj{"body": "x"}}}
	send(t, s, "POST", "/api/v2/tickets.json", body).want(t, http.StatusCreated)
	a := send(t, s, "POST", "/api/v2/tickets.json", body).want(t, http.StatusCreated)
	if a.header.Get("X-Idempotency-Lookup") != "" || s.TicketsCreated() != 2 {
		t.Errorf("lookup %q, %d created", a.header.Get("X-Idempotency-Lookup"), s.TicketsCreated())
	}
}

func TestIdempotency_DroppedAnswerThenRetryMakesOneTicket(t *testing.T) {
	s := newServer(t)
	s.DropNext("POST", "tickets", 1)
	body := `{"ticket":{"comment":{"body":"x"}}}`
	req, _ := http.NewRequest("POST", s.URL+"/api/v2/tickets.json", bytes.NewReader([]byte(body)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", "k-drop")
	req.SetBasicAuth(DefaultAgentEmail+"/token", DefaultAPIToken)
	// A fresh connection, so that net/http cannot replay the request on its own.
	hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	if resp, err := hc.Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("answer %d, want a dropped connection", resp.StatusCode)
	}
	if s.TicketsCreated() != 1 {
		t.Fatalf("%d tickets created by the dropped request", s.TicketsCreated())
	}
	a := send(t, s, "POST", "/api/v2/tickets.json", body, "Idempotency-Key", "k-drop").want(t, http.StatusCreated)
	if a.header.Get("X-Idempotency-Lookup") != "hit" || s.TicketsCreated() != 1 {
		t.Errorf("retry: lookup %q, %d created", a.header.Get("X-Idempotency-Lookup"), s.TicketsCreated())
	}
}
