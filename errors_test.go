package zendesk

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestAPIErrorBodies(t *testing.T) {
	tests := []struct {
		name        string
		status      int
		body        string
		wantCode    string
		wantDesc    string
		wantDetails map[string][]ErrorDetail
		sentinel    error
	}{
		{"not found", 404, `{"error":"RecordNotFound","description":"Not found"}`, "RecordNotFound", "Not found", nil, ErrNotFound},
		{"no help desk", 404, `{"error":{"title":"No help desk at acme.zendesk.com","message":"There is no help desk configured at this address."}}`,
			"No help desk at acme.zendesk.com", "There is no help desk configured at this address.", nil, ErrNotFound},
		{"unauthorized", 401, `{"error":"Couldn't authenticate you"}`, "", "Couldn't authenticate you", nil, ErrUnauthorized},
		{"invalid token", 401, `{"error":"invalid_token","error_description":"The access token provided is expired, revoked, malformed or invalid."}`,
			"invalid_token", "The access token provided is expired, revoked, malformed or invalid.", nil, ErrUnauthorized},
		{"forbidden", 403, `{"error":{"title":"Forbidden","message":"You do not have access to this page."}}`, "Forbidden", "You do not have access to this page.", nil, ErrForbidden},
		{"conflict", 409, `{"error":"UpdateConflict","description":"Safe Update prevented the update due to outdated ticket data."}`,
			"UpdateConflict", "Safe Update prevented the update due to outdated ticket data.", nil, ErrConflict},
		{"too many values", 400, `{"error":"TooManyValues","description":"Too many values specified","max_count":100}`, "TooManyValues", "Too many values specified", nil, ErrInvalid},
		{"bad cursor", 400, `{"errors":[{"code":"InvalidPaginationParameter","title":"Invalid pagination parameter"}]}`, "InvalidPaginationParameter", "Invalid pagination parameter", nil, ErrInvalid},
		{"record invalid", 422, `{"error":"RecordInvalid","description":"Record validation errors","details":{"status":[{"description":"Status: solved needs an assignee","error":"InvalidValue"}],"base":[{"description":"Requester must be set","error":"BlankValue"}]}}`,
			"RecordInvalid", "Record validation errors", map[string][]ErrorDetail{
				"status": {{Error: "InvalidValue", Description: "Status: solved needs an assignee"}},
				"base":   {{Error: "BlankValue", Description: "Requester must be set"}},
			}, ErrInvalid},
		{"record invalid, older type key", 422, `{"error":"RecordInvalid","description":"Record validation errors","details":{"assignee":[{"description":"Assignee is not an agent","type":"invalid"}]}}`,
			"RecordInvalid", "Record validation errors", map[string][]ErrorDetail{"assignee": {{Error: "invalid", Description: "Assignee is not an agent"}}}, ErrInvalid},
		{"idempotency clash", 400, `{"error":"IdempotentRequestError","description":"Request parameters differ from the original"}`, "IdempotentRequestError", "Request parameters differ from the original", nil, ErrInvalid},
		{"rate limited", 429, `{"errors":[{"code":"TooManyRequests","title":"Too Many Requests","detail":"Rate limit exceeded"}]}`, "TooManyRequests", "Rate limit exceeded", nil, ErrRateLimited},
		{"html", 502, "<html><body><h1>502 Bad Gateway</h1></body></html>", "", "", nil, nil},
		{"plain text", 500, "Internal Server Error", "", "", nil, nil},
		{"empty", 500, "", "", "", nil, nil},
		{"odd JSON", 400, `{"error":42,"details":"nope"}`, "", "", nil, ErrInvalid},
		{"JSON array", 400, `[1,2]`, "", "", nil, ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mock := setup(t, WithRetryMax(0))
			on(t, mock, "GET", "/api/v2/tickets/1.json", respond(tt.status, tt.body, "X-Zendesk-Request-Id", "zd-1"))
			_, err := c.get(context.Background(), "tickets/1.json", nil, nil)
			var e *APIError
			if !errors.As(err, &e) {
				t.Fatalf("err = %v, want *APIError", err)
			}
			if e.StatusCode != tt.status || e.Code != tt.wantCode || e.Description != tt.wantDesc || e.RequestID != "zd-1" {
				t.Errorf("got status %d code %q desc %q request %q", e.StatusCode, e.Code, e.Description, e.RequestID)
			}
			if !reflect.DeepEqual(e.Details, tt.wantDetails) {
				t.Errorf("Details = %v, want %v", e.Details, tt.wantDetails)
			}
			if string(e.Body) != tt.body {
				t.Errorf("Body = %q", e.Body)
			}
			for _, s := range []error{ErrNotFound, ErrUnauthorized, ErrForbidden, ErrConflict, ErrRateLimited, ErrInvalid, ErrJobFailed} {
				if got := errors.Is(err, s); got != (s == tt.sentinel) {
					t.Errorf("errors.Is(err, %v) = %v", s, got)
				}
			}
			msg := err.Error()
			if strings.ContainsAny(msg, "\n\r") || !strings.Contains(msg, "GET /api/v2/tickets/1.json") {
				t.Errorf("Error() = %q: want one line naming the request", msg)
			}
			if strings.Contains(msg, "s3cr3t") || strings.Contains(msg, "<html>") {
				t.Errorf("Error() = %q leaks", msg)
			}
		})
	}
}

func TestAPIErrorBodyIsBounded(t *testing.T) {
	c, mock := setup(t, WithRetryMax(0))
	on(t, mock, "GET", "/api/v2/tickets/1.json", respond(500, strings.Repeat("x", 10<<20)))
	_, err := c.get(context.Background(), "tickets/1.json", nil, nil)
	var e *APIError
	if !errors.As(err, &e) || len(e.Body) != maxErrorBody {
		t.Fatalf("err = %v, body %d bytes, want %d", err, len(e.Body), maxErrorBody)
	}
}

func TestAPIErrorMessage(t *testing.T) {
	e := &APIError{StatusCode: 422, Code: "RecordInvalid", Description: "Record validation errors", Method: "PUT",
		Path: "/api/v2/tickets/5.json", RequestID: "abc", RetryAfter: 0,
		Details: map[string][]ErrorDetail{"status": {{Error: "InvalidValue", Description: "Status: solved needs an assignee"}}}}
	want := "zendesk: PUT /api/v2/tickets/5.json: 422 Unprocessable Entity: RecordInvalid: Record validation errors; status: Status: solved needs an assignee (request id abc)"
	if got := e.Error(); got != want {
		t.Errorf("Error() =\n%q\nwant\n%q", got, want)
	}
	e = &APIError{StatusCode: 429, RetryAfter: 93 * time.Second, Description: "line one\nline two"}
	if got := e.Error(); got != "zendesk: 429 Too Many Requests: line one line two (retry after 1m33s)" {
		t.Errorf("Error() = %q", got)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	tests := map[string]time.Duration{
		"":                              0,
		"1":                             time.Second,
		" 30 ":                          30 * time.Second,
		"0":                             0,
		"-5":                            0,
		"soon":                          0,
		"Tue, 24 Nov 2026 12:00:10 GMT": 10 * time.Second,
		"Tue, 24 Nov 2026 11:00:00 GMT": 0,
		// Past the bound: clamped to it, never read as no wait (issue 12, item 10).
		"2000000":                       maxRetryAfterHeader,
		"1e300":                         maxRetryAfterHeader,
		"Fri, 24 Nov 2100 12:00:00 GMT": maxRetryAfterHeader,
	}
	for in, want := range tests {
		if got := parseRetryAfter(in, now); got != want {
			t.Errorf("parseRetryAfter(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestInvalidMatchesErrInvalid(t *testing.T) {
	err := invalid("Tickets.GetMany", "at most %d ids, got %d", 100, 101)
	if !errors.Is(err, ErrInvalid) || err.Error() != "zendesk: Tickets.GetMany: invalid request: at most 100 ids, got 101" {
		t.Errorf("got %v", err)
	}
}
