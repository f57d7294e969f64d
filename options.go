package zendesk

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

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
	pollMin       time.Duration
	pollMax       time.Duration
	auths         []authOption
	maxResponse   int64
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

// WithBasicAuth authenticates with an email and password (basic auth as `{email}:{password}`).
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

// WithJobPollInterval sets how often [JobStatusesService.Wait], [TicketsService.CreateAll] and
// [TicketsService.UpdateAll] poll a background job when their [WaitOptions] do not say: minInterval
// after the first poll, each wait half as long again as the one before, up to maxInterval
// (default 1s to 10s, fit for a real account, where jobs take seconds). Both must be above zero
// and minInterval at most maxInterval. Tests against a fake server, where jobs end at once,
// poll every few milliseconds: clients from the zendesktest package (Server.Client, Start) do.
func WithJobPollInterval(minInterval, maxInterval time.Duration) Option {
	return func(c *config) { c.pollMin, c.pollMax = minInterval, maxInterval }
}

// WithUserAgent appends s to the SDK's own `zendesk-go/<version>` User-Agent.
func WithUserAgent(s string) Option { return func(c *config) { c.userAgent = s } }

// WithLogger logs retries, failures and API warnings to l. Nothing is logged by default.
// Credentials never appear in log lines.
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.logger = l } }

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
	case cfg.pollMin <= 0 || cfg.pollMax < cfg.pollMin:
		return fmt.Errorf("WithJobPollInterval(%s, %s): need 0 < min <= max", cfg.pollMin, cfg.pollMax)
	case cfg.ratePerMinute < 0:
		return fmt.Errorf("WithRateLimit(%d): must not be negative", cfg.ratePerMinute)
	case !validHeaderValue(cfg.userAgent):
		return errors.New("WithUserAgent: the user agent contains characters a header cannot carry")
	}
	return nil
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

// WithMaxResponseBytes bounds the bytes read from one successful answer, counted after gzip
// is undone (default 64 MiB, far above the largest real page). A longer answer ends the call
// with a [*DecodeError], so a broken or hostile server cannot make the client read without
// end. n <= 0 keeps the default.
func WithMaxResponseBytes(n int64) Option {
	return func(c *config) { c.maxResponse = n }
}
