package webhook_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ticketsdk/zendesk/webhook"
)

func TestHandler_Answers(t *testing.T) {
	valid := string(fixture(t, "ticket_status_changed.json"))
	for _, tc := range []struct {
		name     string
		req      func(t *testing.T) *http.Request
		secret   string
		fail     error
		nilFn    bool
		want     int
		wantCall bool
	}{
		{name: "valid delivery", want: http.StatusOK, wantCall: true,
			req: func(t *testing.T) *http.Request { return signed(t, valid, time.Now()) }},
		{name: "wrong signature", want: http.StatusUnauthorized,
			req: func(t *testing.T) *http.Request {
				r := signed(t, valid, time.Now())
				r.Header.Set(webhook.SignatureHeader, "AAAA"+r.Header.Get(webhook.SignatureHeader)[4:])
				return r
			}},
		{name: "missing headers", want: http.StatusUnauthorized,
			req: func(t *testing.T) *http.Request {
				return httptest.NewRequest(http.MethodPost, "/zendesk", strings.NewReader(valid))
			}},
		{name: "expired", want: http.StatusUnauthorized,
			req: func(t *testing.T) *http.Request { return signed(t, valid, time.Now().Add(-time.Hour)) }},
		{name: "from the future", want: http.StatusUnauthorized,
			req: func(t *testing.T) *http.Request { return signed(t, valid, time.Now().Add(time.Hour)) }},
		{name: "oversized body", want: http.StatusRequestEntityTooLarge,
			req: func(t *testing.T) *http.Request {
				return signed(t, strings.Repeat(" ", webhook.MaxBodyBytes)+valid, time.Now())
			}},
		{name: "non-JSON, signed", want: http.StatusBadRequest,
			req: func(t *testing.T) *http.Request { return signed(t, "type=ticket", time.Now()) }},
		{name: "JSON without a type, signed", want: http.StatusBadRequest,
			req: func(t *testing.T) *http.Request { return signed(t, `{"id":"x"}`, time.Now()) }},
		{name: "failing handler", want: http.StatusInternalServerError, wantCall: true, fail: errors.New("db down"),
			req: func(t *testing.T) *http.Request { return signed(t, valid, time.Now()) }},
		{name: "empty secret", want: http.StatusInternalServerError, secret: "-",
			req: func(t *testing.T) *http.Request { return signed(t, valid, time.Now()) }},
		{name: "nil fn", want: http.StatusInternalServerError, nilFn: true,
			req: func(t *testing.T) *http.Request { return signed(t, valid, time.Now()) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got *webhook.Event
			fn := func(ctx context.Context, e *webhook.Event) error {
				if ctx == nil {
					t.Error("fn got a nil context")
				}
				got = e
				return tc.fail
			}
			if tc.nilFn {
				fn = nil
			}
			s := secret
			if tc.secret == "-" {
				s = ""
			}
			rec := httptest.NewRecorder()
			webhook.Handler(s, fn).ServeHTTP(rec, tc.req(t))
			if rec.Code != tc.want {
				t.Errorf("status = %d, want %d (body %q)", rec.Code, tc.want, rec.Body)
			}
			if (got != nil) != tc.wantCall {
				t.Errorf("fn called = %v, want %v", got != nil, tc.wantCall)
			}
			if got != nil && (got.Type != webhook.TicketStatusChanged || got.ID != "a8b9c1d2-3e4f-5a6b-7c8d-9e0f1a2b3c4d") {
				t.Errorf("fn got %+v", got)
			}
			if tc.fail != nil && strings.Contains(rec.Body.String(), tc.fail.Error()) {
				t.Errorf("the answer tells the caller fn's error: %q", rec.Body)
			}
		})
	}
}

// TestHandler_OverHTTP sends a signed delivery through a real server, as Zendesk would.
func TestHandler_OverHTTP(t *testing.T) {
	got := make(chan *webhook.Event, 1)
	srv := httptest.NewServer(webhook.Handler(secret, func(_ context.Context, e *webhook.Event) error {
		got <- e
		return nil
	}))
	defer srv.Close()
	body := string(fixture(t, "ticket_comment_added.json"))
	r := signed(t, body, time.Now())
	req, _ := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader(body))
	req.Header = r.Header
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status = %d", resp.StatusCode)
	}
	c, err := (<-got).Comment()
	if err != nil || c.Body != "We are looking into it." {
		t.Fatalf("Comment = %+v, %v", c, err)
	}
}
