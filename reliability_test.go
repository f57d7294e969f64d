package zendesk

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
)

// TestEchoedCredentialsNeverShown (issue 12, item 4): an answer that echoes the credential
// (whole, or cut to the 40 bytes an error quotes) in its Content-Type, in a value that fails to
// decode, or in an X-Zendesk-Api-Warn header leaves it in no error and no log line.
func TestEchoedCredentialsNeverShown(t *testing.T) {
	token := strings.Repeat("9f8e7d6c", 8) // 64 bytes, as real OAuth tokens are
	tests := map[string]httpmock.Responder{
		"content type": respond(200, `<html>proxy</html>`, "Content-Type", "text/html; echo="+token),
		"due_at":       respond(200, `{"ticket":{"id":1,"due_at":"Bearer `+token+`"}}`),
		"custom field": respond(200, `{"ticket":{"id":1,"custom_fields":["`+token+`"]}}`),
		"warning":      respond(200, `{"ticket":{"id":1}}`, "X-Zendesk-Api-Warn", "echo: Authorization: Bearer "+token),
		"error body":   respond(400, `{"error":"Bad","description":"you sent `+token[:40]+`"}`),
	}
	for name, responder := range tests {
		t.Run(name, func(t *testing.T) {
			logs, logger := captureLogs()
			c, mock := setupWith(t, WithOAuthToken(token), WithLogger(logger))
			on(t, mock, "GET", "/api/v2/tickets/1.json", responder)
			_, err := c.Tickets.Get(context.Background(), 1)
			shown := logs.String()
			if err != nil {
				shown += "\n" + err.Error()
				var de *DecodeError
				if errors.As(err, &de) {
					shown += "\n" + de.ContentType + "\n" + de.Err.Error()
				}
				var ae *APIError
				if errors.As(err, &ae) {
					shown += "\n" + string(ae.Body)
				}
			}
			if name != "warning" && err == nil {
				t.Fatal("no error")
			}
			if strings.Contains(shown, token[:8]) {
				t.Errorf("the credential shows:\n%s", shown)
			}
		})
	}
}

// TestUpdateWithCommentIsNotRepeated (issue 12, item 12): an update carrying a Comment is
// retried only where Zendesk cannot have acted (429, 503, a connection refused before
// sending); after a lost answer it is not resent and the error matches ErrOutcomeUnknown;
// after a 500 it is not resent either. An update without a comment is retried as before.
func TestUpdateWithCommentIsNotRepeated(t *testing.T) {
	lost := func(*http.Request) (*http.Response, error) { return nil, io.ErrUnexpectedEOF }
	refused := func(*http.Request) (*http.Response, error) {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	}
	ok := respond(200, `{"ticket":{"id":1},"audit":{"id":7}}`)
	withComment := &TicketRequest{Comment: &Comment{Body: "We are on it."}}
	withoutComment := &TicketRequest{Subject: Set("Printer on fire")}
	tests := []struct {
		name        string
		req         *TicketRequest
		first       httpmock.Responder
		wantSent    int
		wantErr     bool
		wantUnknown bool
	}{
		{"comment, answer lost", withComment, lost, 1, true, true},
		{"comment, 500", withComment, respond(500, `{"error":"Internal"}`), 1, true, false},
		{"comment, 503", withComment, respond(503, `{"error":"Down"}`), 2, false, false},
		{"comment, 429", withComment, respond(429, `{"error":"TooManyRequests"}`, "Retry-After", "0.001"), 2, false, false},
		{"comment, refused", withComment, refused, 2, false, false},
		{"no comment, answer lost", withoutComment, lost, 2, false, false},
		{"no comment, 500", withoutComment, respond(500, `{"error":"Internal"}`), 2, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, mock := setup(t)
			rec := on(t, mock, "PUT", "/api/v2/tickets/1.json", tc.first, ok)
			_, _, err := c.Tickets.Update(context.Background(), 1, tc.req)
			if rec.count() != tc.wantSent {
				t.Errorf("sent %d times, want %d", rec.count(), tc.wantSent)
			}
			if (err != nil) != tc.wantErr || errors.Is(err, ErrOutcomeUnknown) != tc.wantUnknown {
				t.Errorf("err = %v; want an error %v, ErrOutcomeUnknown %v", err, tc.wantErr, tc.wantUnknown)
			}
			if tc.wantUnknown && !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Errorf("err = %v, want it to keep the connection error", err)
			}
		})
	}
}

// TestContextErrorsNameTheCall (issue 12, item 17): a context error says which call it ended,
// and still matches context.Canceled / context.DeadlineExceeded.
func TestContextErrorsNameTheCall(t *testing.T) {
	c, mock := setup(t)
	on(t, mock, "GET", "/api/v2/tickets/1.json", func(req *http.Request) (*http.Response, error) {
		<-req.Context().Done()
		return nil, req.Context().Err()
	})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.Tickets.Get(ctx, 1)
	if !errors.Is(err, context.Canceled) || err.Error() != "zendesk: GET /api/v2/tickets/1.json: context canceled" {
		t.Errorf("before sending: err = %v", err)
	}
	ctx, cancel = context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err = c.Tickets.Get(ctx, 1)
	if !errors.Is(err, context.DeadlineExceeded) || err.Error() != "zendesk: GET /api/v2/tickets/1.json: context deadline exceeded" {
		t.Errorf("while waiting for the answer: err = %v", err)
	}
}

// TestErrorSaysHowManyAttempts (issue 12, item 18): an *APIError says how many attempts were
// made, in Attempts and in its text.
func TestErrorSaysHowManyAttempts(t *testing.T) {
	c, mock := setup(t)
	on(t, mock, "GET", "/api/v2/tickets/1.json", respond(500, `{"error":"Internal"}`))
	on(t, mock, "GET", "/api/v2/tickets/2.json", respond(404, `{"error":"RecordNotFound"}`))
	_, err := c.Tickets.Get(context.Background(), 1)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Attempts != 4 || !strings.Contains(err.Error(), "(after 4 attempts)") {
		t.Errorf("a 500 after 3 retries: err = %v (Attempts %d)", err, apiErr.Attempts)
	}
	_, err = c.Tickets.Get(context.Background(), 2)
	if !errors.As(err, &apiErr) || apiErr.Attempts != 1 || strings.Contains(err.Error(), "attempt") {
		t.Errorf("a 404: err = %v (Attempts %d)", err, apiErr.Attempts)
	}
	// The token endpoint's failures say it too.
	c, mock = setupWith(t, WithClientCredentials("id", "secret"))
	on(t, mock, "POST", "/oauth/tokens", respond(502, `{"error":"bad_gateway"}`))
	_, err = c.Tickets.Get(context.Background(), 1)
	if !errors.As(err, &apiErr) || apiErr.Attempts != 4 || !strings.Contains(err.Error(), "(after 4 attempts)") {
		t.Errorf("a token 502 after 3 retries: err = %v (Attempts %d)", err, apiErr.Attempts)
	}
}

// TestOneZendeskPrefix (issue 12, item 19): an error says "zendesk:" once, however many layers
// (token fetch, decoding, bulk chunk) it went through.
func TestOneZendeskPrefix(t *testing.T) {
	t.Run("token refused", func(t *testing.T) {
		c, mock := setupWith(t, WithClientCredentials("id", "secret"))
		on(t, mock, "POST", "/oauth/tokens", respond(401, `{"error":"invalid_client","error_description":"Client authentication failed"}`))
		_, err := c.Tickets.Get(context.Background(), 1)
		wantOnePrefix(t, err)
		if !errors.Is(err, ErrUnauthorized) {
			t.Errorf("err = %v, want ErrUnauthorized", err)
		}
	})
	t.Run("decoding", func(t *testing.T) {
		c, mock := setup(t)
		on(t, mock, "GET", "/api/v2/tickets/1.json", respond(200, `{"ticket":{"id":1,"due_at":"soon"}}`))
		_, err := c.Tickets.Get(context.Background(), 1)
		wantOnePrefix(t, err)
	})
	t.Run("rate-limit wait past the deadline", func(t *testing.T) {
		c, mock := setup(t)
		on(t, mock, "GET", "/api/v2/tickets/1.json", respond(200, `{"ticket":{"id":1}}`,
			"X-Rate-Limit", "700", "X-Rate-Limit-Remaining", "0", "ratelimit-reset", "30"))
		if _, err := c.Tickets.Get(context.Background(), 1); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_, err := c.Tickets.Get(ctx, 1)
		wantOnePrefix(t, err)
	})
	t.Run("bulk chunk", func(t *testing.T) {
		c, mock := setup(t)
		on(t, mock, "POST", "/api/v2/tickets/create_many.json", respond(422, `{"error":"RecordInvalid","description":"Nope"}`))
		_, err := c.Tickets.CreateAll(context.Background(), subjects(3), nil)
		wantOnePrefix(t, err)
	})
}

func wantOnePrefix(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	if n := strings.Count(err.Error(), "zendesk:"); n != 1 {
		t.Errorf("%d zendesk: prefixes in %q", n, err)
	}
}

// TestWaitContextErrorNamesTheJob (issue 12, item 17): a context that ends between two polls
// of JobStatuses.Wait says which wait it ended.
func TestWaitContextErrorNamesTheJob(t *testing.T) {
	c, mock := setup(t)
	on(t, mock, "GET", "/api/v2/job_statuses/j1.json", respond(200, `{"job_status":{"id":"j1","status":"working"}}`))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	_, err := c.JobStatuses.WaitWith(ctx, "j1", &WaitOptions{MinInterval: time.Hour, MaxInterval: time.Hour})
	if !errors.Is(err, context.DeadlineExceeded) || err.Error() != "zendesk: JobStatuses.Wait: job j1: context deadline exceeded" {
		t.Errorf("err = %v", err)
	}
}

// TestEchoedCredentialsNotInJobErrors (issue 12, item 4): a failed job whose message or
// results echo the credential leaves it out of Wait's error.
func TestEchoedCredentialsNotInJobErrors(t *testing.T) {
	token := strings.Repeat("0a1b2c3d", 8)
	c, mock := setupWith(t, WithOAuthToken(token))
	on(t, mock, "GET", "/api/v2/job_statuses/j1.json", respond(200,
		`{"job_status":{"id":"j1","status":"failed","message":"bad auth Bearer `+token+`","results":[{"index":0,"error":"`+token[:30]+`"}]}}`))
	_, err := c.JobStatuses.Wait(context.Background(), "j1")
	if !errors.Is(err, ErrJobFailed) {
		t.Fatalf("err = %v, want ErrJobFailed", err)
	}
	if strings.Contains(err.Error(), token[:8]) {
		t.Errorf("the credential shows: %v", err)
	}
}
