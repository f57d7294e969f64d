package zendesktest_test

import (
	"context"
	"fmt"
	"log"

	"github.com/ticketsdk/zendesk"
	"github.com/ticketsdk/zendesk/zendesktest"
)

// A test starts a server, gets an SDK client pointed at it, and checks what the server holds.
func Example() {
	srv := zendesktest.NewServer()
	defer srv.Close()
	client, err := srv.Client()
	if err != nil {
		log.Fatal(err)
	}

	ticket, _, err := client.Tickets.Create(context.Background(), &zendesk.TicketRequest{
		Subject:   zendesk.Set("My printer is on fire!"),
		Comment:   &zendesk.Comment{Body: "The smoke is very colorful."},
		Requester: &zendesk.Requester{Name: "The Customer", Email: "thecustomer@example.com"},
	})
	if err != nil {
		log.Fatal(err)
	}

	held, _ := srv.Ticket(ticket.ID)
	requester, _ := srv.User(held.RequesterID)
	fmt.Println(held.Status, held.Description)
	fmt.Println(requester.Name, requester.Role, srv.TicketsCreated())
	// Output:
	// new The smoke is very colorful.
	// The Customer end-user 1
}

// Faults are injected per route: here the first two list requests fail with 503, and the
// SDK's retries get through.
func ExampleServer_FailNext() {
	srv := zendesktest.NewServer(zendesktest.WithRetryAfter(0))
	defer srv.Close()
	client, err := srv.Client()
	if err != nil {
		log.Fatal(err)
	}
	srv.FailNext("GET", "tickets", 2, 503)

	_, err = client.Tickets.List(context.Background(), nil)
	fmt.Println(err, srv.RequestCount("GET", "tickets"))
	// Output: <nil> 3
}

// ExpireTokens ends every access token the server has issued, so a test can check, without
// waiting on the clock, that code survives a token that expires mid-run: the SDK's OAuth client
// renews it after the 401 and repeats the call.
func ExampleServer_ExpireTokens() {
	srv := zendesktest.NewServer()
	defer srv.Close()
	client, err := srv.Client()
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	if _, err := client.Tickets.List(ctx, nil); err != nil {
		log.Fatal(err)
	}

	srv.ExpireTokens()
	_, err = client.Tickets.List(ctx, nil)
	fmt.Println(err, srv.RequestCount("POST", "oauth/tokens"), srv.RequestCount("GET", "tickets"))
	// Output: <nil> 2 3
}
