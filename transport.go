package zendesk

import (
	"net/http"
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
	key := routeKey(req)
	if err := t.wait(req.Context(), key); err != nil {
		return nil, err
	}
	resp, err := t.send(req)
	if err == nil {
		t.observe(key, resp.Header, time.Now())
	} else {
		t.observe(key, nil, time.Now())
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

// CloseIdleConnections passes on to the caller's transport.
func (t *transport) CloseIdleConnections() {
	type closeIdler interface{ CloseIdleConnections() }
	if ci, ok := t.hc.Transport.(closeIdler); ok {
		ci.CloseIdleConnections()
	}
}
