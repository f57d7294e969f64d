package zendesk

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"
)

func checkTags(t *testing.T, got any) {
	t.Helper()
	if !reflect.DeepEqual(got, []string{"printer", "fire", "hardware"}) {
		t.Errorf("tags = %q", got)
	}
}

func TestTagsOnTheWire(t *testing.T) {
	stamp := time.Date(2026, 3, 3, 12, 40, 2, 0, time.FixedZone("CET", 3600))
	runWireCases(t, []wireCase{
		{name: "Tags", method: "GET", path: "tickets/35436/tags.json", status: 200, answer: "ticket_tags.json",
			call: func(ctx context.Context, s *TicketsService) (any, error) { return s.Tags(ctx, 35436) }, check: checkTags},
		{name: "SetTags", method: "POST", path: "tickets/35436/tags.json", status: 201, answer: "ticket_tags.json",
			body: `{"tags":["printer","fire","hardware"]}`,
			call: func(ctx context.Context, s *TicketsService) (any, error) {
				return s.SetTags(ctx, 35436, []string{"printer", "fire", "hardware"})
			},
			check: checkTags},
		{name: "AddTags", method: "PUT", path: "tickets/35436/tags.json", status: 200, answer: "ticket_tags.json",
			body: `{"tags":["hardware"]}`,
			call: func(ctx context.Context, s *TicketsService) (any, error) {
				return s.AddTags(ctx, 35436, []string{"hardware"}, nil)
			},
			check: checkTags},
		{name: "AddTags safe", method: "PUT", path: "tickets/35436/tags.json", status: 200, answer: "ticket_tags.json",
			body: `{"tags":["hardware"],"updated_stamp":"2026-03-03T11:40:02Z","safe_update":"true"}`,
			call: func(ctx context.Context, s *TicketsService) (any, error) {
				return s.AddTags(ctx, 35436, []string{"hardware"}, &TagOptions{UpdatedStamp: stamp})
			},
			check: checkTags},
		{name: "RemoveTags", method: "DELETE", path: "tickets/35436/tags.json", status: 200, answer: "ticket_tags.json",
			body: `{"tags":["smoke"]}`,
			call: func(ctx context.Context, s *TicketsService) (any, error) {
				return s.RemoveTags(ctx, 35436, []string{"smoke"}, &TagOptions{})
			},
			check: checkTags},
		{name: "RemoveTags safe", method: "DELETE", path: "tickets/35436/tags.json", status: 200, answer: "ticket_tags.json",
			body: `{"tags":["smoke"],"updated_stamp":"2026-03-03T11:40:02Z","safe_update":"true"}`,
			call: func(ctx context.Context, s *TicketsService) (any, error) {
				return s.RemoveTags(ctx, 35436, []string{"smoke"}, &TagOptions{UpdatedStamp: stamp})
			},
			check: checkTags},
	})
}

func TestTagsStaleStampIsErrConflict(t *testing.T) {
	c, mock := setup(t)
	on(t, mock, "PUT", "/api/v2/tickets/1/tags.json", respondFixture(t, 409, "error_update_conflict.json"))
	on(t, mock, "DELETE", "/api/v2/tickets/1/tags.json", respondFixture(t, 409, "error_update_conflict.json"))
	stale := &TagOptions{UpdatedStamp: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	ctx := context.Background()
	if tags, err := c.Tickets.AddTags(ctx, 1, []string{"a"}, stale); !errors.Is(err, ErrConflict) || tags != nil {
		t.Errorf("AddTags: %q, %v", tags, err)
	}
	if tags, err := c.Tickets.RemoveTags(ctx, 1, []string{"a"}, stale); !errors.Is(err, ErrConflict) || tags != nil {
		t.Errorf("RemoveTags: %q, %v", tags, err)
	}
	if n := mock.GetTotalCallCount(); n != 2 {
		t.Errorf("%d requests: a 409 is not retried", n)
	}
}

// TestSetTagsNoneClearsThem: no tags is an empty list on the wire, never null, and the empty
// answer is an empty list back.
func TestSetTagsNoneClearsThem(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "POST", "/api/v2/tickets/1/tags.json", respond(201, `{"tags":[]}`))
	tags, err := c.Tickets.SetTags(context.Background(), 1, nil)
	if err != nil || tags == nil || len(tags) != 0 {
		t.Fatalf("SetTags = %q, %v", tags, err)
	}
	wantJSON(t, rec.last(t).Body, `{"tags":[]}`)
}
