// Package zendesktest is an in-memory fake of the Zendesk Support Tickets API, for testing code
// that talks to Zendesk without a network or an account. It is a real HTTP server
// (net/http/httptest) that keeps state and follows Zendesk's rules, so tests check behaviour,
// not canned bytes: a created ticket can be fetched, listed, updated and merged; solving needs
// an assignee; a closed ticket refuses updates; a stale safe_update gets 409; an Idempotency-Key
// replay returns the first answer; bulk calls answer with job statuses whose work appears on
// later polls; lists page by cursor or offset as Zendesk does.
//
// Credentials are checked as Zendesk checks them: API-token basic auth
// (`{email}/token:{token}`) for registered tokens, and Bearer tokens minted at /oauth/tokens by
// the client credentials or refresh token grant, with scopes and lifetimes. Faults can be
// injected per route ([Server.FailNext], [Server.DropNext], [WithRateLimit], [WithLatency]),
// and every request is logged for inspection ([Server.Requests]).
//
// Typical use with the SDK, in a test: [Start] starts a server that closes when the test ends,
// and returns it with a client from [Server.Client] (pointed at the server, signed in with the
// built-in OAuth client's credentials, polling background jobs every few milliseconds):
//
//	srv, client := zendesktest.Start(t)
//	ticket, _, err := client.Tickets.Create(ctx, &zendesk.TicketRequest{
//		Subject: zendesk.Set("Printer on fire"),
//		Comment: &zendesk.Comment{Body: "The smoke is very colorful."},
//	})
//	if err != nil { … }
//	got, _ := srv.Ticket(ticket.ID) // what the server holds now
//
// Outside a test, [NewServer] starts one and [Server.Close] stops it.
//
// A client with other credentials is built by hand, with the server's URL and HTTP client:
//
//	zendesk.NewClient("", zendesk.WithBaseURL(srv.URL), zendesk.WithHTTPClient(srv.HTTPClient()),
//		zendesk.WithAPIToken(zendesktest.DefaultAgentEmail, zendesktest.DefaultAPIToken))
//
// Where Zendesk's behaviour is not documented the fake makes a plausible choice and says so in
// the doc comment of the option or method concerned. Endpoints outside the Tickets API answer
// 404 InvalidEndpoint, except GET /api/v2/users/{id}, a ticket's conversation (comments,
// audits, uploads and attachments, and tags), search and the incremental exports.
//
// Attachments live on a second origin, the attachment host ([Server.AttachmentHostURL]),
// started and closed with the server: their content_url points there, it serves files without
// credentials and refuses requests that carry an Authorization header, so tests see whether a
// client sends its credentials away from the API's origin ([Server.AttachmentHostRequests]).
//
// Finding and syncing tickets works as on Zendesk, with an index that is immediate: search
// (search.json, search/count.json, search/export.json) understands type:, status: (with < and
// >), requester:, assignee:, tags:, created dates and free text; the incremental exports
// (incremental/tickets/cursor.json, incremental/ticket_events.json) keep generated_timestamp
// and cursors that resume, and include the last minute's changes unless [WithIncrementalLag]
// asks otherwise; include=users,groups,organizations side-loads on ticket lists, show and the
// export. RULES.md lists every rule with its test.
package zendesktest
