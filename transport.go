package zendesk

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// RateLimit is what the API last said about the account's request budget, read from the
// `X-Rate-Limit` / `X-Rate-Limit-Remaining` and `ratelimit-limit` / `ratelimit-remaining` /
// `ratelimit-reset` headers of its answers.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/introduction/rate-limits/
type RateLimit struct {
	// Limit is the number of requests the account may make per minute (0: not seen yet).
	Limit int
	// Remaining is the number of requests left in the current window.
	Remaining int
	// Reset is when the window ends, when the server said so; zero otherwise.
	Reset time.Time
	// Observed is when these figures arrived; zero before the first answer that had them.
	Observed time.Time
}

// WithRateLimit paces the client's requests (every attempt, retries included) to at most
// perMinute a minute, so a burst of calls stays under the account's limit instead of meeting
// 429s. Zendesk's plan limits are 200 (Team), 400 (Growth, Professional), 700 (Enterprise) and
// 2,500 (High Volume, Enterprise Plus) requests a minute. Without this option the client still
// waits for the window to reset when the server says none of the budget remains.
func WithRateLimit(perMinute int) Option { return func(c *config) { c.ratePerMinute = perMinute } }

// transport sits between the retrying client and the caller's *http.Client. It paces requests
// and reads the rate-limit headers of every answer, retried ones included. It reads the
// caller's Transport on every request, so a mock installed on that client after NewClient
// (httpmock.ActivateNonDefault) still sees every request.
type transport struct {
	hc      *http.Client
	limiter *rate.Limiter // nil: no client-side limit

	mu sync.Mutex
	rl RateLimit
}

func newTransport(hc *http.Client, perMinute int) *transport {
	t := &transport{hc: hc}
	if perMinute > 0 {
		burst := max(1, perMinute/60)
		t.limiter = rate.NewLimiter(rate.Limit(float64(perMinute)/60), burst)
	}
	return t
}

// client returns the *http.Client the retrying client sends through: the caller's settings,
// this transport, and redirects kept on the API's own host.
func (t *transport) client() *http.Client {
	checkRedirect := t.hc.CheckRedirect
	if checkRedirect == nil {
		checkRedirect = sameHostRedirects
	}
	return &http.Client{Transport: t, CheckRedirect: checkRedirect, Jar: t.hc.Jar, Timeout: t.hc.Timeout}
}

// sameHostRedirects follows redirects on the same host only. A redirect elsewhere comes back
// to the caller as the 3xx answer it is (an *APIError), so no request, and no credential,
// goes to a host the caller did not name.
func sameHostRedirects(req *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return http.ErrUseLastResponse
	}
	if req.URL.Host != via[0].URL.Host || req.URL.Scheme != via[0].URL.Scheme {
		return http.ErrUseLastResponse
	}
	return nil
}

// RoundTrip waits for the pace, sends, and records the rate-limit headers.
func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := t.wait(req.Context()); err != nil {
		return nil, err
	}
	rt := t.hc.Transport
	if rt == nil {
		rt = http.DefaultTransport
	}
	resp, err := rt.RoundTrip(req)
	if err == nil {
		t.observe(resp.Header, time.Now())
	}
	return resp, err
}

// CloseIdleConnections passes on to the caller's transport.
func (t *transport) CloseIdleConnections() {
	type closeIdler interface{ CloseIdleConnections() }
	if ci, ok := t.hc.Transport.(closeIdler); ok {
		ci.CloseIdleConnections()
	}
}

// wait blocks for the client-side pace and, when the server said the budget is spent, until
// the window resets (as long as the context allows).
func (t *transport) wait(ctx context.Context) error {
	if t.limiter != nil {
		if err := t.limiter.Wait(ctx); err != nil {
			if ctxErr := ctx.Err(); ctxErr != nil {
				return ctxErr
			}
			// The limiter refuses at once a wait that would pass the deadline.
			return fmt.Errorf("zendesk: waiting for the client-side rate limit would outlive the context: %w", context.DeadlineExceeded)
		}
	}
	t.mu.Lock()
	rl := t.rl
	t.mu.Unlock()
	if rl.Observed.IsZero() || rl.Remaining > 0 || rl.Reset.IsZero() {
		return nil
	}
	d := time.Until(rl.Reset)
	if d <= 0 {
		return nil
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

func (t *transport) observe(h http.Header, now time.Time) {
	limit, okLimit := headerInt(h, "X-Rate-Limit", "Ratelimit-Limit")
	remaining, okRemaining := headerInt(h, "X-Rate-Limit-Remaining", "Ratelimit-Remaining")
	if !okLimit && !okRemaining {
		return
	}
	rl := RateLimit{Limit: limit, Remaining: remaining, Observed: now}
	if reset, ok := headerInt(h, "Ratelimit-Reset"); ok && reset >= 0 {
		rl.Reset = now.Add(time.Duration(reset) * time.Second)
	}
	t.mu.Lock()
	if !okLimit {
		rl.Limit = t.rl.Limit
	}
	t.rl = rl
	t.mu.Unlock()
}

func (t *transport) rateLimit() RateLimit {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.rl
}

// headerInt returns the first of the named headers that holds an integer.
func headerInt(h http.Header, names ...string) (int, bool) {
	for _, name := range names {
		if v := h.Get(name); v != "" {
			if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil {
				return n, true
			}
		}
	}
	return 0, false
}

// RateLimit returns the rate-limit figures of the latest answer that carried them.
func (c *Client) RateLimit() RateLimit { return c.transport.rateLimit() }
