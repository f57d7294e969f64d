package zendesk

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

func TestRedirectToAnotherHostIsNotFollowed(t *testing.T) {
	var reached atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached.Add(1)
		w.Write([]byte(`{}`))
	}))
	defer other.Close()
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, strings.Replace(other.URL, "127.0.0.1", "localhost", 1)+r.URL.Path, http.StatusFound)
	}))
	defer api.Close()
	c, err := NewClient("", WithBaseURL(api.URL), WithAPIToken("a@b.c", "s3cr3t"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.get(context.Background(), "tickets/1.json", nil, nil)
	var e *APIError
	if !errors.As(err, &e) || e.StatusCode != http.StatusFound {
		t.Fatalf("err = %v, want the 302 as an *APIError", err)
	}
	if reached.Load() != 0 {
		t.Error("the redirect was followed to another host")
	}
}

func TestRedirectWithCallersClientDropsCredentials(t *testing.T) {
	var gotAuth atomic.Value
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotAuth.Store(r.Header.Get("Authorization"))
		w.Write([]byte(`{}`))
	}))
	defer other.Close()
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, strings.Replace(other.URL, "127.0.0.1", "localhost", 1)+r.URL.Path, http.StatusFound)
	}))
	defer api.Close()
	// The caller's own redirect policy is kept; Go drops credentials on a cross-host hop.
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return nil }}
	c, err := NewClient("", WithBaseURL(api.URL), WithAPIToken("a@b.c", "s3cr3t"), WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.get(context.Background(), "tickets/1.json", nil, nil); err != nil {
		t.Fatal(err)
	}
	if v, _ := gotAuth.Load().(string); v != "" {
		t.Errorf("credentials followed the redirect: %q", v)
	}
}

func TestRateLimitFiguresAreExposed(t *testing.T) {
	c, mock := setup(t)
	if rl := c.RateLimit(); !rl.Observed.IsZero() {
		t.Errorf("figures before any answer: %+v", rl)
	}
	on(t, mock, "GET", "/api/v2/tickets/1.json", respond(200, `{}`, "X-Rate-Limit", "700", "X-Rate-Limit-Remaining", "699", "ratelimit-reset", "42"))
	if _, err := c.get(context.Background(), "tickets/1.json", nil, nil); err != nil {
		t.Fatal(err)
	}
	rl := c.RateLimit()
	if rl.Limit != 700 || rl.Remaining != 699 || rl.Observed.IsZero() || time.Until(rl.Reset) < 40*time.Second {
		t.Errorf("RateLimit() = %+v", rl)
	}
}

func TestSpentBudgetWaitsForReset(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", "/api/v2/tickets/1.json", respond(200, `{}`, "X-Rate-Limit", "700", "X-Rate-Limit-Remaining", "0", "ratelimit-reset", "30"))
	if _, err := c.get(context.Background(), "tickets/1.json", nil, nil); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := c.get(ctx, "tickets/1.json", nil, nil); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want to wait for the reset past the deadline", err)
	}
	if rec.count() != 1 {
		t.Errorf("%d requests: one was sent with no budget left", rec.count())
	}
}

func TestWithRateLimitPaces(t *testing.T) {
	c, mock := setup(t, WithRateLimit(60)) // one a second, burst 1
	rec := on(t, mock, "GET", "/api/v2/tickets/1.json", respond(200, `{}`))
	if _, err := c.get(context.Background(), "tickets/1.json", nil, nil); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err := c.get(ctx, "tickets/1.json", nil, nil)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the pace to outlive the deadline", err)
	}
	if rec.count() != 1 {
		t.Errorf("%d requests, want 1", rec.count())
	}
	if _, err := NewClient("acme", WithAPIToken("a", "b"), WithRateLimit(-1)); err == nil {
		t.Error("negative rate accepted")
	}
}

// authKinds are the ways a client can hold credentials, each with secrets the tests look for.
func authKinds() map[string]Option {
	return map[string]Option{
		"API token":          WithAPIToken("agent@example.com", "s3cr3t-token"),
		"password":           WithBasicAuth("agent@example.com", "s3cr3t-password"),
		"OAuth token":        WithOAuthToken("s3cr3t-oauth"),
		"client credentials": WithClientCredentials("client-id", "s3cr3t-client", "read"),
	}
}

// tokenHandler answers the client credentials grant with a token the tests look for.
func tokenHandler(w http.ResponseWriter, r *http.Request) bool {
	if r.URL.Path != "/oauth/tokens" {
		return false
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write([]byte(`{"access_token":"s3cr3t-minted","token_type":"bearer","expires_in":1800}`))
	return true
}

// TestRedirectToAnotherHostNoCredentialLeaves redirects every API call (with each redirect
// status) to another host, for every auth kind and with the SDK's or the caller's redirect
// policy: no credential ever reaches the other host.
func TestRedirectToAnotherHostNoCredentialLeaves(t *testing.T) {
	var mu sync.Mutex
	var leaked []string
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		leaked = append(leaked, r.Header.Get("Authorization")+" "+string(body)+" "+r.URL.String())
		mu.Unlock()
		w.Write([]byte(`{"ticket":{"id":1}}`))
	}))
	defer other.Close()
	otherURL := strings.Replace(other.URL, "127.0.0.1", "localhost", 1)
	for _, status := range []int{http.StatusMovedPermanently, http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if tokenHandler(w, r) {
				return
			}
			http.Redirect(w, r, otherURL+r.URL.Path, status)
		}))
		policies := map[string]func(*http.Request, []*http.Request) error{
			"SDK's policy":       nil,
			"caller follows all": func(*http.Request, []*http.Request) error { return nil },
		}
		for authName, auth := range authKinds() {
			for policyName, policy := range policies {
				t.Run(fmt.Sprintf("%d %s %s", status, authName, policyName), func(t *testing.T) {
					hc := &http.Client{CheckRedirect: policy}
					c, err := NewClient("", WithBaseURL(api.URL), WithHTTPClient(hc), auth, WithRetryMax(0))
					if err != nil {
						t.Fatal(err)
					}
					_, _, _ = c.Tickets.Update(context.Background(), 1, &TicketRequest{Subject: Set("x")})
					_, _ = c.Tickets.Get(context.Background(), 1)
				})
			}
		}
		api.Close()
	}
	mu.Lock()
	defer mu.Unlock()
	for _, l := range leaked {
		wantNoSecret(t, "a request to the other host", l)
	}
}

// TestTokenRequestNotRedirectedToAnotherHost: the client secret travels in the body of the token
// request, and a 307 or 308 would send that body along to wherever it points, whatever the
// caller's redirect policy. The token request follows no redirect to another host.
func TestTokenRequestNotRedirectedToAnotherHost(t *testing.T) {
	for _, status := range []int{http.StatusTemporaryRedirect, http.StatusPermanentRedirect, http.StatusFound} {
		for _, follow := range []bool{false, true} {
			t.Run(fmt.Sprintf("%d caller follows %v", status, follow), func(t *testing.T) {
				var got atomic.Value
				other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if r.URL.Path == "/oauth/tokens" {
						body, _ := io.ReadAll(r.Body)
						got.Store(r.Header.Get("Authorization") + " " + string(body))
					}
					tokenHandler(w, r)
				}))
				defer other.Close()
				api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					http.Redirect(w, r, strings.Replace(other.URL, "127.0.0.1", "localhost", 1)+r.URL.Path, status)
				}))
				defer api.Close()
				hc := &http.Client{}
				if follow {
					hc.CheckRedirect = func(*http.Request, []*http.Request) error { return nil }
				}
				c, err := NewClient("", WithBaseURL(api.URL), WithHTTPClient(hc), WithClientCredentials("client-id", "s3cr3t-client", "read"))
				if err != nil {
					t.Fatal(err)
				}
				_, err = c.Tickets.Get(context.Background(), 1)
				if err == nil {
					t.Fatal("no error")
				}
				wantNoSecret(t, "the error", err.Error())
				if v, _ := got.Load().(string); v != "" {
					wantNoSecret(t, "the token request that reached the other host", v)
					t.Errorf("the token request followed the redirect to another host: %q", v)
				}
			})
		}
	}
}

// TestRateLimitWaitPastDeadlineFailsAtOnce: when the budget is spent and the window ends after
// the context's deadline, the call fails at once (as a Retry-After past the deadline does),
// with an error matching ErrRateLimited and context.DeadlineExceeded, and is not retried. It
// runs on synctest's clock, so "at once" is exact however busy the machine.
func TestRateLimitWaitPastDeadlineFailsAtOnce(t *testing.T) {
	for _, tt := range []struct {
		name string
		opts []Option
		hdrs []string
	}{
		{"server's budget spent", nil, []string{"X-Rate-Limit", "700", "X-Rate-Limit-Remaining", "0", "ratelimit-reset", "30"}},
		{"client-side pace", []Option{WithRateLimit(60)}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				c, mock := setup(t, tt.opts...)
				rec := on(t, mock, "GET", "/api/v2/tickets/1.json", respond(200, `{}`, tt.hdrs...))
				if _, err := c.get(context.Background(), "tickets/1.json", nil, nil); err != nil {
					t.Fatal(err)
				}
				ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
				defer cancel()
				start := time.Now()
				_, err := c.get(ctx, "tickets/1.json", nil, nil)
				if !errors.Is(err, ErrRateLimited) || !errors.Is(err, context.DeadlineExceeded) {
					t.Errorf("err = %v, want ErrRateLimited and context.DeadlineExceeded", err)
				}
				if took := time.Since(start); took > 250*time.Millisecond {
					t.Errorf("returned after %s, not at once", took)
				}
				if rec.count() != 1 {
					t.Errorf("%d requests, want 1", rec.count())
				}
			})
		})
	}
}

// TestRateLimitLowBudgetIsSpentNotExceeded: with 2 requests left in the window, two more go at
// once and the third waits for the window's end.
func TestRateLimitLowBudgetIsSpentNotExceeded(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", "/api/v2/tickets/1.json",
		respond(200, `{}`, "X-Rate-Limit", "700", "X-Rate-Limit-Remaining", "2", "ratelimit-reset", "30"))
	for range 3 {
		if _, err := c.get(context.Background(), "tickets/1.json", nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if _, err := c.get(ctx, "tickets/1.json", nil, nil); !errors.Is(err, ErrRateLimited) {
		t.Errorf("err = %v, want the fourth request held for the window's end", err)
	}
	if rec.count() != 3 {
		t.Errorf("%d requests, want 3", rec.count())
	}
	if rl := c.RateLimit(); rl.Remaining != 2 || rl.Limit != 700 {
		t.Errorf("RateLimit() = %+v, want the server's last figures", rl)
	}
}

// TestRateLimitWindowEndRefills: after the window's end, the whole limit is the budget again.
// It runs on synctest's clock: the wait for the reset takes no real time.
func TestRateLimitWindowEndRefills(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mock := setup(t)
		rec := on(t, mock, "GET", "/api/v2/tickets/1.json",
			respond(200, `{}`, "X-Rate-Limit", "3", "X-Rate-Limit-Remaining", "0", "ratelimit-reset", "1"),
			respond(200, `{}`))
		start := time.Now()
		for range 4 {
			if _, err := c.get(context.Background(), "tickets/1.json", nil, nil); err != nil {
				t.Fatal(err)
			}
		}
		if took := time.Since(start); took < 900*time.Millisecond || took > 3*time.Second {
			t.Errorf("took %s, want one wait of about 1s for the reset", took)
		}
		if rec.count() != 4 {
			t.Errorf("%d requests", rec.count())
		}
	})
}

// TestSlowFirstAnswerHoldsNobodyLong: the first request of a client goes alone, but a slow
// answer to it holds the others for a second at most. It runs on synctest's clock, so the
// second it waits takes no real time.
func TestSlowFirstAnswerHoldsNobodyLong(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mock := setup(t)
		release := make(chan struct{})
		defer close(release)
		first := on(t, mock, "GET", "/api/v2/tickets/1.json", func(r *http.Request) (*http.Response, error) {
			select {
			case <-release:
			case <-r.Context().Done():
			}
			return respond(200, `{"ticket":{"id":1}}`)(r)
		})
		second := on(t, mock, "GET", "/api/v2/tickets/2.json", respond(200, `{"ticket":{"id":2}}`))
		go c.Tickets.Get(context.Background(), 1)
		synctest.Wait() // the first request is at the server, waiting for release
		if first.count() != 1 {
			t.Fatalf("%d first requests at the server, want 1", first.count())
		}
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		start := time.Now()
		if _, err := c.Tickets.Get(ctx, 2); err != nil {
			t.Fatal(err)
		}
		if took := time.Since(start); took > 1500*time.Millisecond {
			t.Errorf("the second request waited %s for the first's answer", took)
		}
		if second.count() != 1 {
			t.Errorf("%d second requests, want 1", second.count())
		}
	})
}

// TestRedirectCredentialsStayInTheOrigin (issue 12, item 3): whatever the caller's redirect
// policy, Authorization reaches only the base URL's origin: not the same host on another port,
// not plain http after https. The request itself is followed, as the caller's policy says.
func TestRedirectCredentialsStayInTheOrigin(t *testing.T) {
	var gotAuth atomic.Value
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotAuth.Store("[" + r.Header.Get("Authorization") + "]")
		w.Write([]byte(`{}`))
	}))
	defer other.Close()
	redirect := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/v2/tickets/1.json" {
			http.Redirect(w, r, other.URL+r.URL.Path, http.StatusFound) // 127.0.0.1, another port
			return
		}
		w.Write([]byte(`{}`))
	})
	plain := httptest.NewServer(redirect)
	defer plain.Close()
	secure := httptest.NewTLSServer(redirect)
	defer secure.Close()
	follow := func(*http.Request, []*http.Request) error { return nil }
	for name, tc := range map[string]struct {
		base string
		hc   *http.Client
	}{
		"same host, other port": {plain.URL, &http.Client{CheckRedirect: follow}},
		"https to plain http":   {secure.URL, &http.Client{Transport: secure.Client().Transport, CheckRedirect: follow}},
	} {
		t.Run(name, func(t *testing.T) {
			gotAuth.Store("not reached")
			c, err := NewClient("", WithBaseURL(tc.base), WithHTTPClient(tc.hc), WithOAuthToken("s3cr3t-token"))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.get(context.Background(), "tickets/1.json", nil, nil); err != nil {
				t.Fatal(err)
			}
			if got := gotAuth.Load(); got != "[]" {
				t.Errorf("the other origin got Authorization %v, want none", got)
			}
		})
	}
}

// closeCounter is a caller's transport that counts CloseIdleConnections calls.
type closeCounter struct {
	http.RoundTripper
	closed atomic.Int32
}

func (c *closeCounter) CloseIdleConnections() { c.closed.Add(1) }

// TestGivingUpLeavesTheCallersPool (issue 12, item 14): when retries run out, or the context
// ends during a backoff, the caller's transport keeps its idle connections: the SDK does not
// own them.
func TestGivingUpLeavesTheCallersPool(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusInternalServerError)
	}))
	defer srv.Close()
	rt := &closeCounter{RoundTripper: srv.Client().Transport}
	c, err := NewClient("", WithBaseURL(srv.URL), WithHTTPClient(&http.Client{Transport: rt}),
		WithOAuthToken("tok"), WithRetryWait(time.Millisecond, time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.get(context.Background(), "tickets/1.json", nil, nil); err == nil {
		t.Fatal("no error from a 500")
	}
	slow, err := NewClient("", WithBaseURL(srv.URL), WithHTTPClient(&http.Client{Transport: rt}),
		WithOAuthToken("tok"), WithRetryWait(time.Minute, time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	// Cancelled (no deadline, which would return the 500 at once) during the minute's backoff.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	time.AfterFunc(20*time.Millisecond, cancel)
	if _, err := slow.get(ctx, "tickets/1.json", nil, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if n := rt.closed.Load(); n != 0 {
		t.Errorf("the caller's idle connections were closed %d times", n)
	}
}
