package zendesktest

import (
	"time"

	"github.com/ticketsdk/zendesk"
)

// Client returns an SDK client pointed at the server: its URL, its HTTP client, and the
// built-in OAuth client's credentials ([DefaultClientID], [DefaultClientSecret], scopes "read"
// and "write", client credentials grant). Retry waits are short (1 ms to 20 ms) so that tests
// with injected faults stay fast. opts are applied after these and may override them, except
// auth: the SDK refuses two auth options. For other credentials build the client yourself:
//
//	zendesk.NewClient("", zendesk.WithBaseURL(s.URL), zendesk.WithHTTPClient(s.HTTPClient()),
//		zendesk.WithAPIToken(zendesktest.DefaultAgentEmail, zendesktest.DefaultAPIToken))
func (s *Server) Client(opts ...zendesk.Option) (*zendesk.Client, error) {
	base := []zendesk.Option{
		zendesk.WithBaseURL(s.URL),
		zendesk.WithHTTPClient(s.HTTPClient()),
		zendesk.WithRetryWait(time.Millisecond, 20*time.Millisecond),
		zendesk.WithClientCredentials(DefaultClientID, DefaultClientSecret, "read", "write"),
	}
	return zendesk.NewClient("", append(base, opts...)...)
}
