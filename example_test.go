package zendesk_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"

	"github.com/jarcoal/httpmock"

	"github.com/ticketsdk/zendesk"
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
		printBody(200, `{"job_status": {"id": "V3-9e8d7c6b", "status": "queued", "job_type": "bulk_merge_tickets"}}`))
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
