package zendesktest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"strings"

	"github.com/ticketsdk/zendesk"
	"github.com/ticketsdk/zendesk/zendesktest"
)

// An upload's token attaches its file to a comment; the file is then served by the attachment
// host, a second origin, which a test watches to see that no credentials went there.
func ExampleServer_AttachmentHostRequests() {
	srv := zendesktest.NewServer()
	defer srv.Close()

	// Upload the raw bytes, as the SDK's Attachments.Upload does.
	req, _ := http.NewRequest("POST", srv.URL+"/api/v2/uploads.json?filename=notes.txt", strings.NewReader("hello"))
	req.Header.Set("Content-Type", "text/plain")
	req.SetBasicAuth(zendesktest.DefaultAgentEmail+"/token", zendesktest.DefaultAPIToken)
	resp, err := srv.HTTPClient().Do(req)
	if err != nil {
		log.Fatal(err)
	}
	var answer struct {
		Upload struct {
			Token string `json:"token"`
		} `json:"upload"`
	}
	json.NewDecoder(resp.Body).Decode(&answer)
	resp.Body.Close()

	client, err := srv.Client()
	if err != nil {
		log.Fatal(err)
	}
	ticket, _, err := client.Tickets.Create(context.Background(), &zendesk.TicketRequest{
		Subject: zendesk.Set("Notes"),
		Comment: &zendesk.Comment{Body: "See the file.", Uploads: []string{answer.Upload.Token}},
	})
	if err != nil {
		log.Fatal(err)
	}

	file := srv.Comments(ticket.ID)[0].Attachments[0]
	fmt.Println(file.FileName, strings.HasPrefix(file.ContentURL, srv.AttachmentHostURL()))
	got, err := http.Get(file.ContentURL)
	if err != nil {
		log.Fatal(err)
	}
	body, _ := io.ReadAll(got.Body)
	got.Body.Close()
	fmt.Println(string(body))
	for _, r := range srv.AttachmentHostRequests() {
		fmt.Println(r.Status, r.Header.Get("Authorization") == "")
	}
	// Output:
	// notes.txt true
	// hello
	// 200 true
}
