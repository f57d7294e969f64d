package zendesk

import (
	"context"
	"net/http"
	"strings"
	"time"
)

// TagOptions are the optional parts of [TicketsService.AddTags] and
// [TicketsService.RemoveTags].
type TagOptions struct {
	// UpdatedStamp, when set (usually to the ticket's UpdatedAt as last read), makes the call a
	// safe update: a ticket changed since then is not touched and the error matches
	// [ErrConflict].
	UpdatedStamp time.Time
}

// Tags returns a ticket's tags.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/ticket-management/tags/#list-resource-tags
func (s *TicketsService) Tags(ctx context.Context, id int64) ([]string, error) {
	if err := checkID("Tickets.Tags", id); err != nil {
		return nil, err
	}
	return s.tags(ctx, &request{method: http.MethodGet, path: ticketPath(id, "tags")})
}

// SetTags replaces all of a ticket's tags with tags (none clears them) and returns them as
// the ticket now has them.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/ticket-management/tags/#set-tags
func (s *TicketsService) SetTags(ctx context.Context, id int64, tags []string) ([]string, error) {
	const op = "Tickets.SetTags"
	if err := checkID(op, id); err != nil {
		return nil, err
	}
	body, err := tagsBody(op, tags, nil, true)
	if err != nil {
		return nil, err
	}
	return s.tags(ctx, &request{method: http.MethodPost, path: ticketPath(id, "tags"), body: body})
}

// AddTags adds tags to a ticket's tags and returns the ticket's tags after the change.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/ticket-management/tags/#add-tags
func (s *TicketsService) AddTags(ctx context.Context, id int64, tags []string, opts *TagOptions) ([]string, error) {
	const op = "Tickets.AddTags"
	if err := checkID(op, id); err != nil {
		return nil, err
	}
	body, err := tagsBody(op, tags, opts, false)
	if err != nil {
		return nil, err
	}
	return s.tags(ctx, &request{method: http.MethodPut, path: ticketPath(id, "tags"), body: body})
}

// RemoveTags removes tags from a ticket's tags and returns the ticket's tags after the change.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/ticket-management/tags/#remove-tags
func (s *TicketsService) RemoveTags(ctx context.Context, id int64, tags []string, opts *TagOptions) ([]string, error) {
	const op = "Tickets.RemoveTags"
	if err := checkID(op, id); err != nil {
		return nil, err
	}
	body, err := tagsBody(op, tags, opts, false)
	if err != nil {
		return nil, err
	}
	return s.tags(ctx, &request{method: http.MethodDelete, path: ticketPath(id, "tags"), body: body})
}

// tagsRequest is the body of the tag endpoints; safe_update goes as the string Zendesk
// documents.
type tagsRequest struct {
	Tags         []string `json:"tags"`
	UpdatedStamp string   `json:"updated_stamp,omitempty"`
	SafeUpdate   string   `json:"safe_update,omitempty"`
}

// tagsBody checks tags (a tag is one word: Zendesk would split one with spaces) and builds
// the body; only SetTags may send none.
func tagsBody(op string, tags []string, opts *TagOptions, noneOK bool) (*tagsRequest, error) {
	if len(tags) == 0 && !noneOK {
		return nil, invalid(op, "no tags")
	}
	for _, t := range tags {
		if t == "" || strings.ContainsFunc(t, func(r rune) bool { return r == ',' || r <= ' ' || r == 0x7f }) {
			return nil, invalid(op, "tag %q must be one word without commas", t)
		}
	}
	b := &tagsRequest{Tags: tags}
	if b.Tags == nil {
		b.Tags = []string{}
	}
	if opts != nil && !opts.UpdatedStamp.IsZero() {
		b.UpdatedStamp, b.SafeUpdate = opts.UpdatedStamp.UTC().Format(time.RFC3339), "true"
	}
	return b, nil
}

// tags sends r and returns the tags of its `{"tags": […]}` answer.
func (s *TicketsService) tags(ctx context.Context, r *request) ([]string, error) {
	var out struct {
		Tags *[]string `json:"tags"`
	}
	resp, err := s.client.do(ctx, r, &out)
	if err != nil {
		return nil, err
	}
	if out.Tags == nil {
		return nil, s.client.missingKey(r, resp, "tags")
	}
	return *out.Tags, nil
}
