package zendesk

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// RateLimit is what the API last said about one request budget: the account's (see
// [Client.RateLimit]) or one endpoint's (see [Client.RateLimitFor]).
//
// The account's figures are read from any of the three spellings answers carry:
// `X-Rate-Limit` / `X-Rate-Limit-Remaining`, `ratelimit-limit` / `ratelimit-remaining` /
// `ratelimit-reset`, and (in answers recorded in 2023) `rate-limit` / `rate-limit-remaining` /
// `rate-limit-reset`. An endpoint's are read from its
// `zendesk-ratelimit-<name>: total=…; remaining=…; resets=…` header.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/introduction/rate-limits/
type RateLimit struct {
	// Limit is the number of requests the budget allows in a window (a minute for the account;
	// an endpoint header's total). 0: not seen yet.
	Limit int
	// Remaining is the number of requests left in the current window.
	Remaining int
	// Reset is when the window ends, when the server said so. It is zero when the server did not
	// say, or said something implausible: a time further off than [WithMaxRetryAfter] allows.
	Reset time.Time
	// Observed is when these figures arrived; zero before the first answer that had them.
	Observed time.Time
}

// WithRateLimit paces the client's requests (every attempt, retries included) to at most
// perMinute a minute, so a burst of calls stays under the account's limit instead of meeting
// 429s. Zendesk's plan limits are 200 (Team), 400 (Growth, Professional), 700 (Enterprise) and
// 2,500 (High Volume, Enterprise Plus) requests a minute.
//
// With or without this option, the client follows the budgets the server tells of: the
// account's (`ratelimit-remaining` and `ratelimit-reset`, or their 2023 spelling) and each
// endpoint's (`zendesk-ratelimit-<name>`, such as the ticket lists' or the incremental
// exports'). It sends no more requests in a window than the server said remain, and holds the
// rest until the window ends; an endpoint's own budget holds only the requests to that endpoint.
// A request whose wait would outlive its context's deadline fails at once with an error
// matching [ErrRateLimited] (and context.DeadlineExceeded). A window said to end further off
// than [WithMaxRetryAfter] (default 60s), or a figure that is not a whole number, is taken as
// unknown: the client is not held by it, and a 429 that follows is handled as any 429.
func WithRateLimit(perMinute int) Option { return func(c *config) { c.ratePerMinute = perMinute } }

// RateLimit returns the account's rate-limit figures from the latest answer that carried them.
func (c *Client) RateLimit() RateLimit { return c.transport.rateLimit() }

// RateLimitFor returns the figures of an endpoint's own budget from the latest answer that
// carried them, or the zero RateLimit before any did. name is what follows the prefix of the
// `zendesk-ratelimit-<name>` header (`zendesk-rate-limit-<name>` is read too), in any case: for
// example "tickets-index" (the ticket lists), "incremental-exports" or "search-export". Limit is
// the header's total, Remaining its remaining and Reset the time its resets (seconds) pointed to.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/introduction/rate-limits/
func (c *Client) RateLimitFor(name string) RateLimit { return c.transport.rateLimitFor(name) }

// Bounds on what hostile answers can make the pacer keep.
const (
	maxRoutes         = 1024 // paths remembered; idle ones are forgotten first
	maxBudgetsPerPath = 8    // endpoint budgets a path is paced by
	maxBudgetNames    = 64   // endpoint budgets RateLimitFor remembers
	maxBudgetName     = 64   // bytes of a budget's name
)

// accountWideBudgets are the endpoint budgets Zendesk counts for the whole account, whatever
// path a request goes to: "The zendesk-ratelimit-tickets-index header is only available in list
// ticket endpoints" (all of them share it), and the incremental and search exports are limited
// per account.
var accountWideBudgets = map[string]bool{"tickets-index": true, "incremental-exports": true, "search-export": true}

// newsWait is how long requests wait for an answer in flight to tell the rate-limit figures
// before they go without them.
const newsWait = time.Second

// pacer paces requests by the figures the server sends, and by WithRateLimit's client-side
// limit.
//
// Each budget the server tells of is a pace: the account's, and, for each path (method and
// URL path), one per endpoint budget its answers name. A pace holds the requests the server said
// remain in its window, less those sent since. While it lasts, requests go at once (a burst
// finishes as fast as the limit allows); when it is spent, requests wait for the window's end,
// and after it the window's whole limit is the budget until the next answer tells better. A
// request goes when the account's pace and every pace of its path allow, and counts against
// each; so a burst on an endpoint with a small budget of its own waits for that budget while
// requests to other paths go on. A budget Zendesk keeps for the whole account across several
// paths (accountWideBudgets: the ticket lists' tickets-index, the exports') is one pace for
// every path whose answers named it, so a list spent on one path holds the others too. Any
// other named budget is learnt on each path apart: a little is lost, a 429 retried, but no path
// is held by figures another path was told, which may be another ticket's.
//
// The first request of a client, and the first request on each path, goes alone, so that a
// burst learns the figures from it instead of meeting a wall of 429s. Waits for an answer to
// tell (newsWait) are short: a slow answer holds nobody up for long.
//
// Answers can be slow: one to a request sent before a window ended may come after the client
// has moved on to the next. Its figures tell of the old window, and taken for the new one they
// would end it early (its reset is near) and refill it again, letting more requests go than the
// server allows. So each request carries the time it went (wait returns it, observe takes it),
// each pace remembers when its current window began, and a pace takes no figures from an answer
// to a request sent before then.
//
// A reset further off than maxWait (WithMaxRetryAfter), or a figure that is not a whole number,
// is taken as unknown: no wait comes of it, and the 429 that may follow is handled as any other,
// returned at once when its Retry-After is too long. One absurd header never stalls the client.
type pacer struct {
	limiter *rate.Limiter // nil: no client-side limit
	maxWait time.Duration // the longest wait a rate-limit header may ask for

	mu      sync.Mutex
	rl      RateLimit            // the account's latest figures, as RateLimit() shows them
	named   map[string]RateLimit // each endpoint budget's latest figures, as RateLimitFor shows them
	first   probe                // the client's first request
	account pace
	routes  map[string]*route // by routeKey
	shared  map[string]*pace  // the accountWideBudgets by name, which routes share
	sweepBy time.Time         // no sweep of routes for idle ones before then
	changed chan struct{}     // closed (and replaced) whenever an answer or an error comes back
}

func newPacer(perMinute int, maxWait time.Duration) *pacer {
	p := &pacer{
		maxWait: maxWait,
		named:   map[string]RateLimit{},
		routes:  map[string]*route{},
		shared:  map[string]*pace{},
		changed: make(chan struct{}),
	}
	if perMinute > 0 {
		burst := max(1, perMinute/60)
		p.limiter = rate.NewLimiter(rate.Limit(float64(perMinute)/60), burst)
	}
	return p
}

// routeKey names the path a request goes to, as the pacer keeps its budgets: the method and the
// URL path without ".json", e.g. "GET /api/v2/tickets".
func routeKey(req *http.Request) string {
	return req.Method + " " + strings.TrimSuffix(req.URL.Path, ".json")
}

// probe is the state of a first request: out and not yet answered, or answered (done).
type probe struct {
	out    bool
	done   bool
	newsBy time.Time // until when the others wait for its answer
}

// check returns how long a request must wait for the first request's answer (0: none).
func (p *probe) check(now time.Time) time.Duration {
	switch {
	case p.done || !p.out:
		return 0
	case now.Before(p.newsBy):
		return p.newsBy.Sub(now)
	default:
		p.done = true // its answer is slow: go on without the figures
		return 0
	}
}

// take sends the first request, if it is this one.
func (p *probe) take(now time.Time) {
	if !p.done && !p.out {
		p.out, p.newsBy = true, now.Add(newsWait)
	}
}

func (p *probe) answered() { p.out, p.done = false, true }

// pace is one budget as the server tells it (see pacer).
type pace struct {
	on      bool      // the server sent a remaining count and a reset
	limit   int       // the window's whole budget, for the next window
	budget  int       // requests that may still be sent in the server's window
	resetAt time.Time // when the window of budget ends; zero after a refill, until told
	newsBy  time.Time // after a refill spent before any answer: until when to wait for one
	from    time.Time // when the client began the current window (zero: none yet)
}

// check returns how long a request must wait for this budget before looking again (0: it may
// go), and whether the wait is one the server asked for rather than one for news. It moves the
// budget on when its window has ended, so that what is left of an old window's budget is not
// spent in the next (where the requests would count against neither).
func (p *pace) check(now time.Time) (time.Duration, bool) {
	p.roll(now)
	switch {
	case !p.on || p.budget > 0:
		return 0, false
	case p.resetAt.IsZero() && p.newsBy.IsZero():
		p.newsBy = now.Add(newsWait) // refilled and spent before any answer came: wait a little
		return newsWait, false
	case p.resetAt.IsZero() && now.Before(p.newsBy):
		return p.newsBy.Sub(now), false
	case p.resetAt.IsZero():
		p.on = false // no answer tells: send, until one does
		return 0, false
	default: // before resetAt, roll having moved on from an ended window
		return p.resetAt.Sub(now), true
	}
}

// roll begins a new window when the current one is over: it holds the whole limit, and began
// when the old one ended, so an answer to a request sent since then tells of it.
func (p *pace) roll(now time.Time) {
	if p.on && !p.resetAt.IsZero() && !now.Before(p.resetAt) {
		p.budget, p.resetAt, p.newsBy, p.from = max(p.limit, 1), time.Time{}, time.Time{}, p.resetAt
	}
}

func (p *pace) take() {
	if p.on {
		p.budget--
	}
}

// observe takes in the figures of an answer, arriving at now, to a request sent at sent, that
// had a remaining count and a plausible reset. An answer to a request sent before the current
// window began tells of an older window: it is ignored.
func (p *pace) observe(limit, remaining int, reset, sent, now time.Time) {
	p.roll(now)
	if sent.Before(p.from) {
		return
	}
	p.limit = limit
	// The reset comes in whole seconds, so answers of one window may differ by one. Within a
	// window, the smaller count wins: it has seen more requests (ours or others'), and our own
	// count already went down for every request sent. A later window starts afresh.
	sameWindow := p.on && (p.resetAt.IsZero() || reset.Sub(p.resetAt).Abs() <= time.Second)
	if sameWindow {
		p.budget = min(p.budget, remaining)
		if reset.After(p.resetAt) {
			p.resetAt = reset
		}
	} else if !p.on || reset.After(p.resetAt) {
		p.budget, p.resetAt = remaining, reset
	}
	p.on = true
}

// over reports whether the budget holds nobody now or later without news.
func (p *pace) over(now time.Time) bool {
	return !p.on || !p.resetAt.IsZero() && !now.Before(p.resetAt)
}

// route is what the pacer knows of one path: its first request, and the endpoint budgets its
// answers named.
type route struct {
	probe
	budgets map[string]*pace // by name
}

// idle reports whether forgetting r loses nothing that holds a request now.
func (r *route) idle(now time.Time) bool {
	if r.out {
		return false
	}
	for name, b := range r.budgets {
		// A shared budget lives on in the pacer (and other paths keep it busy): forgetting
		// the path loses nothing of it, and the path links it again from its next answer.
		if !accountWideBudgets[name] && !b.over(now) {
			return false
		}
	}
	return true
}

// route returns the route of key, made if need be; nil when too many paths are remembered.
func (p *pacer) route(key string, now time.Time) *route {
	if r, ok := p.routes[key]; ok {
		return r
	}
	if len(p.routes) >= maxRoutes {
		if now.Before(p.sweepBy) {
			return nil
		}
		for k, r := range p.routes {
			if r.idle(now) {
				delete(p.routes, k)
			}
		}
		if len(p.routes) >= maxRoutes {
			p.sweepBy = now.Add(newsWait) // all busy: look again in a while, not on every request
			return nil
		}
	}
	r := &route{budgets: map[string]*pace{}}
	p.routes[key] = r
	return r
}

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

// wait blocks a request to key for the client-side pace and for the server's budgets (see
// pacer), as long as the context allows. It returns when the request went, for observe.
func (p *pacer) wait(ctx context.Context, key string) (time.Time, error) {
	if p.limiter != nil {
		r := p.limiter.Reserve()
		if d := r.Delay(); d > 0 {
			if err := sleep(ctx, d, nil, true); err != nil {
				r.Cancel()
				return time.Time{}, err
			}
		}
	}
	for {
		p.mu.Lock()
		now := time.Now()
		r := p.route(key, now)
		d, definite := p.check(r, now)
		if d == 0 {
			p.take(r, now)
		}
		changed := p.changed
		p.mu.Unlock()
		if d == 0 {
			return now, nil
		}
		if err := sleep(ctx, d, changed, definite); err != nil {
			return time.Time{}, err
		}
	}
}

// check returns the longest wait any budget of a request on r asks for (0: it may go now), and
// whether that is a wait the server asked for rather than one for news.
func (p *pacer) check(r *route, now time.Time) (time.Duration, bool) {
	var longest time.Duration
	var definite bool
	consider := func(d time.Duration, def bool) {
		if d > longest {
			longest, definite = d, def
		}
	}
	consider(p.first.check(now), false)
	consider(p.account.check(now))
	if r != nil {
		consider(r.check(now), false)
		for _, b := range r.budgets {
			consider(b.check(now))
		}
	}
	return longest, definite
}

// take counts a request on r against every budget.
func (p *pacer) take(r *route, now time.Time) {
	p.first.take(now)
	p.account.take()
	if r != nil {
		r.take(now)
		for _, b := range r.budgets {
			b.take()
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

// observe records the rate-limit figures of an answer, arriving at now, to a request to key
// that went at sent (as wait returned it; h nil: the request failed without an answer) and
// wakes the requests waiting for news.
func (p *pacer) observe(key string, sent time.Time, h http.Header, now time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.first.answered()
	close(p.changed)
	p.changed = make(chan struct{})
	r := p.routes[key]
	if r != nil {
		r.answered()
	}
	if h == nil {
		return
	}
	if f, ok := accountFigures(h, now, p.maxWait); ok {
		if !f.hasLimit {
			f.limit = p.rl.Limit
		}
		p.rl = RateLimit{Limit: f.limit, Remaining: f.remaining, Reset: f.reset, Observed: now}
		if f.hasRemaining && !f.reset.IsZero() { // without both there is nothing to budget
			p.account.observe(f.limit, f.remaining, f.reset, sent, now)
		}
	}
	for name, f := range endpointFigures(h, now, p.maxWait) {
		if _, ok := p.named[name]; ok || len(p.named) < maxBudgetNames {
			p.named[name] = RateLimit{Limit: f.limit, Remaining: f.remaining, Reset: f.reset, Observed: now}
		}
		if f.reset.IsZero() {
			continue
		}
		if r == nil { // forgotten since the request went: learn it again from this answer
			if r = p.route(key, now); r == nil {
				continue
			}
			r.answered()
		}
		b := r.budgets[name]
		if b == nil {
			if len(r.budgets) >= maxBudgetsPerPath {
				continue
			}
			b = &pace{}
			if accountWideBudgets[name] {
				if p.shared[name] == nil {
					p.shared[name] = b
				}
				b = p.shared[name]
			}
			r.budgets[name] = b
		}
		b.observe(f.limit, f.remaining, f.reset, sent, now)
	}
}

func (p *pacer) rateLimit() RateLimit {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.rl
}

func (p *pacer) rateLimitFor(name string) RateLimit {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.named[strings.ToLower(name)]
}

// figures are one budget's numbers as one answer told them.
type figures struct {
	limit, remaining       int
	hasLimit, hasRemaining bool
	reset                  time.Time // zero: not told, or not plausible
}

// accountFigures reads the account's figures in any of their spellings; ok is false when the
// answer had neither a limit nor a remaining count.
func accountFigures(h http.Header, now time.Time, maxWait time.Duration) (f figures, ok bool) {
	f.limit, f.hasLimit = headerCount(h, "X-Rate-Limit", "Ratelimit-Limit", "Rate-Limit")
	f.remaining, f.hasRemaining = headerCount(h, "X-Rate-Limit-Remaining", "Ratelimit-Remaining", "Rate-Limit-Remaining")
	if secs, ok := headerCount(h, "Ratelimit-Reset", "Rate-Limit-Reset"); ok {
		f.reset = resetAfter(now, secs, maxWait)
	}
	return f, f.hasLimit || f.hasRemaining
}

// endpointPrefixes are the spellings of the per-endpoint headers' names, lower case.
var endpointPrefixes = []string{"zendesk-ratelimit-", "zendesk-rate-limit-"}

// endpointFigures reads the per-endpoint headers of an answer, by budget name (lower case), at
// most maxBudgetsPerPath of them. Headers whose value does not parse are left out.
func endpointFigures(h http.Header, now time.Time, maxWait time.Duration) map[string]figures {
	var out map[string]figures
	for k, vs := range h {
		if len(out) >= maxBudgetsPerPath {
			break
		}
		name := ""
		for _, prefix := range endpointPrefixes {
			if len(k) > len(prefix) && strings.EqualFold(k[:len(prefix)], prefix) {
				name = strings.ToLower(k[len(prefix):])
			}
		}
		if name == "" || len(name) > maxBudgetName || len(vs) == 0 {
			continue
		}
		if f, ok := parseEndpointFigures(vs[0], now, maxWait); ok {
			if out == nil {
				out = map[string]figures{}
			}
			out[name] = f
		}
	}
	return out
}

// parseEndpointFigures reads `total=100; remaining=99; resets=41`. total and remaining are
// required; any of the three that is not a whole number spoils the value. Other keys are
// ignored.
func parseEndpointFigures(v string, now time.Time, maxWait time.Duration) (figures, bool) {
	var f figures
	for part := range strings.SplitSeq(v, ";") {
		key, val, ok := strings.Cut(part, "=")
		if !ok {
			if strings.TrimSpace(part) == "" {
				continue
			}
			return figures{}, false
		}
		var n int
		switch key = strings.ToLower(strings.TrimSpace(key)); key {
		case "total", "remaining", "resets":
			if n, ok = wholeNumber(val); !ok {
				return figures{}, false
			}
		}
		switch key {
		case "total":
			f.limit, f.hasLimit = n, true
		case "remaining":
			f.remaining, f.hasRemaining = n, true
		case "resets":
			f.reset = resetAfter(now, n, maxWait)
		}
	}
	return f, f.hasLimit && f.hasRemaining
}

// resetAfter is the time secs seconds after now, or zero when that is further off than
// maxWait: a window said to end so late is not one to wait for (an implausible value is as
// good as none).
func resetAfter(now time.Time, secs int, maxWait time.Duration) time.Time {
	if int64(secs) > int64(maxWait/time.Second) {
		return time.Time{}
	}
	return now.Add(time.Duration(secs) * time.Second)
}

// headerCount returns the first of the named headers that holds a whole number.
func headerCount(h http.Header, names ...string) (int, bool) {
	for _, name := range names {
		if n, ok := wholeNumber(h.Get(name)); ok {
			return n, true
		}
	}
	return 0, false
}

// wholeNumber reads a count: digits only, around spaces; no sign, no fraction.
func wholeNumber(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if s == "" || strings.TrimLeft(s, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}
