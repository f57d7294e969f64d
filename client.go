package zendesk

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
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
	pollMin   time.Duration // the defaults of WaitOptions' intervals (WithJobPollInterval)
	pollMax   time.Duration
	// maxResponseBytes bounds the bytes read from a 2xx answer (0: the default).
	maxResponseBytes int64

	common service // the one struct every service shares

	// Tickets reaches the ticket endpoints.
	Tickets *TicketsService
	// Problems reaches the problem ticket endpoints.
	Problems *ProblemsService
	// Twitter reaches the Twitter channel's ticket endpoints.
	Twitter *TwitterService
	// JobStatuses reaches the status of background jobs started by bulk calls.
	JobStatuses *JobStatusesService
	// Attachments reaches uploads and the files of comments.
	Attachments *AttachmentsService
	// Users reaches the Users API.
	Users *UsersService
	// TicketFields reaches the account's ticket fields, and maps custom fields by title.
	TicketFields *TicketFieldsService
	// DeletedTickets reaches soft-deleted tickets: list, restore, destroy for good.
	DeletedTickets *DeletedTicketsService
	// Webhooks reaches the webhook endpoints, for the signing secret of deliveries.
	Webhooks *WebhooksService
	// Search reaches ticket search, its count and the search export.
	Search *SearchService
	// Incremental reaches the incremental exports of tickets and ticket events.
	Incremental *IncrementalService
}

// service is the state every service shares: the client. Each service type is a named view of
// it (go-github's pattern), so adding a service costs no allocation and no wiring.
type service struct{ client *Client }

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
		pollMin:       defaultPollMin,
		pollMax:       defaultPollMax,
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
		pollMin:   cfg.pollMin,
		pollMax:   cfg.pollMax,

		maxResponseBytes: cfg.maxResponse,
	}
	c.logger = redactingLogger(cfg.logger, c.secrets) // every line, the retrying client's too
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
	c.Attachments = (*AttachmentsService)(&c.common)
	c.Users = (*UsersService)(&c.common)
	c.TicketFields = (*TicketFieldsService)(&c.common)
	c.DeletedTickets = (*DeletedTicketsService)(&c.common)
	c.Webhooks = (*WebhooksService)(&c.common)
	c.Search = (*SearchService)(&c.common)
	c.Incremental = (*IncrementalService)(&c.common)
	return c, nil
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
