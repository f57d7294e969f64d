// Command quickstart walks the SDK through the Tickets API's story: a customer reports a
// problem, an agent logs one on a customer's behalf and attaches a file, assigns and solves,
// updates in bulk, merges duplicates and lists everything page by page.
//
// With no environment it runs offline, against zendesktest (a fake Zendesk started in this
// process), signing in with OAuth client credentials as production code would:
//
//	go run ./examples/quickstart
//
// Against a real account it only reads (newest tickets, recent tickets, one ticket with its
// conversation and attachments, a search count, problems)
// unless -write is given:
//
//	ZENDESK_SUBDOMAIN=acme plus one of
//	  ZENDESK_OAUTH_CLIENT_ID and ZENDESK_OAUTH_CLIENT_SECRET  (client credentials, recommended)
//	  ZENDESK_OAUTH_TOKEN                                      (a fixed access token)
//	  ZENDESK_EMAIL and ZENDESK_API_TOKEN                      (API tokens, until 2027-04-30)
//
// -write also needs ZENDESK_AGENT_ID, the user id of an agent who submits and is assigned the
// story's tickets; it creates three tickets, and end users thecustomer@example.com and
// neighbour@example.com unless they exist.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ticketsdk/zendesk"
	"github.com/ticketsdk/zendesk/zendesktest"
)

func main() {
	write := flag.Bool("write", false, "against a real account, also create, update and merge tickets")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Getenv, *write, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// run picks offline or a real account from the environment and walks the story there.
func run(ctx context.Context, getenv func(string) string, write bool, out io.Writer) error {
	subdomain := getenv("ZENDESK_SUBDOMAIN")
	if subdomain == "" {
		return offline(ctx, out)
	}
	auth, how, err := authFromEnv(getenv, write)
	if err != nil {
		return err
	}
	var agentID int64
	if write {
		if agentID, err = strconv.ParseInt(getenv("ZENDESK_AGENT_ID"), 10, 64); err != nil || agentID <= 0 {
			return errors.New("-write needs ZENDESK_AGENT_ID, the user id of an agent (it submits and is assigned the story's tickets)")
		}
	}
	c, err := zendesk.NewClient(subdomain, auth, zendesk.WithUserAgent("quickstart"))
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "account %s.zendesk.com, signed in with %s\n", subdomain, how)
	if write {
		if err := story(ctx, c, agentID, out); err != nil {
			return err
		}
	}
	return browse(ctx, c, out)
}

// authFromEnv chooses the auth option from the environment, and says which in words. Scopes
// are "read", plus "write" when the run may write.
func authFromEnv(getenv func(string) string, write bool) (zendesk.Option, string, error) {
	id, secret := getenv("ZENDESK_OAUTH_CLIENT_ID"), getenv("ZENDESK_OAUTH_CLIENT_SECRET")
	email, apiToken := getenv("ZENDESK_EMAIL"), getenv("ZENDESK_API_TOKEN")
	switch {
	case id != "" && secret != "":
		scopes := []string{"read"}
		if write {
			scopes = append(scopes, "write")
		}
		return zendesk.WithClientCredentials(id, secret, scopes...),
			fmt.Sprintf("OAuth client credentials (client %q, scopes %s)", id, strings.Join(scopes, " ")), nil
	case id != "" || secret != "":
		return nil, "", errors.New("set both ZENDESK_OAUTH_CLIENT_ID and ZENDESK_OAUTH_CLIENT_SECRET")
	case getenv("ZENDESK_OAUTH_TOKEN") != "":
		return zendesk.WithOAuthToken(getenv("ZENDESK_OAUTH_TOKEN")), "a fixed OAuth access token", nil
	case email != "" && apiToken != "":
		return zendesk.WithAPIToken(email, apiToken), fmt.Sprintf("the API token of %s (retired on 2027-04-30)", email), nil
	}
	return nil, "", errors.New("ZENDESK_SUBDOMAIN is set but no credentials are: set ZENDESK_OAUTH_CLIENT_ID and " +
		"ZENDESK_OAUTH_CLIENT_SECRET (recommended), or ZENDESK_OAUTH_TOKEN, or ZENDESK_EMAIL and ZENDESK_API_TOKEN; " +
		"unset ZENDESK_SUBDOMAIN to run offline")
}

// offline starts a fake Zendesk in this process and walks the story against it, signed in
// with the fake's built-in OAuth client through the client credentials grant.
func offline(ctx context.Context, out io.Writer) error {
	srv := zendesktest.NewServer()
	defer srv.Close()
	c, err := srv.Client()
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "offline: a fake Zendesk (zendesktest) at %s, signed in with OAuth client credentials\n", srv.URL)
	if err := story(ctx, c, zendesktest.DefaultAgentID, out); err != nil {
		return err
	}
	fmt.Fprintln(out, "the read-only part, as a real account without -write runs it:")
	return browse(ctx, c, out)
}

// story creates, updates, merges and lists tickets; agentID submits and is assigned them.
func story(ctx context.Context, c *zendesk.Client, agentID int64, out io.Writer) error {
	customer := &zendesk.Requester{Name: "The Customer", Email: "thecustomer@example.com"}
	fire, err := create(ctx, c, out, "a customer's ticket", &zendesk.TicketRequest{Requester: customer,
		Subject: zendesk.Set("My printer is on fire!"), Comment: &zendesk.Comment{Body: "The smoke is very colorful."}})
	if err != nil {
		return err
	}
	call, err := create(ctx, c, out, "a ticket on the customer's behalf", &zendesk.TicketRequest{Requester: customer,
		SubmitterID: zendesk.Set(agentID), Subject: zendesk.Set("Printer still smoking (phone call)"),
		Comment: &zendesk.Comment{Body: "The customer called: the smoke has reached the hallway."}})
	if err != nil {
		return err
	}
	neighbour, err := create(ctx, c, out, "a neighbour's ticket", &zendesk.TicketRequest{
		Requester: &zendesk.Requester{Name: "A Neighbour", Email: "neighbour@example.com"},
		Subject:   zendesk.Set("The printer is on fire over here too"), Comment: &zendesk.Comment{Body: "Same smoke."}})
	if err != nil {
		return err
	}
	if err := attach(ctx, c, out, call.ID); err != nil {
		return err
	}
	if err := assignAndSolve(ctx, c, out, fire.ID, agentID); err != nil {
		return err
	}
	if err := bulkUpdate(ctx, c, out, []int64{call.ID, neighbour.ID}); err != nil {
		return err
	}
	if err := merge(ctx, c, out, call.ID, neighbour.ID); err != nil {
		return err
	}
	return listAll(ctx, c, out)
}

func create(ctx context.Context, c *zendesk.Client, out io.Writer, what string, req *zendesk.TicketRequest) (*zendesk.Ticket, error) {
	t, _, err := c.Tickets.Create(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("creating %s: %w", what, err)
	}
	fmt.Fprintf(out, "created #%d %q (requester %s <%s>", t.ID, t.Subject, req.Requester.Name, req.Requester.Email)
	if t.SubmitterID != t.RequesterID {
		fmt.Fprintf(out, ", submitted on their behalf by agent %d", t.SubmitterID)
	}
	fmt.Fprintln(out, ")")
	return t, nil
}

// attach uploads a file and attaches it to a ticket with a private comment: the upload gives
// a token, and the comment that names it attaches the file.
func attach(ctx context.Context, c *zendesk.Client, out io.Writer, id int64) error {
	up, err := c.Attachments.Upload(ctx, "smoke-report.txt", strings.NewReader("12:01 smoke\n12:04 more smoke\n"), nil)
	if err != nil {
		return fmt.Errorf("uploading a file: %w", err)
	}
	_, _, err = c.Tickets.Update(ctx, id, &zendesk.TicketRequest{Comment: &zendesk.Comment{
		Body: "The customer's smoke report.", Public: zendesk.Set(false), Uploads: []string{up.Token}}})
	if err != nil {
		return fmt.Errorf("attaching %s to #%d: %w", up.Attachment.FileName, id, err)
	}
	fmt.Fprintf(out, "attached %s (%d bytes) to #%d\n", up.Attachment.FileName, up.Attachment.Size, id)
	return nil
}

// assignAndSolve assigns a ticket to an agent, then solves it: Zendesk refuses to solve a
// ticket nobody is assigned to.
func assignAndSolve(ctx context.Context, c *zendesk.Client, out io.Writer, id, agentID int64) error {
	t, _, err := c.Tickets.Update(ctx, id, &zendesk.TicketRequest{AssigneeID: zendesk.Set(agentID),
		Comment: &zendesk.Comment{Body: "Unplug it and step away; we are on our way.", Public: zendesk.Set(true)}})
	if err != nil {
		return fmt.Errorf("assigning #%d: %w", id, err)
	}
	fmt.Fprintf(out, "assigned #%d to agent %d (status %s)\n", id, t.AssigneeID, t.Status)
	t, audit, err := c.Tickets.Update(ctx, id, &zendesk.TicketRequest{Status: zendesk.Set(zendesk.StatusSolved),
		Comment: &zendesk.Comment{Body: "Thanks for choosing Acme Jet Motors.", Public: zendesk.Set(true)}})
	if err != nil {
		return fmt.Errorf("solving #%d: %w", id, err)
	}
	fmt.Fprintf(out, "solved #%d (status %s", id, t.Status)
	if audit != nil {
		fmt.Fprintf(out, ", audit %d with %d events", audit.ID, len(audit.Events))
	}
	fmt.Fprintln(out, ")")
	return nil
}

// bulkUpdate raises the priority and tags of several tickets in one background job.
func bulkUpdate(ctx context.Context, c *zendesk.Client, out io.Writer, ids []int64) error {
	job, err := c.Tickets.UpdateMany(ctx, ids, &zendesk.TicketRequest{Priority: zendesk.Set(zendesk.PriorityUrgent),
		AdditionalTags: zendesk.Set([]string{"printer", "fire"})})
	if err != nil {
		return fmt.Errorf("bulk update: %w", err)
	}
	if job, err = wait(ctx, c, job); err != nil {
		return fmt.Errorf("bulk update: %w", err)
	}
	fmt.Fprintf(out, "bulk update of %s: job %s, %d of %d updated\n", list(ids), job.Status, len(job.Results)-len(job.Failures()), len(ids))
	t, err := c.Tickets.Get(ctx, ids[0])
	if err != nil {
		return fmt.Errorf("getting #%d: %w", ids[0], err)
	}
	fmt.Fprintf(out, "  #%d is now %s, tags %v\n", t.ID, t.Priority, t.Tags)
	return nil
}

// merge merges a duplicate into its target, which closes the duplicate.
func merge(ctx context.Context, c *zendesk.Client, out io.Writer, target, duplicate int64) error {
	job, err := c.Tickets.Merge(ctx, target, &zendesk.MergeRequest{IDs: []int64{duplicate},
		TargetComment: fmt.Sprintf("Combining with #%d", duplicate), SourceComment: fmt.Sprintf("Closing in favor of #%d", target)})
	if err != nil {
		return fmt.Errorf("merging #%d into #%d: %w", duplicate, target, err)
	}
	if job, err = wait(ctx, c, job); err != nil {
		return fmt.Errorf("merging #%d into #%d: %w", duplicate, target, err)
	}
	t, err := c.Tickets.Get(ctx, duplicate)
	if err != nil {
		return fmt.Errorf("getting #%d: %w", duplicate, err)
	}
	fmt.Fprintf(out, "merged #%d into #%d: job %s, #%d is %s\n", duplicate, target, job.Status, duplicate, t.Status)
	return nil
}

// wait polls a background job until it ends, for two minutes at most.
func wait(ctx context.Context, c *zendesk.Client, job *zendesk.JobStatus) (*zendesk.JobStatus, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	return c.JobStatuses.Wait(ctx, job.ID)
}

// listLimit stops the listing on a real account with many tickets.
const listLimit = 20

// listAll lists every ticket two at a time, so that paging shows even on a small account.
func listAll(ctx context.Context, c *zendesk.Client, out io.Writer) error {
	fmt.Fprintln(out, "all tickets, 2 a page:")
	n := 0
	for t, err := range c.Tickets.ListAll(ctx, &zendesk.ListOptions{PageSize: 2}) {
		if err != nil {
			return fmt.Errorf("listing tickets: %w", err)
		}
		if n++; n > listLimit {
			fmt.Fprintf(out, "  … stopped after %d\n", listLimit)
			return nil
		}
		printTicket(out, t)
	}
	return nil
}

// browse only reads: the newest tickets (an admin's view), recent tickets, the newest one in
// full with its requester and its conversation, a search count, and problems.
func browse(ctx context.Context, c *zendesk.Client, out io.Writer) error {
	page, err := c.Tickets.List(ctx, &zendesk.ListOptions{PageSize: 3, SortBy: "updated_at", SortOrder: "desc"})
	switch {
	case errors.Is(err, zendesk.ErrForbidden):
		fmt.Fprintln(out, "newest tickets: skipped, listing every ticket needs an admin")
		page = &zendesk.Page[zendesk.Ticket]{}
	case err != nil:
		return fmt.Errorf("listing the newest tickets: %w", err)
	default:
		fmt.Fprintf(out, "newest tickets (first page of 3, more: %v):\n", page.HasMore)
	}
	for _, t := range page.Items {
		printTicket(out, t)
	}
	recent, err := c.Tickets.ListRecent(ctx, &zendesk.ListOptions{PageSize: 3})
	if err != nil {
		return fmt.Errorf("listing recent tickets: %w", err)
	}
	fmt.Fprintf(out, "recent tickets: %d on the first page\n", len(recent.Items))
	if first := slices.Concat(page.Items, recent.Items); len(first) > 0 {
		if err := conversation(ctx, c, out, first[0].ID); err != nil {
			return err
		}
	}
	unsolved, err := c.Search.Count(ctx, "type:ticket status<solved")
	if err != nil {
		return fmt.Errorf("counting unsolved tickets: %w", err)
	}
	fmt.Fprintf(out, "unsolved tickets (search): %d\n", unsolved)
	problems, err := c.Problems.List(ctx, &zendesk.ListOptions{PageSize: 3})
	if err != nil {
		return fmt.Errorf("listing problems: %w", err)
	}
	fmt.Fprintf(out, "problems: %d on the first page\n", len(problems.Items))
	return nil
}

// conversation shows one ticket in full, its requester side-loaded in the same request, and
// its comments oldest first.
func conversation(ctx context.Context, c *zendesk.Client, out io.Writer, id int64) error {
	t, side, err := c.Tickets.GetWith(ctx, id, "users")
	if err != nil {
		return fmt.Errorf("getting #%d: %w", id, err)
	}
	requester := strconv.FormatInt(t.RequesterID, 10)
	if side != nil {
		for _, u := range side.Users {
			if u.ID == t.RequesterID {
				requester = u.Name
			}
		}
	}
	fmt.Fprintf(out, "ticket #%d: %q, %s, requester %s, assignee %d, tags %v, updated %s\n",
		t.ID, t.Subject, t.Status, requester, t.AssigneeID, t.Tags, t.UpdatedAt.Format(time.RFC3339))
	n := 0
	for cm, err := range c.Tickets.ListCommentsAll(ctx, id, nil) {
		if err != nil {
			return fmt.Errorf("reading the comments of #%d: %w", id, err)
		}
		if n++; n > listLimit {
			fmt.Fprintf(out, "  … stopped after %d\n", listLimit)
			break
		}
		visibility := "public"
		if !cm.Public {
			visibility = "private"
		}
		body, _, cut := strings.Cut(cm.PlainBody, "\n")
		if cut || len(body) > 60 {
			body = body[:min(len(body), 60)] + "…"
		}
		fmt.Fprintf(out, "  comment by %d, %s: %q\n", cm.AuthorID, visibility, body)
		for _, a := range cm.Attachments {
			// Files stream to any io.Writer; credentials go only to the account's own origin.
			n, err := c.Attachments.Download(ctx, a.ContentURL, io.Discard)
			if err != nil {
				return fmt.Errorf("downloading %s: %w", a.FileName, err)
			}
			fmt.Fprintf(out, "    attachment %s, %s, downloaded %d bytes\n", a.FileName, a.ContentType, n)
		}
	}
	return nil
}

func printTicket(out io.Writer, t zendesk.Ticket) {
	fmt.Fprintf(out, "  #%-3d %-7s %-6s %q\n", t.ID, t.Status, t.Priority, t.Subject)
}

// list writes ids as "#1, #2".
func list(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = "#" + strconv.FormatInt(id, 10)
	}
	return strings.Join(s, ", ")
}
