package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/ticketsdk/zendesk"
	"github.com/ticketsdk/zendesk/zendesktest"
)

// TestRun_Offline runs the quickstart as `go run ./examples/quickstart` does with no
// environment, and checks the story's key lines.
func TestRun_Offline(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), func(string) string { return "" }, false, &out); err != nil {
		t.Fatalf("run: %v\n%s", err, &out)
	}
	for _, want := range []string{
		"signed in with OAuth client credentials",
		`created #1 "My printer is on fire!" (requester The Customer <thecustomer@example.com>)`,
		`created #2 "Printer still smoking (phone call)" (requester The Customer <thecustomer@example.com>, submitted on their behalf by agent 360000000001)`,
		`created #3 "The printer is on fire over here too" (requester A Neighbour <neighbour@example.com>)`,
		"attached smoke-report.txt (29 bytes) to #2",
		"assigned #1 to agent 360000000001 (status open)",
		"solved #1 (status solved",
		"bulk update of #2, #3: job completed, 2 of 2 updated",
		"#2 is now urgent, tags [printer fire]",
		"merged #3 into #2: job completed, #3 is closed",
		`  #3   closed  urgent "The printer is on fire over here too"`,
		// The merge changed #2 last: it leads the newest tickets and is shown whole.
		`ticket #2: "Printer still smoking (phone call)", new, requester The Customer,`,
		`  comment by 360000000001, public: "The customer called: the smoke has reached the hallway."`,
		`  comment by 360000000001, private: "The customer's smoke report."`,
		"    attachment smoke-report.txt, text/plain, downloaded 29 bytes",
		`  comment by 360000000001, private: "Combining with #3"`,
		"unsolved tickets (search): 1",
		"problems: 0 on the first page",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, &out)
		}
	}
}

// TestStory_ServerState walks the story against a server of the test's own and checks what the
// server holds afterwards, and that the listing really paged.
func TestStory_ServerState(t *testing.T) {
	srv, c := zendesktest.Start(t)
	agent := srv.AddAgent("Agent Smith", "smith@example.com")
	var out bytes.Buffer
	if err := story(context.Background(), c, agent, &out); err != nil {
		t.Fatalf("story: %v\n%s", err, &out)
	}
	fire, _ := srv.Ticket(1)
	call, _ := srv.Ticket(2)
	dup, _ := srv.Ticket(3)
	if fire.Status != "solved" || fire.AssigneeID == nil || *fire.AssigneeID != agent {
		t.Errorf("#1: status %s, assignee %v", fire.Status, fire.AssigneeID)
	}
	if call.SubmitterID != agent || call.RequesterID != fire.RequesterID || call.Priority == nil || *call.Priority != "urgent" {
		t.Errorf("#2: submitter %d, requester %d, priority %v", call.SubmitterID, call.RequesterID, call.Priority)
	}
	if dup.Status != "closed" || !strings.Contains(fmt.Sprint(dup.Tags), "fire") {
		t.Errorf("#3: status %s, tags %v", dup.Status, dup.Tags)
	}
	if srv.TicketsCreated() != 3 {
		t.Errorf("%d tickets created", srv.TicketsCreated())
	}
	if n := srv.RequestCount(http.MethodGet, "tickets"); n != 2 { // 3 tickets, 2 a page
		t.Errorf("ListAll made %d page requests, want 2", n)
	}
}

// TestAuthFromEnv checks which credentials each environment picks, by signing in with them
// to a fake Zendesk; without -write the scopes allow reading only.
func TestAuthFromEnv(t *testing.T) {
	srv, _ := zendesktest.Start(t)
	clientCreds := map[string]string{"ZENDESK_OAUTH_CLIENT_ID": zendesktest.DefaultClientID,
		"ZENDESK_OAUTH_CLIENT_SECRET": zendesktest.DefaultClientSecret}
	apiToken := map[string]string{"ZENDESK_EMAIL": zendesktest.DefaultAgentEmail, "ZENDESK_API_TOKEN": zendesktest.DefaultAPIToken}
	everything := map[string]string{"ZENDESK_OAUTH_TOKEN": "ignored", "ZENDESK_EMAIL": "a@example.com", "ZENDESK_API_TOKEN": "ignored"}
	for k, v := range clientCreds {
		everything[k] = v
	}
	tests := []struct {
		name      string
		env       map[string]string
		write     bool
		want      string // in the description
		canWrite  bool
		wantError string
	}{
		{name: "client credentials, read only", env: clientCreds, want: `OAuth client credentials (client "zendesktest", scopes read)`},
		{name: "client credentials, -write", env: clientCreds, write: true, want: "scopes read write", canWrite: true},
		{name: "client credentials win", env: everything, want: "OAuth client credentials"},
		{name: "fixed OAuth token", env: map[string]string{"ZENDESK_OAUTH_TOKEN": srv.IssueAccessToken(zendesktest.DefaultClientID, "read")},
			want: "a fixed OAuth access token"},
		{name: "API token", env: apiToken, want: "the API token of agent@example.com", canWrite: true},
		{name: "client id without secret", env: map[string]string{"ZENDESK_OAUTH_CLIENT_ID": "x", "ZENDESK_EMAIL": "a@b.c", "ZENDESK_API_TOKEN": "t"},
			wantError: "set both ZENDESK_OAUTH_CLIENT_ID and ZENDESK_OAUTH_CLIENT_SECRET"},
		{name: "email without API token", env: map[string]string{"ZENDESK_EMAIL": "a@b.c"}, wantError: "no credentials"},
		{name: "nothing", env: nil, wantError: "ZENDESK_SUBDOMAIN is set but no credentials are"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			auth, how, err := authFromEnv(func(k string) string { return tt.env[k] }, tt.write)
			if tt.wantError != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantError) {
					t.Fatalf("error %v, want one saying %q", err, tt.wantError)
				}
				return
			}
			if err != nil || !strings.Contains(how, tt.want) {
				t.Fatalf("got %q, %v; want %q", how, err, tt.want)
			}
			c, err := zendesk.NewClient("", auth, zendesk.WithBaseURL(srv.URL), zendesk.WithHTTPClient(srv.HTTPClient()))
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			if _, err := c.Tickets.List(ctx, nil); err != nil {
				t.Fatalf("reading: %v", err)
			}
			_, _, err = c.Tickets.Create(ctx, &zendesk.TicketRequest{Comment: &zendesk.Comment{Body: "x"}})
			if tt.canWrite != (err == nil) || (err != nil && !errors.Is(err, zendesk.ErrForbidden)) {
				t.Errorf("writing: %v (may write: %v)", err, tt.canWrite)
			}
		})
	}
}

// TestRun_RealAccountChecksEnvFirst checks that a misconfigured environment stops the run
// before any request: no credentials, or -write without an agent.
func TestRun_RealAccountChecksEnvFirst(t *testing.T) {
	for _, tt := range []struct {
		env   map[string]string
		write bool
		want  string
	}{
		{map[string]string{"ZENDESK_SUBDOMAIN": "acme"}, false, "ZENDESK_SUBDOMAIN is set but no credentials are"},
		{map[string]string{"ZENDESK_SUBDOMAIN": "acme", "ZENDESK_OAUTH_TOKEN": "t"}, true, "-write needs ZENDESK_AGENT_ID"},
		{map[string]string{"ZENDESK_SUBDOMAIN": "acme", "ZENDESK_OAUTH_TOKEN": "t", "ZENDESK_AGENT_ID": "x"}, true, "-write needs ZENDESK_AGENT_ID"},
		{map[string]string{"ZENDESK_SUBDOMAIN": "not a subdomain", "ZENDESK_OAUTH_TOKEN": "t"}, false, "subdomain"},
	} {
		var out bytes.Buffer
		err := run(context.Background(), func(k string) string { return tt.env[k] }, tt.write, &out)
		if err == nil || !strings.Contains(err.Error(), tt.want) || out.Len() != 0 {
			t.Errorf("env %v, write %v: error %v, output %q; want an error saying %q", tt.env, tt.write, err, &out, tt.want)
		}
	}
}
