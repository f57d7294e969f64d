package zendesk

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/jarcoal/httpmock"
	"golang.org/x/oauth2"
)

// tokenResponder hands out tok-1, tok-2, … each valid for expiresIn seconds.
func tokenResponder(expiresIn int) (httpmock.Responder, *atomic.Int32) {
	var n atomic.Int32
	return func(req *http.Request) (*http.Response, error) {
		i := n.Add(1)
		return respond(200, fmt.Sprintf(`{"access_token":"tok-%d","token_type":"bearer","scope":"read write","expires_in":%d}`, i, expiresIn))(req)
	}, &n
}

func TestClientCredentialsTokenRequest(t *testing.T) {
	c, mock := setupWith(t, WithClientCredentials("my-client", "my-secret", "read", "write"))
	tokens, _ := tokenResponder(1800)
	tokReq := on(t, mock, "POST", "/oauth/tokens", tokens)
	api := on(t, mock, "GET", "/api/v2/tickets/1.json", respond(200, `{}`))
	if _, err := c.get(context.Background(), "tickets/1.json", nil, nil); err != nil {
		t.Fatal(err)
	}
	r := tokReq.last(t)
	if r.URL.String() != "https://acme.zendesk.com/oauth/tokens" {
		t.Errorf("token URL = %s", r.URL)
	}
	form, err := url.ParseQuery(string(r.Body))
	if err != nil {
		t.Fatal(err)
	}
	want := url.Values{"grant_type": {"client_credentials"}, "client_id": {"my-client"}, "client_secret": {"my-secret"}, "scope": {"read write"}}
	if form.Encode() != want.Encode() {
		t.Errorf("token request body = %v, want %v", form, want)
	}
	if got := api.last(t).Header.Get("Authorization"); got != "Bearer tok-1" {
		t.Errorf("Authorization = %q", got)
	}
}

// TestClientCredentialsOneTokenForConcurrentCalls: 50 concurrent first calls share one token
// request. It runs on synctest's clock: the token answer's 20 ms come only when every other
// goroutine is blocked, so all 50 calls have piled up behind it however the machine schedules
// them, and a client that asked for a token per call is always caught.
func TestClientCredentialsOneTokenForConcurrentCalls(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mock := setupWith(t, WithClientCredentials("id", "secret"))
		tokens, n := tokenResponder(1800)
		on(t, mock, "POST", "/oauth/tokens", func(req *http.Request) (*http.Response, error) {
			time.Sleep(20 * time.Millisecond) // let the other goroutines pile up behind it
			return tokens(req)
		})
		api := on(t, mock, "GET", "/api/v2/tickets/1.json", respond(200, `{}`))
		var wg sync.WaitGroup
		for range 50 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := c.get(context.Background(), "tickets/1.json", nil, nil); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if n.Load() != 1 || api.count() != 50 {
			t.Errorf("%d token requests for %d calls, want 1", n.Load(), api.count())
		}
		for _, r := range api.all() {
			if r.Header.Get("Authorization") != "Bearer tok-1" {
				t.Fatalf("Authorization = %q", r.Header.Get("Authorization"))
			}
		}
	})
}

// TestClientCredentialsRenewedBeforeExpiry runs on synctest's clock: the token's second of
// life passes in no real time.
func TestClientCredentialsRenewedBeforeExpiry(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mock := setupWith(t, WithClientCredentials("id", "secret"))
		tokens, n := tokenResponder(1) // renewed after 0.8 s: a fifth of its life before the end
		on(t, mock, "POST", "/oauth/tokens", tokens)
		api := on(t, mock, "GET", "/api/v2/tickets/1.json", respond(200, `{}`))
		ctx := context.Background()
		for i, wait := range []time.Duration{0, 0, 850 * time.Millisecond} {
			time.Sleep(wait)
			if _, err := c.get(ctx, "tickets/1.json", nil, nil); err != nil {
				t.Fatalf("call %d: %v", i+1, err)
			}
		}
		reqs := api.all()
		if len(reqs) != 3 {
			t.Fatalf("%d API requests, want 3", len(reqs))
		}
		if n.Load() != 2 || reqs[1].Header.Get("Authorization") != "Bearer tok-1" || reqs[2].Header.Get("Authorization") != "Bearer tok-2" {
			t.Errorf("%d token requests; auth %q, %q", n.Load(), reqs[1].Header.Get("Authorization"), reqs[2].Header.Get("Authorization"))
		}
	})
}

func TestClientCredentials401RenewsAndRepeatsOnce(t *testing.T) {
	c, mock := setupWith(t, WithClientCredentials("id", "secret"))
	tokens, n := tokenResponder(1800)
	on(t, mock, "POST", "/oauth/tokens", tokens)
	api := on(t, mock, "POST", "/api/v2/tickets.json",
		respond(401, `{"error":"invalid_token","error_description":"The access token provided is expired, revoked, malformed or invalid."}`),
		respond(201, `{"ticket":{"id":9}}`))
	body := map[string]any{"ticket": map[string]any{"subject": "Printer"}}
	var out struct {
		Ticket struct {
			ID int64 `json:"id"`
		} `json:"ticket"`
	}
	if _, err := c.do(context.Background(), &request{method: "POST", path: "tickets.json", body: body, idempotencyKey: "key-77"}, &out); err != nil {
		t.Fatal(err)
	}
	reqs := api.all()
	if len(reqs) != 2 || n.Load() != 2 || out.Ticket.ID != 9 {
		t.Fatalf("%d API requests, %d token requests, ticket %d", len(reqs), n.Load(), out.Ticket.ID)
	}
	if reqs[0].Header.Get("Authorization") != "Bearer tok-1" || reqs[1].Header.Get("Authorization") != "Bearer tok-2" {
		t.Errorf("auth %q then %q", reqs[0].Header.Get("Authorization"), reqs[1].Header.Get("Authorization"))
	}
	for _, r := range reqs {
		if r.Header.Get("Idempotency-Key") != "key-77" {
			t.Errorf("Idempotency-Key = %q", r.Header.Get("Idempotency-Key"))
		}
		wantJSON(t, r.Body, `{"ticket":{"subject":"Printer"}}`)
	}
}

func TestClientCredentialsSecond401Returned(t *testing.T) {
	c, mock := setupWith(t, WithClientCredentials("id", "secret"))
	tokens, n := tokenResponder(1800)
	on(t, mock, "POST", "/oauth/tokens", tokens)
	api := on(t, mock, "GET", "/api/v2/tickets/1.json", respond(401, `{"error":"invalid_token"}`))
	_, err := c.get(context.Background(), "tickets/1.json", nil, nil)
	var e *APIError
	if !errors.As(err, &e) || e.StatusCode != 401 || !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("err = %v", err)
	}
	if api.count() != 2 || n.Load() != 2 {
		t.Errorf("%d API requests, %d token requests; want 2 and 2", api.count(), n.Load())
	}
}

func TestClientCredentialsRefused(t *testing.T) {
	tests := []struct {
		status   int
		body     string
		sentinel error
	}{
		{401, `{"error":"invalid_client","error_description":"Client authentication failed due to unknown client."}`, ErrUnauthorized},
		{400, `{"error":"invalid_scope","error_description":"The requested scope is invalid."}`, ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(http.StatusText(tt.status), func(t *testing.T) {
			logs, logger := captureLogs()
			c, mock := setupWith(t, WithClientCredentials("id", "very-secret-value"), WithLogger(logger))
			tok := on(t, mock, "POST", "/oauth/tokens", respond(tt.status, tt.body))
			api := on(t, mock, "GET", "/api/v2/tickets/1.json", respond(200, `{}`))
			_, err := c.get(context.Background(), "tickets/1.json", nil, nil)
			if !errors.Is(err, tt.sentinel) {
				t.Fatalf("err = %v, want %v", err, tt.sentinel)
			}
			if !strings.Contains(err.Error(), "getting an OAuth token") {
				t.Errorf("error does not name the step: %v", err)
			}
			if api.count() != 0 || tok.count() != 1 {
				t.Errorf("%d API requests, %d token requests; want 0 and 1", api.count(), tok.count())
			}
			for _, s := range []string{err.Error(), logs.String()} {
				if strings.Contains(s, "very-secret-value") {
					t.Errorf("the secret leaked: %s", s)
				}
			}
		})
	}
}

func TestTokenRequestHonoursContext(t *testing.T) {
	c, mock := setupWith(t, WithClientCredentials("id", "secret"))
	on(t, mock, "POST", "/oauth/tokens", func(req *http.Request) (*http.Response, error) {
		<-req.Context().Done()
		return nil, req.Context().Err()
	})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := c.get(ctx, "tickets/1.json", nil, nil); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v", err)
	}
}

func TestTokenSourceStatic(t *testing.T) {
	c, mock := setupWith(t, WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "static-1"})))
	api := on(t, mock, "GET", "/api/v2/tickets/1.json", respond(401, `{"error":"invalid_token"}`))
	_, err := c.get(context.Background(), "tickets/1.json", nil, nil)
	if !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("err = %v", err)
	}
	if api.count() != 1 || api.last(t).Header.Get("Authorization") != "Bearer static-1" {
		t.Errorf("%d requests (a source that cannot renew is not asked twice); auth %q", api.count(), api.last(t).Header.Get("Authorization"))
	}
}

type countingSource struct{ n atomic.Int32 }

func (s *countingSource) Token() (*oauth2.Token, error) {
	i := s.n.Add(1)
	return &oauth2.Token{AccessToken: fmt.Sprintf("src-%d", i), Expiry: time.Now().Add(time.Hour)}, nil
}

func TestTokenSourceReusedUntilExpiry(t *testing.T) {
	src := &countingSource{}
	c, mock := setupWith(t, WithTokenSource(src))
	api := on(t, mock, "GET", "/api/v2/tickets/1.json", respond(200, `{}`))
	for range 5 {
		if _, err := c.get(context.Background(), "tickets/1.json", nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	if src.n.Load() != 1 || api.last(t).Header.Get("Authorization") != "Bearer src-1" {
		t.Errorf("%d tokens asked for 5 calls", src.n.Load())
	}
}

// TestTokenRequestUserAgent (issue 12, item 20): token requests carry the SDK's User-Agent,
// with the caller's suffix, as API calls do.
func TestTokenRequestUserAgent(t *testing.T) {
	c, mock := setupWith(t, WithClientCredentials("id", "secret"), WithUserAgent("acme-sync/2"))
	tokens, _ := tokenResponder(1800)
	tokReq := on(t, mock, "POST", "/oauth/tokens", tokens)
	api := on(t, mock, "GET", "/api/v2/tickets/1.json", respond(200, `{}`))
	if _, err := c.get(context.Background(), "tickets/1.json", nil, nil); err != nil {
		t.Fatal(err)
	}
	want := "zendesk-go/" + Version + " acme-sync/2"
	if got := tokReq.last(t).Header.Get("User-Agent"); got != want {
		t.Errorf("token request User-Agent = %q, want %q", got, want)
	}
	if got := api.last(t).Header.Get("User-Agent"); got != want {
		t.Errorf("API User-Agent = %q, want %q", got, want)
	}
}
