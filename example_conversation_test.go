package zendesk_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"strings"

	"github.com/ticketsdk/zendesk"
	"github.com/ticketsdk/zendesk/zendesktest"
)

// Read a ticket's whole conversation, oldest comment first, page by page. The example runs
// against zendesktest, the in-memory fake Zendesk; a program makes its client with
// zendesk.NewClient and its own subdomain and credentials.
func ExampleTicketsService_ListCommentsAll() {
	srv := zendesktest.NewServer()
	defer srv.Close()
	c, err := srv.Client()
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	ticket, _, err := c.Tickets.Create(ctx, &zendesk.TicketRequest{
		Subject: zendesk.Set("Printer on fire"),
		Comment: &zendesk.Comment{Body: "The printer is on fire."},
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, cm := range []*zendesk.Comment{
		{Body: "Please step away from it."},
		{Body: "Sent the fire brigade.", Public: zendesk.Set(false)},
	} {
		if _, _, err := c.Tickets.Update(ctx, ticket.ID, &zendesk.TicketRequest{Comment: cm}); err != nil {
			log.Fatal(err)
		}
	}

	opts := &zendesk.CommentListOptions{ListOptions: zendesk.ListOptions{PageSize: 2}}
	for comment, err := range c.Tickets.ListCommentsAll(ctx, ticket.ID, opts) {
		if err != nil {
			log.Fatal(err)
		}
		kind := "public"
		if !comment.Public {
			kind = "internal"
		}
		fmt.Printf("%s: %s\n", kind, comment.Body)
	}
	// Output:
	// public: The printer is on fire.
	// public: Please step away from it.
	// internal: Sent the fire brigade.
}

// Upload a file, then attach it with the token in the comment of a ticket update. Upload
// streams the file; an *os.File can be sent again if Zendesk asks to retry.
func ExampleAttachmentsService_Upload() {
	srv := zendesktest.NewServer()
	defer srv.Close()
	c, err := srv.Client()
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	ticket, _, err := c.Tickets.Create(ctx, &zendesk.TicketRequest{
		Subject: zendesk.Set("Printer on fire"),
		Comment: &zendesk.Comment{Body: "The printer is on fire."},
	})
	if err != nil {
		log.Fatal(err)
	}

	f, err := os.CreateTemp("", "crash-*.log")
	if err != nil {
		log.Fatal(err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	fmt.Fprint(f, "PRINTER ERROR 0xF1RE\n")
	f.Seek(0, 0)

	// Without ContentType, the type would come from the name's extension (as this system's
	// MIME table knows it), or be sniffed from the first bytes.
	upload, err := c.Attachments.Upload(ctx, "crash.log", f, &zendesk.UploadOptions{ContentType: "text/plain"})
	if err != nil {
		log.Fatal(err)
	}
	_, _, err = c.Tickets.Update(ctx, ticket.ID, &zendesk.TicketRequest{
		Comment: &zendesk.Comment{Body: "The printer's log.", Uploads: []string{upload.Token}},
	})
	if err != nil {
		log.Fatal(err)
	}

	page, err := c.Tickets.ListComments(ctx, ticket.ID, nil)
	if err != nil {
		log.Fatal(err)
	}
	file := page.Items[1].Attachments[0]
	fmt.Println(file.FileName, file.ContentType, file.Size)
	var content strings.Builder
	if _, err := c.Attachments.Download(ctx, file.ContentURL, &content); err != nil {
		log.Fatal(err)
	}
	fmt.Print(content.String())
	// Output:
	// crash.log text/plain 21
	// PRINTER ERROR 0xF1RE
}
