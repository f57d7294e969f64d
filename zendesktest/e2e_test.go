package zendesktest_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/ticketsdk/zendesk"
	"github.com/ticketsdk/zendesk/zendesktest"
)

func TestSDK_CreateGetList(t *testing.T) {
	s, c := zendesktest.Start(t)
	ctx := context.Background()
	created, audit, err := c.Tickets.Create(ctx, &zendesk.TicketRequest{
		Subject:   zendesk.Set("My printer is on fire!"),
		Comment:   &zendesk.Comment{Body: "The smoke is very colorful."},
		Requester: &zendesk.Requester{Name: "The Customer", Email: "thecustomer@example.com"},
		Priority:  zendesk.Set(zendesk.PriorityUrgent),
		Tags:      zendesk.Set([]string{"fire"}),
	})
	if err != nil {
		t.Fatal(err)
	}
	held, ok := s.Ticket(created.ID)
	if !ok || held.Subject != "My printer is on fire!" || held.Description != "The smoke is very colorful." ||
		held.Priority == nil || *held.Priority != "urgent" || audit == nil || audit.TicketID != created.ID {
		t.Fatalf("server holds %+v, audit %+v", held, audit)
	}
	if u, _ := s.User(held.RequesterID); u.Email != "thecustomer@example.com" {
		t.Errorf("requester %+v", u)
	}

	got, err := c.Tickets.Get(ctx, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != created.ID || got.Status != zendesk.StatusNew || got.RequesterID != held.RequesterID ||
		!got.UpdatedAt.Equal(held.UpdatedAt) || len(got.Tags) != 1 {
		t.Errorf("Get: %+v", got)
	}

	for range 4 {
		if _, _, err := c.Tickets.Create(ctx, &zendesk.TicketRequest{Comment: &zendesk.Comment{Body: "more"}}); err != nil {
			t.Fatal(err)
		}
	}
	page, err := c.Tickets.List(ctx, &zendesk.ListOptions{PageSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 2 || !page.HasMore || page.Items[0].ID != created.ID {
		t.Errorf("first page %+v", page)
	}
	var ids []int64
	for tk, err := range c.Tickets.ListAll(ctx, &zendesk.ListOptions{PageSize: 2}) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, tk.ID)
	}
	if len(ids) != 5 || ids[0] != created.ID || ids[4] != 5 {
		t.Errorf("ListAll ids %v", ids)
	}
	if n := s.RequestCount("GET", "tickets"); n != 4 { // List, then ListAll in 3 pages
		t.Errorf("%d list requests", n)
	}
}

func TestSDK_ErrorsMatchSentinels(t *testing.T) {
	_, c := zendesktest.Start(t)
	ctx := context.Background()
	if _, err := c.Tickets.Get(ctx, 4242); !errors.Is(err, zendesk.ErrNotFound) {
		t.Errorf("Get unknown: %v", err)
	}
	tk, _, err := c.Tickets.Create(ctx, &zendesk.TicketRequest{Comment: &zendesk.Comment{Body: "x"}})
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = c.Tickets.Update(ctx, tk.ID, &zendesk.TicketRequest{Status: zendesk.Set(zendesk.StatusSolved)})
	var apiErr *zendesk.APIError
	if !errors.Is(err, zendesk.ErrInvalid) || !errors.As(err, &apiErr) || apiErr.Code != "RecordInvalid" ||
		len(apiErr.Details["status"]) == 0 {
		t.Errorf("solve without assignee: %v", err)
	}
	_, _, err = c.Tickets.Update(ctx, tk.ID, &zendesk.TicketRequest{Subject: zendesk.Set("new"),
		SafeUpdate: zendesk.Set(true), UpdatedStamp: zendesk.Set(tk.UpdatedAt.Add(-time.Hour))})
	if !errors.Is(err, zendesk.ErrConflict) {
		t.Errorf("stale safe update: %v", err)
	}
}

func TestSDK_CreateRetriedAfterLostAnswerMakesOneTicket(t *testing.T) {
	s, c := zendesktest.Start(t)
	s.DropNext(http.MethodPost, "tickets", 2)
	tk, _, err := c.Tickets.Create(context.Background(), &zendesk.TicketRequest{Comment: &zendesk.Comment{Body: "once"}})
	if err != nil {
		t.Fatal(err)
	}
	if s.TicketsCreated() != 1 || tk.ID != 1 {
		t.Errorf("%d tickets created, got ticket %d", s.TicketsCreated(), tk.ID)
	}
	if n := s.RequestCount(http.MethodPost, "tickets"); n != 3 {
		t.Errorf("%d POSTs, want 3", n)
	}
}

func TestSDK_RetriesInjected503(t *testing.T) {
	s, c := zendesktest.Start(t, zendesktest.WithRetryAfter(0))
	s.FailNext(http.MethodGet, "tickets", 2, http.StatusServiceUnavailable)
	if _, err := c.Tickets.List(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if n := s.RequestCount(http.MethodGet, "tickets"); n != 3 {
		t.Errorf("%d requests, want 3", n)
	}
}

func TestSDK_ExpiredTokenRenewedOn401(t *testing.T) {
	t.Parallel()
	// The server expires the token before its announced end: the 401 tells.
	s, c := zendesktest.Start(t)
	ctx := context.Background()
	if _, err := c.Tickets.List(ctx, nil); err != nil {
		t.Fatal(err)
	}
	s.ExpireTokens()
	if _, err := c.Tickets.List(ctx, nil); err != nil {
		t.Fatalf("after expiry: %v", err)
	}
	if n := s.RequestCount(http.MethodPost, "oauth/tokens"); n != 2 {
		t.Errorf("%d token requests, want 2", n)
	}
}

func TestSDK_CreateManyAndWait(t *testing.T) {
	s, c := zendesktest.Start(t, zendesktest.WithJobDuration(10*time.Millisecond))
	ctx := context.Background()
	job, err := c.Tickets.CreateMany(ctx, []zendesk.TicketRequest{
		{Subject: zendesk.Set("a"), Comment: &zendesk.Comment{Body: "a"}},
		{Subject: zendesk.Set("b"), Comment: &zendesk.Comment{Body: "b"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	done, err := c.JobStatuses.Wait(ctx, job.ID)
	if err != nil {
		t.Fatal(err)
	}
	if done.Status != zendesk.JobCompleted || len(done.Results) != 2 || s.TicketCount() != 2 {
		t.Errorf("job %+v, %d tickets", done, s.TicketCount())
	}
}
