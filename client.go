// Package zendesk is a typed client for the Zendesk Support Tickets API: create, read, update,
// merge, mark as spam, delete and bulk-process tickets, with retries that are safe for writes.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/
package zendesk

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"golang.org/x/oauth2"
)

// Version is the SDK's version, sent in the User-Agent header.
const Version = "0.1.0"

const (
	defaultRetryMax      = 3
	defaultRetryWaitMin  = 500 * time.Millisecond
	defaultRetryWaitMax  = 10 * time.Second
	defaultMaxRetryAfter = 60 * time.Second
)

// Client talks to one Zendesk account. It is safe for concurrent use by many goroutines; make
// one and share it.
type Client struct {
	base      *url.URL
	baseStr   string // base.String(), ending in "/api/v2/"
	hc        *http.Client
	transport *transport
	rc        *retryablehttp.Client
	auth      credentials
	userAgent string
	logger    *slog.Logger

	common service // the one struct every service shares

	// Tickets reaches the ticket endpoints.
	Tickets *TicketsService
	// Problems reaches the problem ticket endpoints.
	Problems *ProblemsService
	// Twitter reaches the Twitter channel's ticket endpoints.
	Twitter *TwitterService
	// JobStatuses reaches the status of background jobs started by bulk calls.
	JobStatuses *JobStatusesService
}

// service is the state every service shares: the client. Each service type is a named view of
// it (go-github's pattern), so adding a service costs no allocation and no wiring.
type service struct{ client *Client }

// Option configures a [Client] in [NewClient].
type Option func(*config)

type config struct {
	baseURL       string
	hc            *http.Client
	retryMax      int
	retryWaitMin  time.Duration
	retryWaitMax  time.Duration
	maxRetryAfter time.Duration
	userAgent     string
	logger        *slog.Logger
	ratePerMinute int
	auths         []authOption
}

// authOption is what an auth option records; NewClient turns it into credentials once the base
// URL is known (client credentials need it for the token URL).
type authOption struct {
	name  string
	build func(c *Client) (credentials, error)
}

// WithAPIToken authenticates with an API token: basic auth as `{email}/token:{token}`.
//
// Zendesk stopped issuing API tokens on 2026-10-27 and turns every remaining one off on
// 2027-04-30. Use [WithClientCredentials] for server-to-server code.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/introduction/security-and-auth/
func WithAPIToken(email, token string) Option {
	return withAuth("WithAPIToken", func(*Client) (credentials, error) {
		if email == "" || token == "" {
			return nil, errors.New("WithAPIToken needs an email and a token")
		}
		return basicAuth(email+"/token", token), nil
	})
}

// WithBasicAuth authenticates with an email and password, the seed documentation's form.
//
// Zendesk has refused passwords for API requests since the end of 2025; prefer
// [WithClientCredentials] (or [WithOAuthToken]).
func WithBasicAuth(email, password string) Option {
	return withAuth("WithBasicAuth", func(*Client) (credentials, error) {
		if email == "" || password == "" {
			return nil, errors.New("WithBasicAuth needs an email and a password")
		}
		return basicAuth(email, password), nil
	})
}

// WithOAuthToken authenticates with a fixed OAuth access token, sent as
// `Authorization: Bearer {token}`. The token is not renewed: when it expires, requests get 401.
// Use [WithClientCredentials] or [WithTokenSource] for tokens that renew themselves.
func WithOAuthToken(token string) Option {
	return withAuth("WithOAuthToken", func(*Client) (credentials, error) {
		if token == "" {
			return nil, errors.New("WithOAuthToken needs a token")
		}
		if !validHeaderValue(token) {
			return nil, errors.New("WithOAuthToken: the token contains characters a header cannot carry")
		}
		return bearerAuth(token), nil
	})
}

// WithClientCredentials authenticates with the OAuth client credentials grant, Zendesk's
// recommended auth for server-to-server code now that API tokens are retired.
//
// The client asks `{scheme}://{host}/oauth/tokens` of its base URL for an access token with the
// given scopes (e.g. "read", "write", or "tickets:read"), sending the client id and secret in the
// request body, through the same *http.Client as API calls. The token is cached, shared by every
// goroutine (one token request at a time), and renewed shortly before it expires. When the API
// answers 401 to a request made with a cached token, the client fetches a fresh token and sends
// that request once more; a second 401 is returned.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/oauth/oauth_tokens/
func WithClientCredentials(clientID, clientSecret string, scopes ...string) Option {
	return withAuth("WithClientCredentials", func(c *Client) (credentials, error) {
		if clientID == "" || clientSecret == "" {
			return nil, errors.New("WithClientCredentials needs a client id and a client secret")
		}
		return newClientCredentials(c, clientID, clientSecret, scopes), nil
	})
}

// WithTokenSource authenticates with the tokens of any golang.org/x/oauth2 token source, such as
// the refresh-token flow of an authorization-code app; each is sent as Bearer. The client reuses
// a token until it expires, as [oauth2.ReuseTokenSource] does, and asks the source again after a
// 401 (sending the request once more when the source gives a different token).
func WithTokenSource(ts oauth2.TokenSource) Option {
	return withAuth("WithTokenSource", func(*Client) (credentials, error) {
		if ts == nil {
			return nil, errors.New("WithTokenSource needs a token source")
		}
		return newTokenCache(func(context.Context) (*oauth2.Token, error) { return ts.Token() }), nil
	})
}

func withAuth(name string, build func(*Client) (credentials, error)) Option {
	return func(c *config) { c.auths = append(c.auths, authOption{name: name, build: build}) }
}

// WithBaseURL sends requests to rawURL instead of `https://{subdomain}.zendesk.com/api/v2/`: a
// host-mapped domain such as `https://support.example.com`, or a test server. `/api/v2/` is
// appended when the path lacks it. Plain http is allowed only for loopback hosts, and a URL with
// a user or password in it is refused. The subdomain given to [NewClient] may then be "".
func WithBaseURL(rawURL string) Option { return func(c *config) { c.baseURL = rawURL } }

// WithHTTPClient sets the *http.Client every request goes through (the retrying transport sends
// through it, and so do OAuth token requests). The default has a 2-minute timeout.
func WithHTTPClient(hc *http.Client) Option { return func(c *config) { c.hc = hc } }

// WithRetryMax sets how many times a failed request is retried (default 3; 0 turns retries off).
func WithRetryMax(n int) Option { return func(c *config) { c.retryMax = n } }

// WithRetryWait bounds the backoff between retries when the server gives no Retry-After header
// (default 500ms to 10s). It does not shorten a Retry-After the server asked for; see
// [WithMaxRetryAfter].
func WithRetryWait(minWait, maxWait time.Duration) Option {
	return func(c *config) { c.retryWaitMin, c.retryWaitMax = minWait, maxWait }
}

// WithMaxRetryAfter sets the longest Retry-After the client waits out (default 60s). A longer
// one, or one that would outlive the context's deadline, is not waited: the call returns at once
// with an [*APIError] matching [ErrRateLimited] whose RetryAfter says how long to wait.
func WithMaxRetryAfter(d time.Duration) Option { return func(c *config) { c.maxRetryAfter = d } }

// WithUserAgent appends s to the SDK's own `zendesk-go/<version>` User-Agent.
func WithUserAgent(s string) Option { return func(c *config) { c.userAgent = s } }

// WithLogger logs retries, failures and API warnings to l. Nothing is logged by default.
// Credentials never appear in log lines.
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.logger = l } }

// NewClient returns a client for the account at `https://{subdomain}.zendesk.com`. The subdomain
// must be letters, digits and hyphens (or "" with [WithBaseURL]); exactly one auth option is
// required: [WithClientCredentials], [WithOAuthToken], [WithTokenSource], [WithAPIToken] or
// [WithBasicAuth].
func NewClient(subdomain string, opts ...Option) (*Client, error) {
	cfg := config{
		retryMax:      defaultRetryMax,
		retryWaitMin:  defaultRetryWaitMin,
		retryWaitMax:  defaultRetryWaitMax,
		maxRetryAfter: defaultMaxRetryAfter,
	}
	for _, opt := range opts {
		if opt != nil {
			opt(&cfg)
		}
	}
	base, err := resolveBaseURL(subdomain, cfg.baseURL)
	if err != nil {
		return nil, fmt.Errorf("zendesk: NewClient: %w", err)
	}
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("zendesk: NewClient: %w", err)
	}
	c := &Client{
		base:      base,
		baseStr:   base.String(),
		hc:        cfg.hc,
		userAgent: "zendesk-go/" + Version,
		logger:    cfg.logger,
	}
	if c.hc == nil {
		c.hc = &http.Client{Timeout: 2 * time.Minute}
	}
	if cfg.userAgent != "" {
		c.userAgent += " " + cfg.userAgent
	}
	c.transport = newTransport(c.hc, cfg.ratePerMinute, cfg.maxRetryAfter)
	c.rc = c.newRetryClient(cfg)
	if c.auth, err = cfg.auths[0].build(c); err != nil {
		return nil, fmt.Errorf("zendesk: NewClient: %w", err)
	}
	c.common.client = c
	c.Tickets = (*TicketsService)(&c.common)
	c.Problems = (*ProblemsService)(&c.common)
	c.Twitter = (*TwitterService)(&c.common)
	c.JobStatuses = (*JobStatusesService)(&c.common)
	return c, nil
}

func (cfg *config) validate() error {
	switch {
	case len(cfg.auths) == 0:
		return errors.New("no credentials: give one auth option, e.g. WithClientCredentials")
	case len(cfg.auths) > 1:
		names := make([]string, len(cfg.auths))
		for i, a := range cfg.auths {
			names[i] = a.name
		}
		return fmt.Errorf("one auth option per client, got %s", strings.Join(names, " and "))
	case cfg.retryMax < 0:
		return fmt.Errorf("WithRetryMax(%d): must not be negative", cfg.retryMax)
	case cfg.retryWaitMin < 0 || cfg.retryWaitMax < cfg.retryWaitMin:
		return fmt.Errorf("WithRetryWait(%s, %s): need 0 <= min <= max", cfg.retryWaitMin, cfg.retryWaitMax)
	case cfg.maxRetryAfter < 0:
		return fmt.Errorf("WithMaxRetryAfter(%s): must not be negative", cfg.maxRetryAfter)
	case cfg.ratePerMinute < 0:
		return fmt.Errorf("WithRateLimit(%d): must not be negative", cfg.ratePerMinute)
	case !validHeaderValue(cfg.userAgent):
		return errors.New("WithUserAgent: the user agent contains characters a header cannot carry")
	}
	return nil
}

// BaseURL returns the URL every API path is resolved against, ending in "/api/v2/".
func (c *Client) BaseURL() *url.URL {
	u := *c.base
	return &u
}

// resolveBaseURL validates the subdomain or the WithBaseURL value and returns the API root.
func resolveBaseURL(subdomain, rawURL string) (*url.URL, error) {
	if rawURL == "" {
		if !validSubdomain(subdomain) {
			return nil, fmt.Errorf("invalid subdomain %q: use letters, digits and hyphens only (e.g. \"acme\" for acme.zendesk.com)", subdomain)
		}
		return &url.URL{Scheme: "https", Host: subdomain + ".zendesk.com", Path: "/api/v2/"}, nil
	}
	if subdomain != "" && !validSubdomain(subdomain) {
		return nil, fmt.Errorf("invalid subdomain %q", subdomain)
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("WithBaseURL: %w", err)
	}
	switch {
	case u.User != nil:
		return nil, errors.New("WithBaseURL: a URL with a user or password is refused; use an auth option")
	case u.Host == "" || u.Hostname() == "":
		return nil, fmt.Errorf("WithBaseURL(%q): no host", u.Redacted())
	case u.RawQuery != "" || u.Fragment != "":
		return nil, fmt.Errorf("WithBaseURL(%q): no query or fragment allowed", u.Redacted())
	case u.Scheme == "http" && !isLoopback(u.Hostname()):
		return nil, fmt.Errorf("WithBaseURL(%q): plain http only for loopback hosts; use https", u.Redacted())
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("WithBaseURL(%q): scheme must be https", u.Redacted())
	}
	path := strings.TrimSuffix(u.Path, "/")
	if !strings.HasSuffix(path, "/api/v2") {
		path += "/api/v2"
	}
	return &url.URL{Scheme: u.Scheme, Host: u.Host, Path: path + "/"}, nil
}

func validSubdomain(s string) bool {
	if len(s) == 0 || len(s) > 63 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// validHeaderValue refuses control characters, so no option can split a header (CRLF).
func validHeaderValue(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c == 0x7f {
			return false
		}
	}
	return true
}

// request is one API call: everything that differs between endpoints.
type request struct {
	method string
	path   string     // relative to the base URL, e.g. "tickets/12.json"
	query  url.Values // nil for none
	body   any        // marshalled as JSON; nil for none
	// idempotencyKey, when set on a POST, is sent as Idempotency-Key and makes the request safe
	// to retry.
	idempotencyKey string
	// safeToRetry marks a POST that only reads (such as problem autocomplete), so repeating it
	// after a 5xx or a connection error cannot change anything.
	safeToRetry bool
	// emptyOK marks an endpoint documented to answer 2xx without a body. Elsewhere an empty
	// answer (a proxy's, or one cut short) is an error, not an empty result.
	emptyOK bool
}

func (c *Client) get(ctx context.Context, path string, query url.Values, out any) (*http.Response, error) {
	return c.do(ctx, &request{method: http.MethodGet, path: path, query: query}, out)
}

func (c *Client) post(ctx context.Context, path string, body, out any) (*http.Response, error) {
	return c.do(ctx, &request{method: http.MethodPost, path: path, body: body}, out)
}

func (c *Client) put(ctx context.Context, path string, query url.Values, body, out any) (*http.Response, error) {
	return c.do(ctx, &request{method: http.MethodPut, path: path, query: query, body: body}, out)
}

func (c *Client) delete(ctx context.Context, path string, query url.Values, out any) (*http.Response, error) {
	return c.do(ctx, &request{method: http.MethodDelete, path: path, query: query}, out)
}

// do sends r and decodes a 2xx JSON answer into out (when out is non-nil and the status is not
// 204). An empty body is a *DecodeError unless r.emptyOK. A non-2xx answer becomes an *APIError. The response is returned with its body closed,
// for callers that need the status or headers.
func (c *Client) do(ctx context.Context, r *request, out any) (*http.Response, error) {
	if ctx == nil {
		return nil, invalid(r.method+" "+r.path, "nil context")
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var body []byte
	if r.body != nil {
		var err error
		if be, ok := r.body.(bodyEncoder); ok {
			body, err = be.encodeJSON()
		} else {
			body, err = json.Marshal(r.body)
		}
		if err != nil {
			return nil, fmt.Errorf("zendesk: %s %s: encoding the request body: %w", r.method, r.path, err)
		}
	}
	if r.idempotencyKey != "" && !validIdempotencyKey(r.idempotencyKey) {
		return nil, invalid(r.method+" "+r.path, "idempotency key must be 1 to 255 printable ASCII characters")
	}
	u := c.baseStr + r.path
	if len(r.query) > 0 {
		// Commas stay literal (`ids=1,2,3`), as Zendesk writes its lists; they mean the same
		// escaped or not.
		u += "?" + strings.ReplaceAll(r.query.Encode(), "%2C", ",")
	}
	// Whether a retry can repeat the request's effect decides whether it may be retried after a
	// connection error or a 5xx. CheckRetry gets no request, so the context carries it.
	ctx = context.WithValue(ctx, retryableKey{}, r.method != http.MethodPost || r.idempotencyKey != "" || r.safeToRetry)

	var resp *http.Response
	var authValue string
	for attempt := 0; ; attempt++ {
		var err error
		authValue, err = c.auth.header(ctx)
		if err != nil {
			return nil, err
		}
		req, err := retryablehttp.NewRequestWithContext(ctx, r.method, u, body)
		if err != nil {
			return nil, fmt.Errorf("zendesk: %s %s: %w", r.method, r.path, err)
		}
		h := req.Header
		h.Set("Accept", "application/json")
		h.Set("User-Agent", c.userAgent)
		h.Set("Authorization", authValue)
		if body != nil {
			h.Set("Content-Type", "application/json")
		}
		if r.idempotencyKey != "" {
			h.Set("Idempotency-Key", r.idempotencyKey)
		}
		resp, err = c.rc.Do(req)
		if err != nil {
			return nil, c.transportError(ctx, r, err)
		}
		if resp.StatusCode == http.StatusUnauthorized && attempt == 0 && c.auth.renew(ctx, authValue) {
			drainAndClose(resp.Body)
			c.log(ctx, slog.LevelInfo, "zendesk: 401 with a cached OAuth token; sending once more with a fresh one",
				"method", r.method, "path", r.path)
			continue
		}
		break
	}
	defer resp.Body.Close()
	if warn := resp.Header.Get("X-Zendesk-Api-Warn"); warn != "" {
		c.log(ctx, slog.LevelWarn, "zendesk: API warning", "method", r.method, "path", r.path, "warning", warn)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		apiErr := newAPIError(r.method, "/api/v2/"+r.path, resp.StatusCode, resp.Header, b)
		apiErr.redact(secretsOf(authValue)...) // an answer that echoes the request stays clean
		c.log(ctx, slog.LevelDebug, "zendesk: request failed", "method", r.method, "path", r.path,
			"status", resp.StatusCode, "code", apiErr.Code, "request_id", apiErr.RequestID)
		return resp, apiErr
	}
	if out == nil || resp.StatusCode == http.StatusNoContent {
		return resp, nil
	}
	var err error
	if sd, ok := out.(streamDecoder); ok {
		err = sd.decodeFrom(resp.Body)
	} else {
		err = json.NewDecoder(resp.Body).Decode(out)
	}
	if err == io.EOF && !r.emptyOK {
		err = errors.New("the answer is empty or ends too soon")
	}
	if err != nil && err != io.EOF {
		return resp, &DecodeError{Method: r.method, Path: "/api/v2/" + r.path, StatusCode: resp.StatusCode,
			ContentType: resp.Header.Get("Content-Type"), Err: err}
	}
	return resp, nil
}

// bodyEncoder is a request body that writes its own JSON. json.Marshal would check and copy
// again what a MarshalJSON method returns; a body that wraps one (a ticket request) spares
// that by writing the wrapper itself.
type bodyEncoder interface{ encodeJSON() ([]byte, error) }

// transportError wraps an error that left no answer: the context's own error stays matchable
// with errors.Is, and nothing of the request but its method and path is quoted.
func (c *Client) transportError(ctx context.Context, r *request, err error) error {
	c.log(ctx, slog.LevelDebug, "zendesk: request failed", "method", r.method, "path", r.path, "error", err)
	if ctxErr := contextError(err); ctxErr != nil && ctx.Err() != nil {
		return ctxErr
	}
	return fmt.Errorf("zendesk: %s /api/v2/%s: %w", r.method, r.path, unwrapURLError(err))
}

func (c *Client) log(ctx context.Context, level slog.Level, msg string, args ...any) {
	if c.logger != nil {
		c.logger.Log(ctx, level, msg, args...)
	}
}

func drainAndClose(body io.ReadCloser) {
	_, _ = io.Copy(io.Discard, io.LimitReader(body, 4096))
	_ = body.Close()
}

// validIdempotencyKey keeps keys to printable ASCII, so a key cannot split a header.
func validIdempotencyKey(k string) bool {
	if len(k) == 0 || len(k) > 255 {
		return false
	}
	for i := 0; i < len(k); i++ {
		if k[i] < 0x21 || k[i] > 0x7e {
			return false
		}
	}
	return true
}
