package zendesk

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/jarcoal/httpmock"
)

// TestRetry429WaitsOutRetryAfter runs on synctest's clock: the 1 s wait takes no real time.
func TestRetry429WaitsOutRetryAfter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mock := setup(t)
		rec := on(t, mock, "GET", "/api/v2/tickets/1.json",
			respond(429, `{"errors":[{"code":"TooManyRequests","title":"Too many requests"}]}`, "Retry-After", "1"),
			respond(200, `{"ticket":{"id":1}}`))
		start := time.Now()
		var out map[string]any
		if _, err := c.get(context.Background(), "tickets/1.json", nil, &out); err != nil {
			t.Fatal(err)
		}
		if rec.count() != 2 {
			t.Errorf("%d requests, want 2", rec.count())
		}
		if waited := time.Since(start); waited < 900*time.Millisecond {
			t.Errorf("waited %s, want the 1s Retry-After", waited)
		}
	})
}

func TestRetry429LongRetryAfterReturnsAtOnce(t *testing.T) {
	c, mock := setup(t, WithMaxRetryAfter(30*time.Second))
	rec := on(t, mock, "GET", "/api/v2/tickets/1.json",
		respond(429, `{"errors":[{"code":"TooManyRequests","title":"Too many requests"}]}`, "Retry-After", "93"))
	_, err := c.get(context.Background(), "tickets/1.json", nil, nil)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || !errors.Is(err, ErrRateLimited) {
		t.Fatalf("err = %v, want a 429 *APIError", err)
	}
	if apiErr.RetryAfter != 93*time.Second || apiErr.Code != "TooManyRequests" {
		t.Errorf("RetryAfter = %s, Code = %q", apiErr.RetryAfter, apiErr.Code)
	}
	if rec.count() != 1 {
		t.Errorf("%d requests, want 1", rec.count())
	}
}

func TestRetry429PastContextDeadlineReturnsAtOnce(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", "/api/v2/tickets/1.json", respond(429, "", "Retry-After", "5"))
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_, err := c.get(ctx, "tickets/1.json", nil, nil)
	if !errors.Is(err, ErrRateLimited) || rec.count() != 1 {
		t.Fatalf("err = %v after %d requests, want ErrRateLimited after 1", err, rec.count())
	}
	if ctx.Err() != nil {
		t.Error("the call waited until the deadline")
	}
}

func TestRetry503Then200(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", "/api/v2/tickets/1.json",
		respond(503, "<html>Maintenance</html>", "Content-Type", "text/html"), respond(200, `{"ticket":{"id":1}}`))
	var out struct {
		Ticket struct {
			ID int64 `json:"id"`
		} `json:"ticket"`
	}
	if _, err := c.get(context.Background(), "tickets/1.json", nil, &out); err != nil {
		t.Fatal(err)
	}
	if rec.count() != 2 || out.Ticket.ID != 1 {
		t.Errorf("%d requests, ticket %d", rec.count(), out.Ticket.ID)
	}
}

func TestRetry5xxPerMethod(t *testing.T) {
	tests := []struct {
		method, key string
		status      int
		wantCalls   int
	}{
		{"GET", "", 500, 2},
		{"GET", "", 502, 2},
		{"PUT", "", 504, 2},
		{"DELETE", "", 500, 2},
		{"POST", "", 500, 1},      // may have acted: not retried
		{"POST", "", 502, 1},      //
		{"POST", "", 503, 2},      // did not act: retried
		{"POST", "key-1", 500, 2}, // the key makes it safe
		{"GET", "", 501, 1},       // never cured by a retry
		{"GET", "", 400, 1},       // a client error
		{"POST", "key-2", 422, 1}, //
		{"PUT", "", 409, 1},       //
		{"DELETE", "", 404, 1},    //
		{"POST", "", 429, 2},      // did not act: retried
		{"GET", "", 401, 1},       // fixed credentials: no renewal
		{"PUT", "", http.StatusForbidden, 1},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+http.StatusText(tt.status)+" "+tt.key, func(t *testing.T) {
			c, mock := setup(t)
			rec := on(t, mock, tt.method, "/api/v2/tickets.json", respond(tt.status, `{"error":"X"}`), respond(200, `{}`))
			_, err := c.do(context.Background(), &request{method: tt.method, path: "tickets.json", body: map[string]int{"a": 1}, idempotencyKey: tt.key}, nil)
			if rec.count() != tt.wantCalls {
				t.Errorf("%d requests, want %d", rec.count(), tt.wantCalls)
			}
			if tt.wantCalls == 1 {
				var apiErr *APIError
				if !errors.As(err, &apiErr) || apiErr.StatusCode != tt.status {
					t.Errorf("err = %v, want the %d *APIError", err, tt.status)
				}
			} else if err != nil {
				t.Errorf("err = %v after a retry", err)
			}
		})
	}
}

func TestRetryPostWithKeyRepeatsKeyAndBody(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "POST", "/api/v2/tickets.json", respond(502, ""), respond(500, ""), respond(201, `{"ticket":{"id":7}}`))
	body := map[string]any{"ticket": map[string]any{"subject": "Help"}}
	if _, err := c.do(context.Background(), &request{method: "POST", path: "tickets.json", body: body, idempotencyKey: "k-123"}, nil); err != nil {
		t.Fatal(err)
	}
	reqs := rec.all()
	if len(reqs) != 3 {
		t.Fatalf("%d requests, want 3", len(reqs))
	}
	for _, r := range reqs {
		if k := r.Header.Get("Idempotency-Key"); k != "k-123" {
			t.Errorf("Idempotency-Key = %q", k)
		}
		wantJSON(t, r.Body, `{"ticket":{"subject":"Help"}}`)
	}
}

func TestRetryConnectionError(t *testing.T) {
	reset := httpmock.NewErrorResponder(errors.New("read: connection reset by peer"))
	t.Run("GET retried", func(t *testing.T) {
		c, mock := setup(t)
		rec := on(t, mock, "GET", "/api/v2/tickets/1.json", reset, respond(200, `{}`))
		if _, err := c.get(context.Background(), "tickets/1.json", nil, nil); err != nil {
			t.Fatal(err)
		}
		if rec.count() != 2 {
			t.Errorf("%d requests, want 2", rec.count())
		}
	})
	t.Run("POST without key not retried", func(t *testing.T) {
		c, mock := setup(t)
		rec := on(t, mock, "POST", "/api/v2/tickets/1/merge.json", reset, respond(200, `{}`))
		_, err := c.post(context.Background(), "tickets/1/merge.json", map[string]any{"ids": []int{2}}, nil)
		if err == nil || !strings.Contains(err.Error(), "connection reset") || rec.count() != 1 {
			t.Fatalf("err = %v after %d requests", err, rec.count())
		}
		if strings.Contains(err.Error(), "https://") {
			t.Errorf("error repeats the URL: %v", err)
		}
	})
}

func TestRetriesExhaustedReturnLastAPIError(t *testing.T) {
	c, mock := setup(t, WithRetryMax(2))
	rec := on(t, mock, "GET", "/api/v2/tickets/1.json",
		respond(500, `{"error":"First"}`),
		respond(502, `{"error":"Second"}`),
		respond(503, `{"error":"Maintenance","description":"Down for maintenance"}`, "X-Request-Id", "req-9"))
	_, err := c.get(context.Background(), "tickets/1.json", nil, nil)
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v, want an *APIError", err)
	}
	if apiErr.StatusCode != 503 || apiErr.Code != "Maintenance" || apiErr.RequestID != "req-9" {
		t.Errorf("got %+v", apiErr)
	}
	if strings.Contains(err.Error(), "giving up") {
		t.Errorf("error hides the answer: %v", err)
	}
	if rec.count() != 3 {
		t.Errorf("%d requests, want 3", rec.count())
	}
}

func TestRetryWaitCancelledByContext(t *testing.T) {
	c, mock := setup(t, WithRetryWait(10*time.Second, 10*time.Second))
	on(t, mock, "GET", "/api/v2/tickets/1.json", respond(500, ""))
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.get(ctx, "tickets/1.json", nil, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if waited := time.Since(start); waited > 5*time.Second {
		t.Errorf("returned after %s, not promptly", waited)
	}
}

func TestRetriesAreLoggedOnlyWithLogger(t *testing.T) {
	logs, logger := captureLogs()
	c, mock := setup(t, WithLogger(logger))
	on(t, mock, "GET", "/api/v2/tickets/1.json", respond(500, ""), respond(200, `{}`))
	if _, err := c.get(context.Background(), "tickets/1.json", nil, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "retrying") {
		t.Errorf("no retry logged:\n%s", logs)
	}
	if strings.Contains(logs.String(), "s3cr3t") {
		t.Errorf("credentials in the log:\n%s", logs)
	}
}

func TestBackoffBounds(t *testing.T) {
	for attempt := range 40 {
		got := backoff(100*time.Millisecond, time.Second, attempt, nil)
		if got < 50*time.Millisecond || got > time.Second {
			t.Errorf("attempt %d: %s outside [50ms, 1s]", attempt, got)
		}
	}
	resp := &http.Response{StatusCode: 429, Header: http.Header{"Retry-After": {"7"}}}
	if got := backoff(time.Millisecond, time.Second, 0, resp); got != 7*time.Second {
		t.Errorf("Retry-After 7 gave %s: WithRetryWait must not shorten it", got)
	}
}

// TestRetryAfterHugeReturnsAtOnce (issue 12, item 10): a Retry-After far past any sensible
// bound is not read as "no wait": the 429 comes back at once, with RetryAfter set.
func TestRetryAfterHugeReturnsAtOnce(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", "/api/v2/tickets/1.json", respond(429, `{"error":"TooManyRequests"}`, "Retry-After", "2000000"))
	_, err := c.get(context.Background(), "tickets/1.json", nil, nil)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || !errors.Is(err, ErrRateLimited) {
		t.Fatalf("err = %v, want a 429 *APIError", err)
	}
	if rec.count() != 1 {
		t.Errorf("%d requests, want 1", rec.count())
	}
	if apiErr.RetryAfter < time.Hour {
		t.Errorf("RetryAfter = %s, want the clamped wait (%s)", apiErr.RetryAfter, maxRetryAfterHeader)
	}
}

// TestRetry429WithoutRetryAfterPastDeadline (issue 12, item 11): a 429 without Retry-After
// whose backoff would outlive the context's deadline comes back at once as the 429, not as
// context.DeadlineExceeded after sleeping to the deadline.
func TestRetry429WithoutRetryAfterPastDeadline(t *testing.T) {
	c, mock := setup(t, WithRetryWait(time.Second, 2*time.Second))
	rec := on(t, mock, "GET", "/api/v2/tickets/1.json", respond(429, `{"error":"TooManyRequests"}`))
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, err := c.get(ctx, "tickets/1.json", nil, nil)
	if !errors.Is(err, ErrRateLimited) || rec.count() != 1 {
		t.Fatalf("err = %v after %d requests, want ErrRateLimited after 1", err, rec.count())
	}
	if ctx.Err() != nil {
		t.Error("the call slept until the deadline")
	}
}
