package zendesk

import (
	"context"
	"net/http"
	"net/url"
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
// 2,500 (High Volume, Enterprise Plus) requests a minute.
//
// With or without this option, the client follows the figures the server sends
// (`ratelimit-remaining` and `ratelimit-reset`): it sends no more requests in a window than the
// server said remain, and holds the rest until the window ends. A request whose wait would
// outlive its context's deadline fails at once with an error matching [ErrRateLimited] (and
// context.DeadlineExceeded).
func WithRateLimit(perMinute int) Option { return func(c *config) { c.ratePerMinute = perMinute } }

// transport sits between the retrying client and the caller's *http.Client. It paces requests
// and reads the rate-limit headers of every answer, retried ones included. It reads the
// caller's Transport on every request, so a mock installed on that client after NewClient
// (httpmock.ActivateNonDefault) still sees every request.
//
// Pacing keeps a budget: the requests the server said remain in its window, less those sent
// since. While it lasts, requests go at once (a burst finishes as fast as the limit allows);
// when it is spent, requests wait for the window's end, and after it the window's whole limit
// is the budget until the next answer tells better. The very first request of a client goes
// alone, so that a burst learns the figures from it instead of meeting a wall of 429s. Waits
// for an answer to tell (newsWait) are short: a slow answer holds nobody up for long.
type transport struct {
	hc      *http.Client
	limiter *rate.Limiter // nil: no client-side limit

	mu       sync.Mutex
	rl       RateLimit     // the latest figures, as RateLimit() shows them
	probing  bool          // the first request is out and nothing has come back yet
	probed   bool          // something has come back: the figures (if any) are known
	newsBy   time.Time     // until when requests wait for an answer to tell the figures
	budget   int           // requests that may still be sent in the server's window
	budgetOn bool          // budget applies: the server sent a remaining count and a reset
	resetAt  time.Time     // when the window of budget ends; zero after a refill, until told
	changed  chan struct{} // closed (and replaced) whenever an answer or an error comes back
}

func newTransport(hc *http.Client, perMinute int) *transport {
	t := &transport{hc: hc, changed: make(chan struct{})}
	if perMinute > 0 {
		burst := max(1, perMinute/60)
		t.limiter = rate.NewLimiter(rate.Limit(float64(perMinute)/60), burst)
	}
	return t
}

// client returns the *http.Client the retrying client sends through: the caller's settings,
// this transport, and redirects kept on the API's own host. With the caller's own redirect
// policy, redirects it follows elsewhere go without credentials (see credentialsStayHome).
func (t *transport) client() *http.Client {
	// Every answer names its request, whatever the caller's transport does, so that the retry
	// policy can find its call's state from the answer (see backoff).
	rt := roundTripperFunc(func(req *http.Request) (*http.Response, error) {
		resp, err := t.RoundTrip(req)
		if resp != nil && resp.Request == nil {
			resp.Request = req
		}
		return resp, err
	})
	return &http.Client{Transport: rt, CheckRedirect: credentialsStayHome(t.hc.CheckRedirect), Jar: t.hc.Jar, Timeout: t.hc.Timeout}
}

// credentialsStayHome wraps the caller's redirect policy (nil: sameHostRedirects) so that the
// Authorization header goes only to the origin of the first request, the base URL's: the same
// scheme, host and port. Go's own rule keeps it for the same host name on another port and from
// https to plain http.
func credentialsStayHome(policy func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	if policy == nil {
		return sameHostRedirects
	}
	return func(req *http.Request, via []*http.Request) error {
		if !sameOrigin(req.URL, via[0].URL) {
			req.Header.Del("Authorization")
		}
		return policy(req, via)
	}
}

// sameHostRedirects follows redirects within the first request's origin only. A redirect
// elsewhere comes back to the caller as the 3xx answer it is (an *APIError), so no request,
// and no credential, goes to a place the caller did not name.
func sameHostRedirects(req *http.Request, via []*http.Request) error {
	if len(via) >= 10 || !sameOrigin(req.URL, via[0].URL) {
		return http.ErrUseLastResponse
	}
	return nil
}

// sameOrigin reports whether a and b have the same scheme, host and port (a default port
// written out or not).
func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(a.Hostname(), b.Hostname()) &&
		portOf(a) == portOf(b)
}

func portOf(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	if strings.EqualFold(u.Scheme, "http") {
		return "80"
	}
	return "443"
}

// RoundTrip waits for the pace, sends, and records the rate-limit headers.
func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := t.wait(req.Context()); err != nil {
		return nil, err
	}
	resp, err := t.send(req)
	if err == nil {
		t.observe(resp.Header, time.Now())
	} else {
		t.observe(nil, time.Now())
	}
	return resp, err
}

// send hands req to the caller's transport as it is now, without pacing or bookkeeping.
func (t *transport) send(req *http.Request) (*http.Response, error) {
	rt := t.hc.Transport
	if rt == nil {
		rt = http.DefaultTransport
	}
	return rt.RoundTrip(req)
}

// transport has no CloseIdleConnections method, on purpose: go-retryablehttp calls it on its
// client when it gives up, which would drop the keep-alive connections of every goroutine that
// shares the caller's transport. The SDK never closes connections it does not own.

// newsWait is how long requests wait for an answer in flight to tell the rate-limit figures
// before they go without them.
const newsWait = time.Second

// errPaceTooLong is the error of a request that would have to wait for the rate limit past its
// context's deadline: it fails at once, as a Retry-After beyond the deadline does. It matches
// both ErrRateLimited and context.DeadlineExceeded, and is never retried.
type errPaceTooLong struct{ wait time.Duration }

func (e errPaceTooLong) Error() string {
	return "zendesk: waiting " + e.wait.Round(time.Millisecond).String() + " for the rate limit would outlive the context's deadline"
}

func (e errPaceTooLong) Is(target error) bool {
	return target == ErrRateLimited || target == context.DeadlineExceeded
}

// wait blocks for the client-side pace and for the server's budget (see transport), as long as
// the context allows.
func (t *transport) wait(ctx context.Context) error {
	if t.limiter != nil {
		r := t.limiter.Reserve()
		if d := r.Delay(); d > 0 {
			if err := sleep(ctx, d, nil, true); err != nil {
				r.Cancel()
				return err
			}
		}
	}
	for {
		t.mu.Lock()
		now := time.Now()
		var d time.Duration // how long to wait before looking again
		definite := false   // d is a wait the server asked for, not a wait for news
		switch {
		case !t.probed && !t.probing:
			t.probing, t.newsBy = true, now.Add(newsWait)
		case !t.probed && now.Before(t.newsBy):
			d = t.newsBy.Sub(now) // the first request is out: wait for its answer, a little
		case !t.probed:
			t.probed = true // its answer is slow: go on without the figures
		case !t.budgetOn || t.budget > 0:
			t.budget--
		case t.resetAt.IsZero() && t.newsBy.IsZero():
			t.newsBy = now.Add(newsWait)
			d = newsWait // refilled and spent before any answer came: wait for one, a little
		case t.resetAt.IsZero() && now.Before(t.newsBy):
			d = t.newsBy.Sub(now)
		case t.resetAt.IsZero():
			t.budgetOn = false // no answer tells: send, until one does
		case now.Before(t.resetAt):
			d, definite = t.resetAt.Sub(now), true
		default: // the window is over: a new one holds the whole limit
			t.budget, t.resetAt, t.newsBy = max(t.rl.Limit, 1)-1, time.Time{}, time.Time{}
		}
		changed := t.changed
		t.mu.Unlock()
		if d == 0 {
			return nil
		}
		if err := sleep(ctx, d, changed, definite); err != nil {
			return err
		}
	}
}

// sleep waits d, or until woken is closed, or until ctx ends. With failPastDeadline, a wait
// that would outlive ctx's deadline fails at once.
func sleep(ctx context.Context, d time.Duration, woken <-chan struct{}, failPastDeadline bool) error {
	if deadline, ok := ctx.Deadline(); ok && failPastDeadline && time.Now().Add(d).After(deadline) {
		return errPaceTooLong{d}
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	case <-woken:
		return nil
	}
}

// observe records the rate-limit figures of an answer (h nil: the request failed without one)
// and wakes the requests waiting for news.
func (t *transport) observe(h http.Header, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.probed, t.probing, t.newsBy = true, false, time.Time{}
	close(t.changed)
	t.changed = make(chan struct{})
	if h == nil {
		return
	}
	limit, okLimit := headerInt(h, "X-Rate-Limit", "Ratelimit-Limit")
	remaining, okRemaining := headerInt(h, "X-Rate-Limit-Remaining", "Ratelimit-Remaining")
	if !okLimit && !okRemaining {
		return
	}
	rl := RateLimit{Limit: limit, Remaining: remaining, Observed: now}
	reset, okReset := headerInt(h, "Ratelimit-Reset")
	if okReset && reset >= 0 {
		rl.Reset = now.Add(time.Duration(reset) * time.Second)
	}
	if !okLimit {
		rl.Limit = t.rl.Limit
	}
	t.rl = rl
	if !okRemaining || rl.Reset.IsZero() {
		return // without a count and a reset there is nothing to budget
	}
	// The reset comes in whole seconds, so answers of one window may differ by one. Within a
	// window, the smaller count wins: it has seen more requests (ours or others'), and our own
	// count already went down for every request sent. A later window starts afresh.
	sameWindow := t.budgetOn && (t.resetAt.IsZero() || rl.Reset.Sub(t.resetAt).Abs() <= time.Second)
	if sameWindow {
		t.budget = min(t.budget, remaining)
		if rl.Reset.After(t.resetAt) {
			t.resetAt = rl.Reset
		}
	} else if !t.budgetOn || rl.Reset.After(t.resetAt) {
		t.budget, t.resetAt = remaining, rl.Reset
	}
	t.budgetOn = true
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
