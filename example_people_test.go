package zendesk_test

import (
	"context"
	"fmt"
	"log"

	"github.com/ticketsdk/zendesk"
	"github.com/ticketsdk/zendesk/zendesktest"
)

// A drop-down field holds its option's tag, not the name agents see, and Zendesk drops any
// other value without an error. FieldMap.Set takes the name (or the tag) and sends the tag;
// FieldMap.Value turns the tag back into the name.
func ExampleFieldMap_Set() {
	srv := zendesktest.NewServer()
	defer srv.Close()
	srv.AddTicketField("Printer", "tagger", "HD 3000 color printer=hd_3000", "Laser Jet")
	c, err := srv.Client()
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	fields, err := c.TicketFields.Map(ctx) // load once, Refresh when fields change
	if err != nil {
		log.Fatal(err)
	}
	printer, err := fields.Set("Printer", "HD 3000 color printer")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("sends", printer.Value)

	ticket, _, err := c.Tickets.Create(ctx, &zendesk.TicketRequest{
		Subject:      zendesk.Set("Paper jam"),
		Comment:      &zendesk.Comment{Body: "Again."},
		CustomFields: []zendesk.CustomField{printer},
	})
	if err != nil {
		log.Fatal(err)
	}
	name, _ := fields.Value(ticket, "Printer")
	fmt.Println("reads", name)

	_, err = fields.Set("Printer", "HD 3000 colour printer")
	fmt.Println(err)
	// Output:
	// sends hd_3000
	// reads HD 3000 color printer
	// zendesk: FieldMap.Set: invalid request: field "Printer" (tagger): no option "HD 3000 colour printer"; the options are "HD 3000 color printer" (hd_3000), "Laser Jet" (laser_jet)
}
