package zendesktest

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// DefaultRateLimit is the account budget a server announces when [WithRateLimit] sets none:
// the 700 requests a minute of the recorded accounts (Zendesk's Enterprise plan). It is
// announced in X-Rate-Limit and X-Rate-Limit-Remaining, counted down, and never enforced.
const DefaultRateLimit = 700

// endpointRoutes are the routes of the per-endpoint budgets [WithEndpointRateLimit] knows by
// name, as [Server.FailNext] patterns after the method. The routes of some (incremental and
// search exports) may not be served yet: their budgets apply all the same (to the 404s), and
// to the routes when they come.
var endpointRoutes = map[string][]string{
	"tickets-index":       {"GET tickets", "GET organizations/*/tickets", "GET users/*/tickets/*"},
	"incremental-exports": {"GET incremental/*", "GET incremental/*/*"},
	"search-export":       {"GET search/export"},
}

// WithEndpointRateLimit gives the routes of one of Zendesk's per-endpoint budgets a limit of
// their own: perWindow requests in each window of the account's length (a minute, or
// [WithRateWindow]'s), counted from the first request, next to the account's limit. Every
// answer on those routes carries `Zendesk-RateLimit-<name>: total=…; remaining=…; resets=…`
// (resets: whole seconds to the window's end, rounded up); past the budget they get 429
// TooManyRequests with Retry-After, while other routes go on.
//
// name is the budget's name in the header. Without routes it must be one the fake knows:
// "tickets-index" (the ticket lists: GET tickets, organizations/{id}/tickets and
// users/{id}/tickets/{requested,ccd,assigned}), "incremental-exports" (GET incremental/…) or
// "search-export" (GET search/export); routes otherwise name them, each a method and a
// [Server.FailNext] pattern such as "GET tickets/*/audits" (no method: any). A second option
// with the same name replaces the first; perWindow 0 removes it. A route may have several
// budgets: a request counts against each only when none of them (nor the account's) refuses it
// (choice). Zendesk's own limits: incremental exports 10 a minute, search export 100.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/introduction/rate-limits/
func WithEndpointRateLimit(name string, perWindow int, routes ...string) Option {
	if len(routes) == 0 {
		routes = endpointRoutes[name]
	}
	if len(routes) == 0 {
		panic(fmt.Sprintf("zendesktest: WithEndpointRateLimit(%q): not a budget the fake knows; give its routes", name))
	}
	l := endpointLimit{name: name, perWindow: perWindow}
	for _, r := range routes {
		method, pattern, ok := strings.Cut(strings.TrimSpace(r), " ")
		if !ok {
			method, pattern = "", method
		}
		l.routes = append(l.routes, routePattern{method: method, pattern: routeOf(strings.TrimSpace(pattern))})
	}
	return func(c *config) {
		kept := c.endpoints[:0:0]
		for _, e := range c.endpoints {
			if e.name != name {
				kept = append(kept, e)
			}
		}
		if perWindow > 0 {
			kept = append(kept, l)
		}
		c.endpoints = kept
	}
}

// WithRateLimitHeaders2023 makes answers spell the account's figures as answers recorded in
// 2023 do: rate-limit and rate-limit-remaining, and rate-limit-reset when [WithRateLimit] is
// set, instead of X-Rate-Limit, X-Rate-Limit-Remaining and ratelimit-limit, -remaining and
// -reset. Per-endpoint headers keep their spelling.
func WithRateLimitHeaders2023() Option {
	return func(c *config) { c.rateHeaders23 = true }
}

type endpointLimit struct {
	name      string
	perWindow int
	routes    []routePattern
}

type routePattern struct{ method, pattern string }

func (l *endpointLimit) matches(method, route string) bool {
	for _, r := range l.routes {
		if matches(r.method, r.pattern, method, route) {
			return true
		}
	}
	return false
}

// rates are the windows the server counts requests in: the account's and each endpoint
// budget's.
type rates struct {
	account   rateWindow
	endpoints map[string]*rateWindow // by name
}

type rateWindow struct {
	start time.Time
	used  int
}

// roll starts a new window when the last one is over, and returns the whole seconds (rounded
// up) until the current one ends.
func (w *rateWindow) roll(now time.Time, length time.Duration) int {
	if w.start.IsZero() || now.Sub(w.start) >= length {
		*w = rateWindow{start: now}
	}
	return ceilSeconds(length - now.Sub(w.start))
}

// takeRate counts a request of method to route against the account's budget and the budgets of
// the route's endpoints, and returns the headers to send, and a 429 when a budget is used up.
func (s *Server) takeRate(method, route string) (http.Header, *apiError) {
	now := time.Now()
	length := s.cfg.rateWindow
	if length <= 0 {
		length = time.Minute
	}
	limit, enforced := s.cfg.rateLimit, s.cfg.rateLimit > 0
	if !enforced {
		limit = DefaultRateLimit
	}
	reset := s.rate.account.roll(now, length)
	refused := enforced && s.rate.account.used >= limit
	retryAfter := 0
	if refused {
		retryAfter = reset
	}
	type hit struct {
		l     *endpointLimit
		w     *rateWindow
		reset int
	}
	var hits []hit
	for i := range s.cfg.endpoints {
		l := &s.cfg.endpoints[i]
		if !l.matches(method, route) {
			continue
		}
		if s.rate.endpoints == nil {
			s.rate.endpoints = map[string]*rateWindow{}
		}
		w := s.rate.endpoints[l.name]
		if w == nil {
			w = &rateWindow{}
			s.rate.endpoints[l.name] = w
		}
		r := w.roll(now, length)
		if w.used >= l.perWindow {
			refused, retryAfter = true, max(retryAfter, r)
		}
		hits = append(hits, hit{l, w, r})
	}
	if !refused {
		s.rate.account.used++
		for _, h := range hits {
			h.w.used++
		}
	}

	h := http.Header{}
	total, remaining := strconv.Itoa(limit), strconv.Itoa(max(limit-s.rate.account.used, 0))
	switch {
	case s.cfg.rateHeaders23:
		h.Set("Rate-Limit", total)
		h.Set("Rate-Limit-Remaining", remaining)
		if enforced {
			h.Set("Rate-Limit-Reset", strconv.Itoa(reset))
		}
	default:
		h.Set("X-Rate-Limit", total)
		h.Set("X-Rate-Limit-Remaining", remaining)
		if enforced {
			h.Set("Ratelimit-Limit", total)
			h.Set("Ratelimit-Remaining", remaining)
			h.Set("Ratelimit-Reset", strconv.Itoa(reset))
		}
	}
	for _, e := range hits {
		// Spelled as Zendesk spells it (the map key is not canonicalized).
		h["Zendesk-RateLimit-"+e.l.name] = []string{fmt.Sprintf("total=%d; remaining=%d; resets=%d",
			e.l.perWindow, max(e.l.perWindow-e.w.used, 0), e.reset)}
	}
	if refused {
		h.Set("Retry-After", strconv.Itoa(retryAfter))
		return h, errTooManyRequests()
	}
	return h, nil
}
