package zendesktest

import (
	"testing"

	"github.com/ticketsdk/zendesk"
)

// Start starts a [Server] with opts for the test t and returns it with an SDK client from
// [Server.Client]. The server is closed when the test and its subtests end (t.Cleanup); a
// client that cannot be built fails the test at once. For a client with other options or
// credentials, call [Server.Client] or [zendesk.NewClient] on the returned server.
//
//	func TestEscalation(t *testing.T) {
//		srv, client := zendesktest.Start(t)
//		escalate(context.Background(), client) // the code under test
//		tk, _ := srv.Ticket(1)
//		…
//	}
func Start(t testing.TB, opts ...Option) (*Server, *zendesk.Client) {
	t.Helper()
	s := NewServer(opts...)
	t.Cleanup(s.Close)
	c, err := s.Client()
	if err != nil {
		t.Fatalf("zendesktest.Start: %v", err)
	}
	return s, c
}
