// Package zendesk is a typed client for the Zendesk Support Tickets API: create, read, update,
// merge, mark as spam, delete and bulk-process tickets, with retries that are safe for writes,
// and the rest of a ticket's life: its conversation, its people and fields, search and export.
//
// # Signing in
//
// Make one [Client] per Zendesk account and share it between goroutines. Server-to-server code
// signs in with the credentials of an OAuth client made in Zendesk's Admin Center (the client
// credentials grant), Zendesk's recommended auth now that API tokens are retired:
//
//	client, err := zendesk.NewClient("acme", // https://acme.zendesk.com
//		zendesk.WithClientCredentials(clientID, clientSecret, "read", "write"))
//	if err != nil {
//		return err // a missing or doubled auth option, a bad subdomain, …
//	}
//
// The client fetches an access token on its first call, shares it between goroutines, and
// renews it before it expires. [WithOAuthToken] takes a fixed token, [WithTokenSource] any
// golang.org/x/oauth2 token source; [WithBaseURL] points the client at a host-mapped domain or
// a test server.
//
// # Creating and listing tickets
//
// Request fields say one of three things: [Set] a value, clear it with [Null], or leave it out
// to keep what the ticket has. A create needs a first comment:
//
//	ticket, _, err := client.Tickets.Create(ctx, &zendesk.TicketRequest{
//		Subject:   zendesk.Set("My printer is on fire!"),
//		Comment:   &zendesk.Comment{Body: "The smoke is very colorful."},
//		Requester: &zendesk.Requester{Name: "The Customer", Email: "thecustomer@example.org"},
//	})
//
// Every create carries an Idempotency-Key, kept across the client's retries, so a retried
// create never makes two tickets ([ContextWithIdempotencyKey] sets your own). Many tickets at
// once go through [TicketsService.CreateAll], 100 to a background job.
//
// List methods return one [Page]; their …All forms walk every page as the loop asks for more,
// and stop when it breaks:
//
//	for ticket, err := range client.Tickets.ListAll(ctx, &zendesk.ListOptions{PageSize: 100}) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(ticket.ID, ticket.Subject)
//	}
//
// # The rest of a ticket's life
//
// A ticket's conversation is on [TicketsService] too: ListComments, ListAudits, the tag methods
// (Tags, SetTags, AddTags, RemoveTags) and the redactions. Files go up with
// [AttachmentsService.Upload], whose token a [Comment] attaches, and come down with
// [AttachmentsService.Download], which sends credentials only to the account's own origin.
// [UsersService] finds requesters by email and creates or updates them;
// [TicketFieldsService.Map] reads and sets custom fields by their titles, checking each value
// before it is sent; [DeletedTicketsService] restores deleted tickets;
// [TicketsService.Import] brings history in with its times. [SearchService] and
// [IncrementalService] find and export tickets, and package
// github.com/ticketsdk/zendesk/webhook verifies and decodes Zendesk's webhook deliveries.
// Any endpoint without a method is reached with [Client.Do], with the same auth, retries and
// errors.
//
// # Errors
//
// An answer outside 2xx is an [*APIError] with the status, Zendesk's error code, per-field
// details and the request id; it matches the sentinel of its status with [errors.Is]. Input
// the SDK refuses before sending anything matches [ErrInvalid]:
//
//	_, err := client.Tickets.Get(ctx, id)
//	var apiErr *zendesk.APIError
//	switch {
//	case errors.Is(err, zendesk.ErrNotFound):
//		// deleted, or never existed
//	case errors.Is(err, zendesk.ErrRateLimited) && errors.As(err, &apiErr):
//		// still limited after the client's own retries: wait apiErr.RetryAfter
//	case err != nil:
//		return err
//	}
//
// Transient failures (429, 503 and other 5xx answers, lost connections) are retried with
// backoff when the request is safe to repeat ([WithRetryMax], [WithRetryWait]); every method
// honours its context's cancellation, also while it waits.
//
// # Testing
//
// Package github.com/ticketsdk/zendesk/zendesktest is an in-memory fake of Zendesk, served
// over real HTTP, that keeps state and follows Zendesk's rules. zendesktest.Start gives a test
// a fake server, closed when the test ends, and a client signed in to it that polls background
// jobs every few milliseconds:
//
//	func TestEscalate(t *testing.T) {
//		srv, client := zendesktest.Start(t)
//		if err := escalate(ctx, client); err != nil { // the code under test
//			t.Fatal(err)
//		}
//		if tk, _ := srv.Ticket(1); tk.Priority == nil || *tk.Priority != "urgent" {
//			t.Errorf("ticket 1 has priority %v", tk.Priority)
//		}
//	}
//
// To stub single answers instead, give [WithHTTPClient] an *http.Client whose transport is an
// httpmock.MockTransport (see the package's httpmock example).
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/
package zendesk
