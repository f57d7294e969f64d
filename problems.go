package zendesk

import (
	"context"
	"iter"
	"net/http"
	"strings"
)

// ProblemsService reaches the problem ticket endpoints: the list of problems and autocomplete.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_problems/
type ProblemsService service

// List returns one page of problem tickets, newest updated_at first. The server fixes that
// order, so opts may set PageSize, After and Before but not SortBy or SortOrder (ErrInvalid,
// rather than a sort the server would silently ignore).
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_problems/#list-ticket-problems
func (s *ProblemsService) List(ctx context.Context, opts *ListOptions) (*Page[Ticket], error) {
	if opts != nil && (opts.SortBy != "" || opts.SortOrder != "") {
		return nil, invalid("Problems.List", "problems are always sorted by updated_at, newest first: leave SortBy and SortOrder empty")
	}
	return listPage[Ticket](ctx, s.client, "Problems.List", "problems.json", "tickets", nil, opts)
}

// ListAll iterates over every problem ticket, page by page, as [ProblemsService.List] fetches
// them.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_problems/#list-ticket-problems
func (s *ProblemsService) ListAll(ctx context.Context, opts *ListOptions) iter.Seq2[Ticket, error] {
	return listAll(ctx, "Problems.ListAll", opts, s.List)
}

// Autocomplete returns the problem tickets whose subject contains text. The text goes in the
// body, not the query, so it stays out of URLs and their logs. The call is a POST that only
// reads, so it is retried after a 5xx or a lost connection like a GET.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_problems/#autocomplete-problems
func (s *ProblemsService) Autocomplete(ctx context.Context, text string) ([]Ticket, error) {
	if strings.TrimSpace(text) == "" {
		return nil, invalid("Problems.Autocomplete", "no text to search for")
	}
	out := &pageBody[Ticket]{key: "tickets"}
	r := &request{method: http.MethodPost, path: "problems/autocomplete.json", body: map[string]string{"text": text}, safeToRetry: true}
	if _, err := s.client.do(ctx, r, out); err != nil {
		return nil, err
	}
	return out.page.Items, nil
}
