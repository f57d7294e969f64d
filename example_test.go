package zendesk_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"

	"github.com/jarcoal/httpmock"

	"github.com/ticketsdk/zendesk"
	"github.com/ticketsdk/zendesk/zendesktest"
)

// exampleClient returns a client whose requests go to mock instead of Zendesk, so that the
// examples run offline. Real code passes its own credentials and no HTTP client.
func exampleClient(mock *httpmock.MockTransport) *zendesk.Client {
	c, err := zendesk.NewClient("acme",
		zendesk.WithAPIToken("agent@example.com", "API_TOKEN"),
		zendesk.WithHTTPClient(&http.Client{Transport: mock}))
	if err != nil {
		log.Fatal(err)
	}
	return c
}

// printBody answers with status and answer after printing the JSON body it received.
func printBody(status int, answer string) httpmock.Responder {
	return func(req *http.Request) (*http.Response, error) {
		body, _ := io.ReadAll(req.Body)
		fmt.Printf("%s %s%s\n%s\n", req.Method, req.URL.Path, query(req), body)
		return httpmock.NewStringResponse(status, answer), nil
	}
}

func query(req *http.Request) string {
	if req.URL.RawQuery == "" {
		return ""
	}
	return "?" + req.URL.RawQuery
}

// A ticket from a customer, as a web form would send it: the requester is found by email, or
// created.
func ExampleTicketsService_Create() {
	mock := httpmock.NewMockTransport()
	mock.RegisterResponder("POST", "https://acme.zendesk.com/api/v2/tickets.json",
		printBody(201, `{"ticket": {"id": 35436, "status": "new", "requester_id": 20978392},
			"audit": {"id": 1020043338, "ticket_id": 35436, "events": [{"id": 1, "type": "Comment"}]}}`))
	c := exampleClient(mock)

	ticket, audit, err := c.Tickets.Create(context.Background(), &zendesk.TicketRequest{
		Requester: &zendesk.Requester{Name: "The Customer", Email: "thecustomer@example.org"},
		Subject:   zendesk.Set("My printer is on fire!"),
		Comment:   &zendesk.Comment{Body: "The smoke is very colorful."},
		Priority:  zendesk.Set(zendesk.PriorityUrgent),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("ticket", ticket.ID, ticket.Status, "with", len(audit.Events), "event")
	// Output:
	// POST /api/v2/tickets.json
	// {"ticket":{"subject":"My printer is on fire!","comment":{"body":"The smoke is very colorful."},"requester":{"name":"The Customer","email":"thecustomer@example.org"},"priority":"urgent"}}
	// ticket 35436 new with 1 event
}

// An update sends only what it names: Set a field to change it, Null to clear it, and leave
// the others out to keep them as they are.
func ExampleTicketsService_Update() {
	mock := httpmock.NewMockTransport()
	mock.RegisterResponder("PUT", "https://acme.zendesk.com/api/v2/tickets/35436.json",
		printBody(200, `{"ticket": {"id": 35436, "status": "pending", "assignee_id": null, "tags": []}, "audit": {"id": 1020051201}}`))
	c := exampleClient(mock)

	ticket, _, err := c.Tickets.Update(context.Background(), 35436, &zendesk.TicketRequest{
		Status:     zendesk.Set(zendesk.StatusPending), // set
		AssigneeID: zendesk.Null[int64](),              // clear: nobody is assigned
		Tags:       zendesk.Set([]string{}),            // clear: no tags
		Comment:    &zendesk.Comment{Body: "Waiting for the new toner.", Public: zendesk.Set(false)},
		// Subject, Priority, GroupID, …: left out, so they stay as they are.
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ticket.Status, ticket.AssigneeID, len(ticket.Tags))
	// Output:
	// PUT /api/v2/tickets/35436.json
	// {"ticket":{"comment":{"body":"Waiting for the new toner.","public":false},"status":"pending","assignee_id":null,"tags":[]}}
	// pending 0 0
}

// ListAll fetches page after page as the loop asks for more; breaking out of the loop stops it.
func ExampleTicketsService_ListAll() {
	mock := httpmock.NewMockTransport()
	mock.RegisterResponder("GET", "https://acme.zendesk.com/api/v2/tickets.json", func(req *http.Request) (*http.Response, error) {
		if req.URL.Query().Get("page[after]") == "" {
			return httpmock.NewStringResponse(200, `{"tickets": [{"id": 1, "subject": "Printer on fire"}, {"id": 2, "subject": "Toner empty"}],
				"meta": {"has_more": true, "after_cursor": "xyz"}}`), nil
		}
		return httpmock.NewStringResponse(200, `{"tickets": [{"id": 3, "subject": "Paper jam"}], "meta": {"has_more": false}}`), nil
	})
	c := exampleClient(mock)

	opts := &zendesk.ListOptions{PageSize: 2, SortBy: "updated_at", SortOrder: "desc"}
	for ticket, err := range c.Tickets.ListAll(context.Background(), opts) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(ticket.ID, ticket.Subject)
	}
	fmt.Println(mock.GetTotalCallCount(), "pages")
	// Output:
	// 1 Printer on fire
	// 2 Toner empty
	// 3 Paper jam
	// 2 pages
}

// A bulk update runs as a background job: the call returns its status at once. UpdateMany makes
// one change to many tickets; UpdateManyEach gives each ticket its own.
func ExampleTicketsService_UpdateMany() {
	mock := httpmock.NewMockTransport()
	mock.RegisterResponder("PUT", "https://acme.zendesk.com/api/v2/tickets/update_many.json",
		printBody(200, `{"job_status": {"id": "V3-2f9d0c1b", "status": "queued", "results": null}}`))
	c := exampleClient(mock)
	ctx := context.Background()

	job, err := c.Tickets.UpdateMany(ctx, []int64{1, 2, 3}, &zendesk.TicketRequest{
		Status:         zendesk.Set(zendesk.StatusSolved),
		AdditionalTags: zendesk.Set([]string{"printer"}), // Tags would replace every ticket's tags
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("job", job.ID, job.Status)

	_, err = c.Tickets.UpdateManyEach(ctx, []zendesk.TicketRequest{
		{ID: 1, Status: zendesk.Set(zendesk.StatusSolved)},
		{ID: 2, Status: zendesk.Set(zendesk.StatusPending)},
	})
	if err != nil {
		log.Fatal(err)
	}
	// Output:
	// PUT /api/v2/tickets/update_many.json?ids=1,2,3
	// {"ticket":{"status":"solved","additional_tags":["printer"]}}
	// job V3-2f9d0c1b queued
	// PUT /api/v2/tickets/update_many.json
	// {"tickets":[{"id":1,"status":"solved"},{"id":2,"status":"pending"}]}
}

// Merge closes the source tickets into the target; the comments say why, and are private
// unless asked otherwise.
func ExampleTicketsService_Merge() {
	mock := httpmock.NewMockTransport()
	mock.RegisterResponder("POST", "https://acme.zendesk.com/api/v2/tickets/111/merge.json",
		printBody(200, `{"job_status": {"id": "V3-9e8d7c6b", "status": "queued", "job_type": "Merge Ticket"}}`))
	c := exampleClient(mock)

	job, err := c.Tickets.Merge(context.Background(), 111, &zendesk.MergeRequest{
		IDs:                   []int64{123, 456},
		TargetComment:         "Combining with #123 and #456",
		SourceComment:         "Closing in favor of #111",
		SourceCommentIsPublic: zendesk.Set(true),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("job", job.ID, job.Status)
	// Output:
	// POST /api/v2/tickets/111/merge.json
	// {"ids":[123,456],"target_comment":"Combining with #123 and #456","source_comment":"Closing in favor of #111","source_comment_is_public":true}
	// job V3-9e8d7c6b queued
}

// The SDK against zendesktest, the in-memory fake of Zendesk that ships with it: create
// tickets, list them all, and match an error. A program makes its client with NewClient and
// its own credentials; a test gets one from the fake.
func Example() {
	srv := zendesktest.NewServer()
	defer srv.Close()
	client, err := srv.Client() // signed in with the fake's OAuth client credentials
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	for _, subject := range []string{"Printer on fire", "Toner empty"} {
		_, _, err := client.Tickets.Create(ctx, &zendesk.TicketRequest{
			Subject: zendesk.Set(subject),
			Comment: &zendesk.Comment{Body: subject + ", says the customer."},
		})
		if err != nil {
			log.Fatal(err)
		}
	}
	for ticket, err := range client.Tickets.ListAll(ctx, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(ticket.ID, ticket.Status, ticket.Subject)
	}
	if _, err := client.Tickets.Get(ctx, 404); errors.Is(err, zendesk.ErrNotFound) {
		fmt.Println("no ticket 404")
	}
	// Output:
	// 1 new Printer on fire
	// 2 new Toner empty
	// no ticket 404
}

// A client for https://acme.zendesk.com, signed in with an OAuth client's credentials. NewClient
// sends nothing: the first call fetches the token. A client without credentials is refused at
// once rather than failing with 401s later.
func ExampleNewClient() {
	clientID, clientSecret := "my-integration", "CLIENT_SECRET" // from your secret store
	client, err := zendesk.NewClient("acme",
		zendesk.WithClientCredentials(clientID, clientSecret, "read", "write"),
		zendesk.WithUserAgent("ticket-importer/1.2"),
	)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(client.BaseURL())

	_, err = zendesk.NewClient("acme")
	fmt.Println(err)
	// Output:
	// https://acme.zendesk.com/api/v2/
	// zendesk: NewClient: no credentials: give one auth option, e.g. WithClientCredentials
}

// CreateAll creates any number of tickets, 100 to a background job, waits for the jobs, and
// returns one result per ticket in input order. A ticket the server refuses fails alone. Here
// against zendesktest, whose client polls jobs every few milliseconds; against Zendesk the
// polling starts at a second (see WithJobPollInterval).
func ExampleTicketsService_CreateAll() {
	srv := zendesktest.NewServer()
	defer srv.Close()
	client, err := srv.Client()
	if err != nil {
		log.Fatal(err)
	}

	tickets := make([]zendesk.TicketRequest, 250)
	for i := range tickets {
		tickets[i] = zendesk.TicketRequest{
			Subject: zendesk.Set(fmt.Sprintf("Imported ticket %d", i)),
			Comment: &zendesk.Comment{Body: "Imported from the old help desk."},
		}
	}
	tickets[7].Comment = nil // a ticket needs a first comment: this one fails

	results, err := client.Tickets.CreateAll(context.Background(), tickets, &zendesk.BulkOptions{Concurrency: 3})
	if err != nil {
		log.Fatal(err)
	}
	created := 0
	for i, r := range results {
		switch {
		case r.Failed():
			fmt.Printf("ticket %d: %s (%s)\n", i, r.Error, r.Details)
		case r.ID != 0:
			created++
		}
	}
	fmt.Println(created, "created")
	// Output:
	// ticket 7: TicketCreateFailed (Description: cannot be blank)
	// 249 created
}

// Every answer outside 2xx is an *APIError that matches the sentinel of its status with
// errors.Is; errors.As gives its fields. Input the SDK refuses before sending anything matches
// ErrInvalid and is no *APIError.
func ExampleAPIError() {
	srv := zendesktest.NewServer()
	defer srv.Close()
	client, err := srv.Client()
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	_, _, err = client.Tickets.Create(ctx, &zendesk.TicketRequest{Subject: zendesk.Set("No comment")})
	var apiErr *zendesk.APIError
	if errors.Is(err, zendesk.ErrInvalid) && errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Code, apiErr.Details["description"][0].Error)
	}

	_, err = client.Tickets.Get(ctx, 404)
	switch {
	case errors.Is(err, zendesk.ErrNotFound):
		fmt.Println("not found")
	case errors.Is(err, zendesk.ErrRateLimited) && errors.As(err, &apiErr):
		fmt.Println("rate limited; wait", apiErr.RetryAfter)
	case err != nil:
		log.Fatal(err)
	}

	_, err = client.Tickets.GetMany(ctx, nil)
	fmt.Println(errors.Is(err, zendesk.ErrInvalid), errors.As(err, new(*zendesk.APIError)))
	// Output:
	// 422 RecordInvalid BlankValue
	// not found
	// true false
}

// A test of your own code can stub Zendesk with httpmock: give the client an *http.Client whose
// transport is the mock. WithRetryMax(0) keeps a request the mock has no responder for from
// being retried: httpmock's "no responder found" looks like a network failure, which the
// client would otherwise retry with backoff, seconds later.
func Example_httpmock() {
	mock := httpmock.NewMockTransport()
	mock.RegisterResponder("GET", "https://acme.zendesk.com/api/v2/tickets/35436.json",
		httpmock.NewStringResponder(200, `{"ticket": {"id": 35436, "subject": "Printer on fire", "status": "open"}}`))
	client, err := zendesk.NewClient("acme",
		zendesk.WithAPIToken("agent@example.com", "API_TOKEN"),
		zendesk.WithHTTPClient(&http.Client{Transport: mock}),
		zendesk.WithRetryMax(0))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	ticket, err := client.Tickets.Get(ctx, 35436)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ticket.ID, ticket.Status, ticket.Subject)

	_, err = client.Tickets.Get(ctx, 1) // no responder: an error at once
	fmt.Println(err)
	fmt.Println(mock.GetTotalCallCount(), "answered")
	// Output:
	// 35436 open Printer on fire
	// zendesk: GET /api/v2/tickets/1.json: no responder found
	// 1 answered
}
