package zendesk

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// SearchService reaches Zendesk's search: one page of tickets matching a query, all of them up
// to the 1,000 results search serves, the number of matches, and the search export, which pages
// by cursor past that cap.
//
// Zendesk indexes writes about a minute late (sometimes more): a ticket just created or changed
// may not be found yet, or found as it was.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/ticket-management/search/
type SearchService service

// maxSearchResults is the most results Zendesk serves of one query through search.json; a page
// reaching past them is refused with 422.
const maxSearchResults = 1000

// maxExportPageSize is the largest page of the search and incremental exports.
const maxExportPageSize = 1000

// Tickets returns one page of the tickets matching query, in Zendesk's search syntax (e.g.
// `status<solved requester:ann@example.com tags:vip created>2026-01-01 "exact phrase"`). The
// query gets `type:ticket` unless it names the type itself; another type is [ErrInvalid].
// Pages are by offset (opts.Page, opts.PerPage ≤ 100); [Page.HasMore] reports a next page and
// [Page.Count] the number of matches, which may exceed the 1,000 that search serves: a page
// reaching past them is not asked for but refused with an error matching [ErrSearchLimit]
// ([SearchService.ExportTickets] reads every match).
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/ticket-management/search/#list-search-results
func (s *SearchService) Tickets(ctx context.Context, query string, opts *SearchOptions) (*Page[Ticket], error) {
	const op = "Search.Tickets"
	query, err := ticketQuery(op, query)
	if err != nil {
		return nil, err
	}
	q, err := opts.values(op)
	if err != nil {
		return nil, err
	}
	if opts != nil {
		page, perPage := max(opts.Page, 1), opts.PerPage
		if perPage == 0 {
			perPage = maxPageSize
		}
		if page*perPage > maxSearchResults {
			return nil, fmt.Errorf("zendesk: %s: %w: page %d of %d reaches past the %d results Zendesk serves of one query; Search.ExportTickets reads them all",
				op, ErrSearchLimit, page, perPage, maxSearchResults)
		}
	}
	q.Set("query", query)
	if inc := q.Get("include"); inc != "" {
		q.Set("include", "tickets("+inc+")") // search side-loads per result type
	}
	return getPage[Ticket](ctx, s.client, "search.json", "results", q)
}

// TicketsAll iterates over the tickets matching query, page by page, as
// [SearchService.Tickets] fetches them, from opts.Page on. Zendesk serves at most 1,000 results
// of one query: when the query matches more, the iteration yields the first 1,000 and ends with
// an error matching [ErrSearchLimit] that names [SearchService.ExportTickets], instead of the
// request Zendesk would refuse.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/ticket-management/search/#list-search-results
func (s *SearchService) TicketsAll(ctx context.Context, query string, opts *SearchOptions) iter.Seq2[Ticket, error] {
	var total int64 // the number of matches the last page told
	fetch := func(ctx context.Context, o *SearchOptions) (*Page[Ticket], error) {
		p, err := s.Tickets(ctx, query, o)
		if err == nil {
			total = p.Count
		}
		return p, err
	}
	pastLimit := func() error {
		matches := "more tickets"
		if total > 0 {
			matches = strconv.FormatInt(total, 10) + " tickets"
		}
		return fmt.Errorf("zendesk: Search.TicketsAll: %w: the query matches %s and Zendesk serves %d of one query; Search.ExportTickets reads them all",
			ErrSearchLimit, matches, maxSearchResults)
	}
	return walkOffset(ctx, opts, maxSearchResults, pastLimit, fetch)
}

// Count returns the number of results matching query, of every type unless the query names
// one (`type:ticket` counts tickets only).
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/ticket-management/search/#show-results-count
func (s *SearchService) Count(ctx context.Context, query string) (int64, error) {
	if strings.TrimSpace(query) == "" {
		return 0, invalid("Search.Count", "empty query")
	}
	var out struct {
		Count *int64 `json:"count"`
	}
	r := &request{method: http.MethodGet, path: "search/count.json", query: url.Values{"query": {query}}}
	resp, err := s.client.do(ctx, r, &out)
	if err != nil {
		return 0, err
	}
	if out.Count == nil {
		return 0, s.client.missingKey(r, resp, "count")
	}
	return *out.Count, nil
}

// ExportOptions sets the pages of a search export.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/ticket-management/search/#export-search-results
type ExportOptions struct {
	// PageSize is page[size], at most 1,000; 0 means 100, the size Zendesk advises.
	PageSize int `url:"page[size]"`
}

// exportQuery is the query of one search export page.
type exportQuery struct {
	ExportOptions
	Query string `url:"query"`
	Type  string `url:"filter[type]"`
	After string `url:"page[after],omitempty"`
}

// ExportTickets iterates over every ticket matching query, oldest created first, through the
// search export: pages by cursor (opts.PageSize, at most 1,000), so without the 1,000-result
// cap of [SearchService.TicketsAll], and without a count. The export takes its type from
// filter[type]=ticket: a query naming a `type:` is [ErrInvalid], as Zendesk refuses it. An
// export cursor lives an hour, and the endpoint allows 100 requests a minute, which the client
// keeps to (see [WithRateLimit]).
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/ticket-management/search/#export-search-results
func (s *SearchService) ExportTickets(ctx context.Context, query string, opts *ExportOptions) iter.Seq2[Ticket, error] {
	const op = "Search.ExportTickets"
	w := exportQuery{Query: query, Type: "ticket"}
	var err error
	switch {
	case strings.TrimSpace(query) == "":
		err = invalid(op, "empty query")
	case queryType(query) != "":
		err = invalid(op, "the query names %q: the export takes its type from filter[type], and Zendesk refuses type: in its query", "type:"+queryType(query))
	case opts != nil && (opts.PageSize < 0 || opts.PageSize > maxExportPageSize):
		err = invalid(op, "PageSize %d is outside 1 to %d", opts.PageSize, maxExportPageSize)
	}
	if opts != nil {
		w.ExportOptions = *opts
	}
	if w.PageSize == 0 {
		w.PageSize = maxPageSize
	}
	fetch := func(ctx context.Context, o *ListOptions) (*Page[Ticket], error) {
		if err != nil {
			return nil, err
		}
		w.After = o.After
		q, err := encodeQuery(op, &w)
		if err != nil {
			return nil, err
		}
		return getPage[Ticket](ctx, s.client, "search/export.json", "results", q)
	}
	return listAll(ctx, op, nil, fetch)
}

// ticketQuery returns query with `type:ticket` added unless it names the type; a query that
// is empty or names another type is refused.
func ticketQuery(op, query string) (string, error) {
	if strings.TrimSpace(query) == "" {
		return "", invalid(op, "empty query")
	}
	switch t := queryType(query); {
	case t == "":
		return "type:ticket " + query, nil
	case !strings.EqualFold(t, "ticket"):
		return "", invalid(op, "the query names type:%s; this method searches tickets", t)
	}
	return query, nil
}

// queryType returns the value of the query's `type:` keyword ("" when it has none), looking
// at its words outside quoted phrases.
func queryType(query string) string {
	for i, word := range strings.Split(query, `"`) {
		if i%2 == 1 { // inside quotes
			continue
		}
		for _, w := range strings.Fields(word) {
			if len(w) > 5 && strings.EqualFold(w[:5], "type:") {
				return w[5:]
			}
		}
	}
	return ""
}
