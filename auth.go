package zendesk

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
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

// tokenCache holds one OAuth access token for every goroutine of a client. lock is a channel
// rather than a mutex so that a goroutine waiting for another's token request can give up when
// its own context ends.
type tokenCache struct {
	fetch   func(context.Context) (*oauth2.Token, error)
	secret  string // the client secret, cleaned out of token errors; "" for token sources
	lock    chan struct{}
	value   string    // "Bearer …", or "" when there is no token
	renewAt time.Time // zero: no known expiry
}

func newTokenCache(fetch func(context.Context) (*oauth2.Token, error)) *tokenCache {
	return &tokenCache{fetch: fetch, lock: make(chan struct{}, 1)}
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
		Backoff: c.rc.Backoff, ErrorHandler: c.rc.ErrorHandler, Logger: c.rc.Logger,
		CheckRetry: func(ctx context.Context, resp *http.Response, err error) (bool, error) {
			return c.rc.CheckRetry(context.WithValue(ctx, retryableKey{}, true), resp, err)
		},
	}
	rc.HTTPClient = &http.Client{
		Transport: roundTripperFunc(c.transport.send),
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
		return cfg.Token(context.WithValue(ctx, oauth2.HTTPClient, hc))
	})
	tc.secret = clientSecret
	return tc
}

type roundTripperFunc func(*http.Request) (*http.Response, error)

func (f roundTripperFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func (t *tokenCache) header(ctx context.Context) (string, error) {
	select {
	case t.lock <- struct{}{}:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	defer func() { <-t.lock }()
	if t.value != "" && (t.renewAt.IsZero() || time.Now().Before(t.renewAt)) {
		return t.value, nil
	}
	tok, err := t.fetch(ctx)
	if err != nil {
		return "", tokenError(err, t.secret)
	}
	if tok == nil || tok.AccessToken == "" {
		return "", errors.New("zendesk: getting an OAuth token: the answer has no access token")
	}
	if !validHeaderValue(tok.AccessToken) {
		return "", errors.New("zendesk: getting an OAuth token: the access token contains characters a header cannot carry")
	}
	t.value = "Bearer " + tok.AccessToken
	t.renewAt = time.Time{}
	if !tok.Expiry.IsZero() {
		// Renew a little before expiry: a fifth of the lifetime, at most a minute, so that a
		// request sent just before the end still arrives with a live token.
		life := time.Until(tok.Expiry)
		t.renewAt = tok.Expiry.Add(-min(time.Minute, life/5))
	}
	return t.value, nil
}

func (t *tokenCache) renew(ctx context.Context, stale string) bool {
	select {
	case t.lock <- struct{}{}:
	case <-ctx.Done():
		return false
	}
	if t.value == stale {
		t.value = ""
	}
	<-t.lock
	fresh, err := t.header(ctx)
	return err == nil && fresh != stale
}

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
		apiErr.redact(secret)
		return fmt.Errorf("zendesk: getting an OAuth token: %w", apiErr)
	}
	if ctxErr := contextError(err); ctxErr != nil {
		return ctxErr
	}
	return fmt.Errorf("zendesk: getting an OAuth token: %w", unwrapURLError(err))
}
