package zendesk

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// credentials produce the Authorization header of each request.
type credentials interface {
	// header returns the Authorization header value, fetching a token first if need be.
	header(ctx context.Context) (string, error)
	// renew drops the token behind stale after a 401 and reports whether a request sent again
	// now would carry a different one.
	renew(ctx context.Context, stale string) bool
	// secrets returns what must never be shown in an error or a log line (see secretsOf).
	secrets() []string
}

// staticAuth is a header that never changes: basic auth or a fixed bearer token. The value
// sits behind a pointer so that a Client printed with %+v shows an address, not the credential.
type staticAuth struct{ value *string }

func bearerAuth(token string) staticAuth {
	v := "Bearer " + token
	return staticAuth{&v}
}

func basicAuth(user, password string) staticAuth {
	v := "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+password))
	return staticAuth{&v}
}

func (s staticAuth) header(context.Context) (string, error) { return *s.value, nil }
func (s staticAuth) renew(context.Context, string) bool     { return false }
func (s staticAuth) secrets() []string                      { return secretsOf(*s.value) }

// secretsOf returns what of an Authorization value must never be shown: the value, the token
// or base64 in it, and for basic auth the password, so that an answer echoing any of them can
// be cleaned before it reaches an error or a log.
func secretsOf(authValue string) []string {
	scheme, cred, ok := strings.Cut(authValue, " ")
	if !ok {
		return []string{authValue}
	}
	out := []string{authValue, cred}
	if strings.EqualFold(scheme, "Basic") {
		if b, err := base64.StdEncoding.DecodeString(cred); err == nil {
			if _, password, ok := strings.Cut(string(b), ":"); ok {
				out = append(out, password)
			}
		}
	}
	return out
}

// tokenCache holds one OAuth access token for every goroutine of a client.
//
// One fetch runs at a time, in its own goroutine, and every caller that needs a token while it
// runs waits for it and shares its result, failure included: ten callers behind a failing token
// endpoint make one fetch (with its retries), not ten. Each waiter gives up when its own context
// ends, even when the fetch (a token source that ignores contexts) does not; when the last
// waiter has left, the fetch's context is cancelled. A caller arriving then still waits for
// that fetch (so that a stuck token source holds one goroutine, not one per call), and starts
// a fetch of its own when it ended for want of waiters.
type tokenCache struct {
	fetch  func(context.Context) (*oauth2.Token, error)
	secret string // the client secret, cleaned out of token errors; "" for token sources

	mu       sync.Mutex
	value    string      // "Bearer …", or "" when there is no token
	previous string      // the value before the last renewal, still cleaned out of logs
	renewAt  time.Time   // zero: no known expiry
	fetching *tokenFetch // the fetch in flight, nil when none
}

// tokenFetch is one token request (with its retries) and the callers waiting for it.
type tokenFetch struct {
	done      chan struct{} // closed when value and err are set
	value     string
	err       error
	waiters   int                // callers waiting; guarded by tokenCache.mu
	abandoned bool               // every waiter left and ctx was cancelled; guarded by tokenCache.mu
	cancel    context.CancelFunc // ends the fetch's context
}

func newTokenCache(fetch func(context.Context) (*oauth2.Token, error)) *tokenCache {
	return &tokenCache{fetch: fetch}
}

func newClientCredentials(c *Client, clientID, clientSecret string, scopes []string) *tokenCache {
	tokenURL := c.base.Scheme + "://" + c.base.Host + "/oauth/tokens"
	cfg := &clientcredentials.Config{
		ClientID:     clientID,
		ClientSecret: clientSecret,
		TokenURL:     tokenURL,
		Scopes:       scopes,
		AuthStyle:    oauth2.AuthStyleInParams,
	}
	// Through the caller's transport, read at each request so that WithHTTPClient (and a mock
	// installed on that client later) sees it too; but never redirected to another host, whatever
	// the caller's policy: on a 307 or 308 the body, and the secret in it, would go along.
	// Retried as API calls are, and also after a 5xx or a lost answer: a second token does no
	// harm.
	rc := &retryablehttp.Client{
		RetryMax: c.rc.RetryMax, RetryWaitMin: c.rc.RetryWaitMin, RetryWaitMax: c.rc.RetryWaitMax,
		Backoff: c.rc.Backoff, ErrorHandler: c.rc.ErrorHandler, Logger: c.rc.Logger, CheckRetry: c.rc.CheckRetry,
	}
	rc.HTTPClient = &http.Client{
		Transport: roundTripperFunc(func(req *http.Request) (*http.Response, error) {
			// oauth2 sends Go's default User-Agent; token requests are the SDK's too.
			req = req.Clone(req.Context())
			req.Header.Set("User-Agent", c.userAgent)
			resp, err := c.transport.send(req)
			if resp != nil && resp.Request == nil {
				resp.Request = req // for backoff, as transport.client does
			}
			return resp, err
		}),
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if err := sameHostRedirects(req, via); err != nil || c.hc.CheckRedirect == nil {
				return err
			}
			return c.hc.CheckRedirect(req, via)
		},
		Jar:     c.hc.Jar,
		Timeout: c.hc.Timeout,
	}
	// Redirects are followed (or not) inside rc.HTTPClient; this outer client must not follow
	// what that one refused.
	hc := &http.Client{
		Transport:     &retryablehttp.RoundTripper{Client: rc},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	tc := newTokenCache(func(ctx context.Context) (*oauth2.Token, error) {
		st := &callState{retryable: true}
		ctx = withCallState(ctx, st)
		tok, err := cfg.Token(context.WithValue(ctx, oauth2.HTTPClient, hc))
		if err != nil {
			return nil, &attemptsError{err: err, attempts: st.attempts}
		}
		return tok, nil
	})
	tc.secret = clientSecret
	return tc
}

type roundTripperFunc func(*http.Request) (*http.Response, error)

func (f roundTripperFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func (t *tokenCache) header(ctx context.Context) (string, error) {
	for {
		t.mu.Lock()
		if t.value != "" && (t.renewAt.IsZero() || time.Now().Before(t.renewAt)) {
			v := t.value
			t.mu.Unlock()
			return v, nil
		}
		f := t.fetching
		if f == nil {
			f = t.start(ctx)
		}
		f.waiters++
		t.mu.Unlock()

		select {
		case <-f.done:
			t.mu.Lock()
			abandoned := f.abandoned
			t.mu.Unlock()
			if abandoned && ctx.Err() == nil {
				continue // cancelled for want of waiters just before this one came: start afresh
			}
			return f.value, f.err
		case <-ctx.Done():
			t.mu.Lock()
			if f.waiters--; f.waiters == 0 {
				f.abandoned = true
				f.cancel()
			}
			t.mu.Unlock()
			return "", ctx.Err()
		}
	}
}

// start begins a fetch under t.mu. It runs under a context of its own (the caller's values,
// not its deadline), so that the first caller's leaving does not fail the others.
func (t *tokenCache) start(ctx context.Context) *tokenFetch {
	fctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	f := &tokenFetch{done: make(chan struct{}), cancel: cancel}
	t.fetching = f
	go func() {
		defer cancel()
		tok, err := t.fetch(fctx)
		var value string
		var renewAt time.Time
		switch {
		case err != nil:
			err = tokenError(err, t.secret)
		case tok == nil || tok.AccessToken == "":
			err = errors.New("zendesk: getting an OAuth token: the answer has no access token")
		case !validHeaderValue(tok.AccessToken):
			err = errors.New("zendesk: getting an OAuth token: the access token contains characters a header cannot carry")
		default:
			value = "Bearer " + tok.AccessToken
			if !tok.Expiry.IsZero() {
				// Renew a little before expiry: a fifth of the lifetime, at most a minute, so
				// that a request sent just before the end still arrives with a live token.
				life := time.Until(tok.Expiry)
				renewAt = tok.Expiry.Add(-min(time.Minute, life/5))
			}
		}
		t.mu.Lock()
		if err == nil {
			if t.value != "" {
				t.previous = t.value
			}
			t.value, t.renewAt = value, renewAt
		}
		t.fetching = nil
		f.value, f.err = value, err
		t.mu.Unlock()
		close(f.done)
	}()
	return f
}

// secrets are the client secret, and the current and previous tokens: an answer given to a
// request sent just before a renewal may still echo the old one.
func (t *tokenCache) secrets() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := []string{t.secret}
	if t.value != "" {
		out = append(out, secretsOf(t.value)...)
	}
	if t.previous != "" {
		out = append(out, secretsOf(t.previous)...)
	}
	return out
}

func (t *tokenCache) renew(ctx context.Context, stale string) bool {
	t.mu.Lock()
	if t.value == stale {
		t.previous, t.value = t.value, ""
	}
	t.mu.Unlock()
	fresh, err := t.header(ctx)
	return err == nil && fresh != stale
}

// attemptsError carries how many token requests a failed fetch made, for tokenError.
type attemptsError struct {
	err      error
	attempts int
}

func (e *attemptsError) Error() string { return e.err.Error() }
func (e *attemptsError) Unwrap() error { return e.err }

// tokenError turns a refused token request into an error that names the step, matches the
// sentinel of its status, and carries nothing of the request (the secret is in its body), nor
// the secret should the answer echo it.
func tokenError(err error, secret string) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) && re.Response != nil {
		apiErr := &APIError{
			StatusCode:  re.Response.StatusCode,
			Code:        re.ErrorCode,
			Description: re.ErrorDescription,
			RequestID:   firstNonEmpty(re.Response.Header.Get("X-Request-Id"), re.Response.Header.Get("X-Zendesk-Request-Id")),
			Method:      http.MethodPost,
			Path:        "/oauth/tokens",
		}
		if apiErr.Code == "" && apiErr.Description == "" {
			apiErr.decodeBody(re.Body)
		}
		var ae *attemptsError
		if errors.As(err, &ae) {
			apiErr.Attempts = ae.attempts
		}
		apiErr.redact(secret)
		return wrap(apiErr, "getting an OAuth token")
	}
	if ctxErr := contextError(err); ctxErr != nil {
		return ctxErr
	}
	return wrap(unwrapURLError(err), "getting an OAuth token")
}
