package zendesk_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/ticketsdk/zendesk"
	"github.com/ticketsdk/zendesk/zendesktest"
)

// Search finds tickets with Zendesk's query syntax; TicketsAll stops at the 1,000 results
// search serves of one query, with an error that says to export instead.
func ExampleSearchService_TicketsAll() {
	srv := zendesktest.NewServer()
	defer srv.Close()
	c, err := srv.Client()
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	for _, subject := range []string{"Printer on fire", "Printer out of toner", "Cannot log in"} {
		if _, _, err := c.Tickets.Create(ctx, &zendesk.TicketRequest{Subject: zendesk.Set(subject),
			Comment: &zendesk.Comment{Body: "Help."}}); err != nil {
			log.Fatal(err)
		}
	}

	opts := &zendesk.SearchOptions{SortBy: "created_at", SortOrder: "asc"}
	for ticket, err := range c.Search.TicketsAll(ctx, "printer status<solved", opts) {
		if errors.Is(err, zendesk.ErrSearchLimit) {
			log.Print("more than 1,000 matches: use Search.ExportTickets")
			break
		}
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(ticket.ID, ticket.Subject)
	}
	n, err := c.Search.Count(ctx, "type:ticket printer")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(n, "tickets match")
	// Output:
	// 1 Printer on fire
	// 2 Printer out of toner
	// 2 tickets match
}

// A sync processes each page of the incremental export and then saves its AfterCursor; the
// next sync resumes from it and gets only what changed since.
func ExampleIncrementalService_TicketPages() {
	srv := zendesktest.NewServer()
	defer srv.Close()
	c, err := srv.Client()
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	for i := range 5 {
		if _, _, err := c.Tickets.Create(ctx, &zendesk.TicketRequest{Subject: zendesk.Set(fmt.Sprint("Ticket ", i+1)),
			Comment: &zendesk.Comment{Body: "Help."}}); err != nil {
			log.Fatal(err)
		}
	}

	var saved string // a real sync keeps it in a file or a database
	sync := func(opts *zendesk.IncrementalOptions) {
		for page, err := range c.Incremental.TicketPages(ctx, opts) {
			if err != nil {
				log.Fatal(err)
			}
			for _, t := range page.Tickets {
				fmt.Printf("#%d %s (%s)\n", t.ID, t.Subject, t.Status)
			}
			saved = page.AfterCursor // only once the page is processed
		}
	}
	sync(&zendesk.IncrementalOptions{StartTime: time.Now().Add(-24 * time.Hour), PerPage: 2})

	if _, _, err := c.Tickets.Update(ctx, 4, &zendesk.TicketRequest{Status: zendesk.Set(zendesk.StatusPending)}); err != nil {
		log.Fatal(err)
	}
	fmt.Println("resuming")
	sync(&zendesk.IncrementalOptions{Cursor: saved})
	// Output:
	// #1 Ticket 1 (new)
	// #2 Ticket 2 (new)
	// #3 Ticket 3 (new)
	// #4 Ticket 4 (new)
	// #5 Ticket 5 (new)
	// resuming
	// #4 Ticket 4 (pending)
}

// Search side-loads the records its results point to: with Include, one request brings the
// tickets' requesters too.
func ExampleSearchService_Tickets() {
	srv := zendesktest.NewServer()
	defer srv.Close()
	c, err := srv.Client()
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	if _, _, err := c.Tickets.Create(ctx, &zendesk.TicketRequest{Subject: zendesk.Set("Printer on fire"),
		Comment:   &zendesk.Comment{Body: "Help."},
		Requester: &zendesk.Requester{Name: "Ann", Email: "ann@example.com"}}); err != nil {
		log.Fatal(err)
	}

	page, err := c.Search.Tickets(ctx, "printer", &zendesk.SearchOptions{Include: []string{"users"}})
	if err != nil {
		log.Fatal(err)
	}
	users := map[int64]zendesk.User{}
	for _, u := range page.Sideloads.Users {
		users[u.ID] = u
	}
	for _, t := range page.Items {
		fmt.Println(t.ID, t.Subject, "from", users[t.RequesterID].Name)
	}
	// Output: 1 Printer on fire from Ann
}
