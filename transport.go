package zendesk

import (
	"net/http"
	"net/url"
	"strings"
	"time"
)

// transport sits between the retrying client and the caller's *http.Client. It paces requests
// and reads the rate-limit headers of every answer, retried ones included. It reads the
// caller's Transport on every request, so a mock installed on that client after NewClient
// (httpmock.ActivateNonDefault) still sees every request. The pacing is the pacer's (see
// ratelimit.go).
type transport struct {
	hc *http.Client
	*pacer
}

func newTransport(hc *http.Client, perMinute int, maxWait time.Duration) *transport {
	return &transport{hc: hc, pacer: newPacer(perMinute, maxWait)}
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
	key := routeKey(req)
	sent, err := t.wait(req.Context(), key)
	if err != nil {
		return nil, err
	}
	resp, err := t.send(req)
	if err == nil {
		t.observe(key, sent, resp.Header, time.Now())
	} else {
		t.observe(key, sent, nil, time.Now())
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
