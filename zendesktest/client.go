package zendesktest

import (
	"time"

	"github.com/ticketsdk/zendesk"
)

// Client returns an SDK client pointed at the server: its URL, its HTTP client, and the
// built-in OAuth client's credentials ([DefaultClientID], [DefaultClientSecret], scopes "read"
// and "write", client credentials grant). Waits are short, so that tests stay fast: retries
// wait 1 ms to 20 ms, and background jobs are polled after 10 ms, then at most every 100 ms
// ([zendesk.WithJobPollInterval]), so a test's [zendesk.JobStatusesService.Wait] or
// [zendesk.TicketsService.CreateAll] takes milliseconds, not the second a real account's
// polling would. opts are applied after these and may override them, except auth: the SDK
// refuses two auth options. For other credentials build the client yourself (adding the
// short waits if the test needs them):
//
//	zendesk.NewClient("", zendesk.WithBaseURL(s.URL), zendesk.WithHTTPClient(s.HTTPClient()),
//		zendesk.WithAPIToken(zendesktest.DefaultAgentEmail, zendesktest.DefaultAPIToken),
//		zendesk.WithJobPollInterval(10*time.Millisecond, 100*time.Millisecond))
func (s *Server) Client(opts ...zendesk.Option) (*zendesk.Client, error) {
	base := []zendesk.Option{
		zendesk.WithBaseURL(s.URL),
		zendesk.WithHTTPClient(s.HTTPClient()),
		zendesk.WithRetryWait(time.Millisecond, 20*time.Millisecond),
		zendesk.WithJobPollInterval(10*time.Millisecond, 100*time.Millisecond),
		zendesk.WithClientCredentials(DefaultClientID, DefaultClientSecret, "read", "write"),
	}
	return zendesk.NewClient("", append(base, opts...)...)
}
