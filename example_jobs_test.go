package zendesk_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/ticketsdk/zendesk"
)

// jobsExampleClient returns a client whose requests go to mock instead of Zendesk; a program makes
// its client with zendesk.NewClient and its own subdomain and credentials only.
func jobsExampleClient(mock *httpmock.MockTransport) *zendesk.Client {
	c, err := zendesk.NewClient("acme", zendesk.WithOAuthToken("example-token"),
		zendesk.WithHTTPClient(&http.Client{Transport: mock}))
	if err != nil {
		log.Fatal(err)
	}
	return c
}

// Bulk calls such as Tickets.CreateMany answer at once with a queued job; Wait follows it to
// its end. Results of a create arrive in any order: ResultsByIndex puts result i with input i.
func ExampleJobStatusesService_Wait() {
	mock := httpmock.NewMockTransport()
	mock.RegisterResponder("GET", "https://acme.zendesk.com/api/v2/job_statuses/V3-8b6f2c5e1d0a.json",
		httpmock.NewStringResponder(200, `{"job_status": {"id": "V3-8b6f2c5e1d0a", "status": "completed",
			"job_type": "Bulk Create Ticket", "total": 2, "progress": 2,
			"results": [{"index": 1, "id": 35442}, {"index": 0, "id": 35441}]}}`))
	c := jobsExampleClient(mock)

	// A job that never ends would be polled forever: bound the wait.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	job, err := c.JobStatuses.Wait(ctx, "V3-8b6f2c5e1d0a") // the JobStatus.ID of the bulk call
	if errors.Is(err, zendesk.ErrJobFailed) {
		fmt.Println("the job ended", job.Status, "-", job.Message)
		return
	}
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range job.ResultsByIndex() {
		fmt.Printf("ticket %d of the request is #%d\n", r.Index, r.ID)
	}
	fmt.Println("failed results:", len(job.Failures()))
	// Output:
	// ticket 0 of the request is #35441
	// ticket 1 of the request is #35442
	// failed results: 0
}

// WaitWith sets the polling: here every few milliseconds, as a test against a fake server
// would, through a 404 (the job not yet visible), queued and working, to the job's failure.
func ExampleJobStatusesService_WaitWith() {
	mock := httpmock.NewMockTransport()
	answers := []string{
		`{"error": "RecordNotFound", "description": "Not found"}`,
		`{"job_status": {"id": "V3-c41e9a07", "status": "queued", "results": null}}`,
		`{"job_status": {"id": "V3-c41e9a07", "status": "working", "total": 2, "progress": 1}}`,
		`{"job_status": {"id": "V3-c41e9a07", "status": "failed", "total": 2, "progress": 2,
			"message": "Failed at 2026-03-05 08:45:19 +0000",
			"results": [{"id": 35441, "action": "update", "success": true, "status": "Updated"},
			            {"id": 35442, "action": "update", "success": false, "error": "TicketUpdateFailed",
			             "details": "Status: closed prevents ticket update"}]}}`,
	}
	polls := 0
	mock.RegisterResponder("GET", "https://acme.zendesk.com/api/v2/job_statuses/V3-c41e9a07.json",
		func(*http.Request) (*http.Response, error) {
			status := http.StatusOK
			if polls == 0 {
				status = http.StatusNotFound
			}
			body := answers[min(polls, len(answers)-1)]
			polls++
			return httpmock.NewStringResponse(status, body), nil
		})
	c := jobsExampleClient(mock)

	opts := &zendesk.WaitOptions{MinInterval: time.Millisecond, MaxInterval: 5 * time.Millisecond}
	job, err := c.JobStatuses.WaitWith(context.Background(), "V3-c41e9a07", opts)
	fmt.Println("polls:", polls)
	fmt.Println("job failed:", errors.Is(err, zendesk.ErrJobFailed))
	fmt.Println(err)
	for _, f := range job.Failures() {
		fmt.Printf("ticket #%d: %s: %s\n", f.ID, f.Error, f.Details)
	}
	// Output:
	// polls: 4
	// job failed: true
	// zendesk: JobStatuses.Wait: job failed: job V3-c41e9a07 ended failed: Failed at 2026-03-05 08:45:19 +0000 (failed results: 1; first: TicketUpdateFailed)
	// ticket #35442: TicketUpdateFailed: Status: closed prevents ticket update
}
