package zendesktest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ticketsdk/zendesk"
	"github.com/ticketsdk/zendesk/zendesktest"
)

// raw sends a request with the default API token and returns the body of a 2xx answer.
func raw(t *testing.T, s *zendesktest.Server, method, path, body string) []byte {
	t.Helper()
	req, _ := http.NewRequest(method, s.URL+path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	req.SetBasicAuth(zendesktest.DefaultAgentEmail+"/token", zendesktest.DefaultAPIToken)
	resp, err := s.HTTPClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode/100 != 2 {
		t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, b)
	}
	return b
}

func TestClient_BuiltForTheServer(t *testing.T) {
	s := zendesktest.NewServer()
	defer s.Close()
	c, err := s.Client(zendesk.WithUserAgent("zendesktest"))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.BaseURL().String(); got != s.URL+"/api/v2/" {
		t.Errorf("base URL %q", got)
	}
	// A second auth option is refused by the SDK.
	if _, err := s.Client(zendesk.WithAPIToken("a@b.c", "t")); err == nil {
		t.Error("two auth options accepted")
	}
}

// TestSDKModels_DecodeServerAnswers decodes the fake's answers with the SDK's own types: the
// fake and the SDK are written apart, so a mismatch shows here.
func TestSDKModels_DecodeServerAnswers(t *testing.T) {
	s := zendesktest.NewServer(zendesktest.WithJobDuration(0))
	defer s.Close()
	agent := s.AddAgent("Agent", "agent2@example.org")

	var created struct {
		Ticket zendesk.Ticket `json:"ticket"`
		Audit  zendesk.Audit  `json:"audit"`
	}
	body := `{"ticket":{"subject":"Printer","type":"problem","priority":"high","assignee_id":` + itoa(agent) + `,
		"requester":{"name":"C","email":"c@example.org"},"tags":["a"],"due_at":"2030-01-02",
		"custom_fields":[{"id":1,"value":"745"},{"id":2,"value":3},{"id":3,"value":null}],
		"comment":{"body":"On fire"},"metadata":{"k":"v"}}}`
	if err := json.Unmarshal(raw(t, s, "POST", "/api/v2/tickets.json", body), &created); err != nil {
		t.Fatal(err)
	}
	tk := created.Ticket
	want, _ := s.Ticket(tk.ID)
	if tk.Subject != "Printer" || tk.Type != zendesk.TypeProblem || tk.Priority != zendesk.PriorityHigh ||
		tk.Status != zendesk.StatusOpen || tk.AssigneeID != agent || tk.RequesterID != want.RequesterID ||
		tk.DueAt == nil || !tk.CreatedAt.Equal(want.CreatedAt) || tk.Via.Channel != "api" || len(tk.CustomFields) != 3 {
		t.Errorf("ticket decoded as %+v", tk)
	}
	if a := created.Audit; a.TicketID != tk.ID || len(a.Events) == 0 || a.Events[0].Type != "Comment" ||
		a.Events[0].Body != "On fire" || a.Metadata.Custom["k"] != "v" {
		t.Errorf("audit decoded as %+v", a)
	}

	var related zendesk.TicketRelated
	if err := json.Unmarshal(raw(t, s, "GET", "/api/v2/tickets/"+itoa(tk.ID)+"/related.json", ""), &related); err != nil {
		t.Fatal(err)
	}

	var job struct {
		JobStatus zendesk.JobStatus `json:"job_status"`
	}
	if err := json.Unmarshal(raw(t, s, "PUT", "/api/v2/tickets/update_many.json?ids="+itoa(tk.ID)+",999",
		`{"ticket":{"status":"pending"}}`), &job); err != nil {
		t.Fatal(err)
	}
	if job.JobStatus.Status != "queued" || job.JobStatus.Results != nil {
		t.Errorf("queued job decoded as %+v", job.JobStatus)
	}
	deadline := time.Now().Add(5 * time.Second)
	for job.JobStatus.Status != "completed" && time.Now().Before(deadline) {
		time.Sleep(2 * time.Millisecond)
		if err := json.Unmarshal(raw(t, s, "GET", "/api/v2/job_statuses/"+job.JobStatus.ID+".json", ""), &job); err != nil {
			t.Fatal(err)
		}
	}
	res := job.JobStatus.Results
	if len(res) != 2 || !res[0].Success || res[0].Status != "Updated" || res[1].Success || res[1].Error == "" {
		t.Errorf("completed job decoded as %+v", job.JobStatus)
	}

	var users struct {
		Users []zendesk.User `json:"users"`
	}
	raw(t, s, "PUT", "/api/v2/tickets/"+itoa(tk.ID)+".json", `{"ticket":{"collaborators":["cc@example.org"]}}`)
	if err := json.Unmarshal(raw(t, s, "GET", "/api/v2/tickets/"+itoa(tk.ID)+"/collaborators.json", ""), &users); err != nil {
		t.Fatal(err)
	}
	if len(users.Users) != 1 || users.Users[0].Email != "cc@example.org" || users.Users[0].Role != "end-user" {
		t.Errorf("users decoded as %+v", users.Users)
	}

	var statuses struct {
		Statuses []zendesk.TwicketStatus `json:"statuses"`
	}
	if err := json.Unmarshal(raw(t, s, "GET", "/api/v2/channels/twitter/tickets/"+itoa(tk.ID)+"/statuses.json", ""), &statuses); err != nil {
		t.Fatal(err)
	}
	if len(statuses.Statuses) != 1 || statuses.Statuses[0].ID == 0 {
		t.Errorf("statuses decoded as %+v", statuses.Statuses)
	}
}

func itoa(id int64) string {
	b, _ := json.Marshal(id)
	return string(b)
}
