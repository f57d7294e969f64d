package zendesk

import (
	"context"
	"errors"
	"math"
	"reflect"
	"testing"
)

func TestTwitterCreateTicket(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		wantID int64 // 0: no ticket
	}{
		{"empty 201, as documented", 201, "", 0},
		{"201 with the JSON string the spec shows", 201, `""`, 0},
		{"201 with whitespace", 201, " \n", 0},
		{"201 with the ticket", 201, string(fixture(t, "twitter_ticket.json")), 35460},
		{"200 with an empty object", 200, `{}`, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mock := setup(t)
			rec := on(t, mock, "POST", "/api/v2/channels/twitter/tickets.json", respond(tt.status, tt.body))
			tk, err := c.Twitter.CreateTicket(context.Background(), 8605426295771136, 45)
			if err != nil {
				t.Fatal(err)
			}
			req := rec.last(t)
			wantJSON(t, req.Body, `{"ticket":{"twitter_status_message_id":8605426295771136,"monitored_twitter_handle_id":45}}`)
			wantQuery(t, req.URL, "")
			switch {
			case tt.wantID == 0 && tk != nil:
				t.Errorf("ticket = %+v, want nil", tk)
			case tt.wantID != 0 && (tk == nil || tk.ID != tt.wantID):
				t.Errorf("ticket = %+v, want id %d", tk, tt.wantID)
			case tk != nil && (tk.Via.Channel != "twitter" || tk.Status != StatusNew || tk.Subject != "@acme_help my printer is on fire"):
				t.Errorf("ticket = %+v", tk)
			}
		})
	}
}

// Tweet ids use all 64 bits; they must reach the wire exactly, not through a float.
func TestTwitterCreateTicketLargeTweetID(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "POST", "/api/v2/channels/twitter/tickets.json", respond(201, ""))
	if _, err := c.Twitter.CreateTicket(context.Background(), math.MaxInt64, 1); err != nil {
		t.Fatal(err)
	}
	if want := `{"ticket":{"monitored_twitter_handle_id":1,"twitter_status_message_id":9223372036854775807}}`; string(rec.last(t).Body) != want {
		t.Errorf("body = %s, want %s", rec.last(t).Body, want)
	}
}

func TestTwitterCreateTicketIsNotRetried(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "POST", "/api/v2/channels/twitter/tickets.json", respond(500, `{"error":"InternalError"}`), respond(201, ""))
	_, err := c.Twitter.CreateTicket(context.Background(), 8605426295771136, 45)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 500 || rec.count() != 1 {
		t.Errorf("err = %v after %d requests; want the 500 after one", err, rec.count())
	}
}

func TestTwitterCreateTicketError(t *testing.T) {
	c, mock := setup(t)
	on(t, mock, "POST", "/api/v2/channels/twitter/tickets.json", respond(422, `{"error":"RecordInvalid","description":"Record validation errors","details":{"base":[{"description":"Tweet already has a ticket","error":"InvalidValue"}]}}`))
	tk, err := c.Twitter.CreateTicket(context.Background(), 8605426295771136, 45)
	if !errors.Is(err, ErrInvalid) || tk != nil {
		t.Errorf("got %+v, %v; want nil and ErrInvalid", tk, err)
	}
}

func TestTwitterStatuses(t *testing.T) {
	tests := []struct {
		name       string
		commentIDs []int64
		wantQuery  string
	}{
		{"every comment", nil, ""},
		{"some comments", []int64{1, 3, 5}, "ids=1,3,5"},
		{"one comment", []int64{834}, "ids=834"},
	}
	want := []TwicketStatus{
		{ID: 834, Favorited: true, UserFollowed: true},
		{ID: 836, UserFollowed: true, Retweeted: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mock := setup(t)
			rec := on(t, mock, "GET", "/api/v2/channels/twitter/tickets/35460/statuses.json", respondFixture(t, 200, "twicket_statuses.json"))
			got, err := c.Twitter.Statuses(context.Background(), 35460, tt.commentIDs...)
			if err != nil {
				t.Fatal(err)
			}
			req := rec.last(t)
			wantQuery(t, req.URL, tt.wantQuery)
			if tt.wantQuery != "" && req.URL.RawQuery != tt.wantQuery {
				t.Errorf("raw query = %q, want %q (literal commas)", req.URL.RawQuery, tt.wantQuery)
			}
			if len(req.Body) != 0 {
				t.Errorf("GET with body %q", req.Body)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("statuses = %+v, want %+v", got, want)
			}
		})
	}
}

func TestTwitterStatusesNotFound(t *testing.T) {
	c, mock := setup(t)
	on(t, mock, "GET", "/api/v2/channels/twitter/tickets/9/statuses.json", respond(404, `{"error":"RecordNotFound","description":"Not found"}`))
	got, err := c.Twitter.Statuses(context.Background(), 9)
	if !errors.Is(err, ErrNotFound) || got != nil {
		t.Errorf("got %v, %v; want nil and ErrNotFound", got, err)
	}
}

func TestTwitterRefusesBadInput(t *testing.T) {
	many := make([]int64, 101)
	for i := range many {
		many[i] = int64(i + 1)
	}
	tests := map[string]func(c *Client) error{
		"CreateTicket zero tweet":     func(c *Client) error { _, err := c.Twitter.CreateTicket(context.Background(), 0, 45); return err },
		"CreateTicket negative tweet": func(c *Client) error { _, err := c.Twitter.CreateTicket(context.Background(), -1, 45); return err },
		"CreateTicket zero handle": func(c *Client) error {
			_, err := c.Twitter.CreateTicket(context.Background(), 8605426295771136, 0)
			return err
		},
		"Statuses zero ticket":          func(c *Client) error { _, err := c.Twitter.Statuses(context.Background(), 0); return err },
		"Statuses negative ticket":      func(c *Client) error { _, err := c.Twitter.Statuses(context.Background(), -5, 1); return err },
		"Statuses zero comment id":      func(c *Client) error { _, err := c.Twitter.Statuses(context.Background(), 1, 3, 0); return err },
		"Statuses too many comment ids": func(c *Client) error { _, err := c.Twitter.Statuses(context.Background(), 1, many...); return err },
	}
	for name, call := range tests {
		t.Run(name, func(t *testing.T) {
			c, mock := setup(t)
			if err := call(c); !errors.Is(err, ErrInvalid) {
				t.Errorf("err = %v, want ErrInvalid", err)
			}
			if n := mock.GetTotalCallCount(); n != 0 {
				t.Errorf("%d requests sent", n)
			}
		})
	}
}
