package zendesktest

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// Built-in credentials and identities of every [Server]. They always exist, next to any
// registered with [WithAPIToken] or [WithOAuthClient].
const (
	// DefaultAgentID is the id of the built-in agent: the user the default API token and the
	// default OAuth client act as. Ids of users, groups and organizations are above 2^32, as
	// on real accounts, so a client that keeps ids in 32 bits fails here first.
	DefaultAgentID int64 = 360000000001
	// DefaultAgentName is the name of the built-in agent.
	DefaultAgentName = "Default Agent"
	// DefaultAgentEmail is the email of the built-in agent; with [DefaultAPIToken] it is a valid
	// API-token login (`agent@example.com/token:` + DefaultAPIToken).
	DefaultAgentEmail = "agent@example.com"
	// DefaultAPIToken is the API token of the built-in agent.
	DefaultAPIToken = "zendesktest-api-token"
	// DefaultClientID is the id of the built-in OAuth client, which may ask for any scope.
	DefaultClientID = "zendesktest"
	// DefaultClientSecret is the secret of the built-in OAuth client.
	DefaultClientSecret = "zendesktest-secret"
	// DefaultTokenLifetime is how long an access token lives unless [WithTokenLifetime] says
	// otherwise: Zendesk's default for new OAuth clients.
	DefaultTokenLifetime = 30 * time.Minute
)

// Server is an in-memory fake of the Zendesk Support Tickets API, served over real HTTP by
// [net/http/httptest]. It keeps users, groups, organizations, tickets, audits, job statuses
// and OAuth tokens, and answers with the status codes, headers and bodies Zendesk sends.
// It is safe for concurrent use; every request is handled under one lock.
type Server struct {
	// URL is the server's base URL, such as http://127.0.0.1:41235, with no trailing slash.
	// The API lives under URL + "/api/v2/", the OAuth token endpoint at URL + "/oauth/tokens".
	URL string

	cfg    config
	ts     *httptest.Server
	mux    *http.ServeMux
	mu     sync.Mutex
	st     *store
	faults []*fault
	log    []Request
	rate   rates
	reqSeq int64
	closed bool
	hooks  webhooks // see webhooks.go
}

type config struct {
	apiTokens     map[string]string // email → token
	clients       []*oauthClient
	tokenLifetime time.Duration
	latency       time.Duration
	jobDuration   time.Duration
	rateLimit     int
	rateWindow    time.Duration
	endpoints     []endpointLimit
	rateHeaders23 bool
	retryAfter    time.Duration
	noAuth        bool
	conv          convOptions   // comments, uploads and tags: conversation.go
	exportLag     time.Duration // see WithIncrementalLag
}

// Option configures a [Server] made by [NewServer].
type Option func(*config)

// WithAPIToken registers an API-token credential: basic auth as `{email}/token` with token as
// the password. A user with that email is created as an agent unless it exists.
func WithAPIToken(email, token string) Option {
	return func(c *config) { c.apiTokens[strings.ToLower(email)] = token }
}

// WithOAuthClient registers an OAuth client that may mint tokens at /oauth/tokens. scopes is
// the client's ceiling: a token request for any other scope is refused with invalid_scope.
// No scopes means any scope may be asked for. Tokens act as [DefaultAgentID].
func WithOAuthClient(id, secret string, scopes ...string) Option {
	return func(c *config) {
		c.clients = append(c.clients, &oauthClient{id: id, secret: secret, scopes: scopes})
	}
}

// WithTokenLifetime sets how long OAuth access tokens live (default [DefaultTokenLifetime]).
// Tests may make it milliseconds long to see expiry; the answer's expires_in is whole seconds
// rounded down, so a lifetime under a second is announced as 0, which golang.org/x/oauth2
// reads as "never expires": the client learns of the expiry from the 401.
func WithTokenLifetime(d time.Duration) Option {
	return func(c *config) { c.tokenLifetime = d }
}

// WithLatency delays every answer by d (cut short when the client gives up).
func WithLatency(d time.Duration) Option {
	return func(c *config) { c.latency = d }
}

// WithJobDuration sets how long a background job (create_many, update_many, merge, …) stays
// queued before its work is done and its results appear. The default, 0, runs the work right
// after the answer; it still answers "queued" first, so clients must poll.
func WithJobDuration(d time.Duration) Option {
	return func(c *config) { c.jobDuration = d }
}

// WithRateLimit limits the API to perMinute requests in each one-minute window (counted from
// the first request). Past it, requests get 429 with Retry-After (seconds to the window's end).
// Every API answer then carries X-Rate-Limit and X-Rate-Limit-Remaining, and ratelimit-limit,
// ratelimit-remaining and ratelimit-reset (see [WithRateLimitHeaders2023] for the other
// spelling). Without this option the account's budget is 700 a minute, announced in
// X-Rate-Limit and X-Rate-Limit-Remaining on every answer as on real accounts, but never
// enforced. Per-endpoint budgets are set with [WithEndpointRateLimit].
func WithRateLimit(perMinute int) Option {
	return func(c *config) { c.rateLimit = perMinute }
}

// WithRateWindow sets the length of the rate limit's window (default one minute, as Zendesk
// counts), so that a test can see windows end within seconds: WithRateLimit(50) with
// WithRateWindow(time.Second) allows 50 requests a second. The headers then speak of the
// window: X-Rate-Limit is the requests allowed per window, ratelimit-reset and Retry-After
// the whole seconds (rounded up) until it ends.
func WithRateWindow(d time.Duration) Option {
	return func(c *config) { c.rateWindow = d }
}

// WithRetryAfter sets the Retry-After that answers injected by [Server.FailNext] with 429 or
// 503 carry (default 1s; sent in whole seconds, rounded up).
func WithRetryAfter(d time.Duration) Option {
	return func(c *config) { c.retryAfter = d }
}

// WithoutAuth turns credential checks off: every API request is accepted and acts as
// [DefaultAgentID].
func WithoutAuth() Option {
	return func(c *config) { c.noAuth = true }
}

// NewServer starts a fake Zendesk server, and its second origin, the attachment host (see
// [Server.AttachmentHostURL]). Close it when done, usually with t.Cleanup.
func NewServer(opts ...Option) *Server {
	cfg := config{
		apiTokens:     map[string]string{DefaultAgentEmail: DefaultAPIToken},
		clients:       []*oauthClient{{id: DefaultClientID, secret: DefaultClientSecret}},
		tokenLifetime: DefaultTokenLifetime,
		retryAfter:    time.Second,
		rateWindow:    time.Minute,
	}
	for _, o := range opts {
		o(&cfg)
	}
	s := &Server{cfg: cfg, st: newStore()}
	s.st.addUser(DefaultAgentName, DefaultAgentEmail, roleAdmin)
	s.st.addDefaultGroup()
	for email := range cfg.apiTokens {
		if _, ok := s.st.userByEmail(email); !ok {
			s.st.addUser(email, email, roleAgent)
		}
	}
	for _, c := range cfg.clients {
		s.st.clients[c.id] = c
	}
	s.mux = s.routes()
	s.ts = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	s.URL = s.ts.URL
	s.st.baseURL = s.ts.URL
	s.startFileHost()
	return s
}

// Close shuts the server and its attachment host down and blocks until all their requests have
// finished. Pending background jobs and webhook deliveries are dropped; uploaded files are
// deleted.
func (s *Server) Close() {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.ts.Close()
	s.closeFileHost()
	s.stopWebhooks()
}

// HTTPClient returns an *http.Client that reaches the server. Give it to the SDK with
// zendesk.WithHTTPClient when building a client with other credentials than [Server.Client]'s.
func (s *Server) HTTPClient() *http.Client { return s.ts.Client() }

// AddUser adds an end user and returns its id. An empty email is allowed (as for users who
// only reach Zendesk through Twitter).
func (s *Server) AddUser(name, email string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.addUser(name, email, roleEndUser).ID
}

// AddAgent adds an agent (who may be assigned tickets) and returns its id.
func (s *Server) AddAgent(name, email string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.addUser(name, email, roleAgent).ID
}

// AddGroup adds a group of agents and returns its id.
func (s *Server) AddGroup(name string, agentIDs ...int64) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.addGroup(name, agentIDs)
}

// AddOrganization adds an organization and returns its id. The users memberIDs join it: tickets
// they request then belong to it.
func (s *Server) AddOrganization(name string, memberIDs ...int64) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.addOrganization(name, memberIDs)
}

// Ticket returns the ticket with id as the API would show it, and whether it exists.
func (s *Server) Ticket(id int64) (Ticket, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.st.tickets[id]
	if !ok {
		return Ticket{}, false
	}
	return s.st.render(t), true
}

// TicketCount returns how many tickets exist now (deleted and spam tickets are gone).
func (s *Server) TicketCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.st.tickets)
}

// TicketsCreated returns how many tickets were ever created, whatever became of them since: the
// number to check for "a retried create made no second ticket".
func (s *Server) TicketsCreated() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return int(s.st.ticketsCreated)
}

// User returns the user with id, and whether it exists.
func (s *Server) User(id int64) (User, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.st.users[id]
	if !ok {
		return User{}, false
	}
	return *u, true
}

// UserByEmail returns the user with email (case-insensitive), and whether it exists.
func (s *Server) UserByEmail(email string) (User, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.st.userByEmail(email)
	if !ok {
		return User{}, false
	}
	return *u, true
}

// Audits returns the audits of a ticket, oldest first.
func (s *Server) Audits(ticketID int64) []Audit {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Audit, len(s.st.audits[ticketID]))
	for i, a := range s.st.audits[ticketID] {
		out[i] = *a
	}
	return out
}
