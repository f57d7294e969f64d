package zendesk

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/url"
	"strings"
)

// maxPageSize is the largest page[size] the ticket endpoints accept, and the largest per_page
// of offset-paged endpoints.
const maxPageSize = 100

// ListOptions selects one page of a list and its order. Lists always use cursor paging, the
// only kind that reaches past Zendesk's 10,000-record limit on offset paging.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/introduction/pagination/
type ListOptions struct {
	// PageSize is page[size], at most 100; 0 means 100.
	PageSize int `url:"page[size]"`
	// After is page[after]: the AfterCursor of the previous page, to get the next one.
	After string `url:"page[after],omitempty"`
	// Before is page[before]: the BeforeCursor of a page, to get the one before it.
	Before string `url:"page[before],omitempty"`
	// SortBy names the field to sort on, e.g. "updated_at", "created_at", "id" or "status".
	SortBy string `url:"sort,omitempty"`
	// SortOrder is "asc" or "desc" (needs SortBy). On the wire the two become the cursor-paging
	// form `sort=-updated_at`.
	SortOrder string `url:"-"`
	// Include names records to side-load with the page (include=users,groups), where the
	// endpoint supports it; they arrive in [Page.Sideloads]. Zendesk leaves out names it does
	// not support.
	Include []string `url:"include,comma,omitempty"`
}

// Page is one page of a list.
type Page[T any] struct {
	// Items are the records of this page, in the server's order.
	Items []T
	// HasMore reports whether another page follows.
	HasMore bool
	// AfterCursor gets the next page (as ListOptions.After).
	AfterCursor string
	// BeforeCursor gets the previous page (as ListOptions.Before).
	BeforeCursor string
	// Count is the total number of items, where the endpoint sends one (0 otherwise).
	Count int64
	// Sideloads holds the records asked for with include=, or nil when none were asked for.
	Sideloads *Sideloads
}

// values returns the query of one list call, validating the options first; op names the method
// for the error.
func (o *ListOptions) values(op string) (url.Values, error) {
	var w ListOptions
	if o != nil {
		switch {
		case o.PageSize < 0 || o.PageSize > maxPageSize:
			return nil, invalid(op, "PageSize %d is outside 1 to %d", o.PageSize, maxPageSize)
		case o.After != "" && o.Before != "":
			return nil, invalid(op, "After and Before cannot both be set")
		case o.SortOrder != "" && o.SortOrder != "asc" && o.SortOrder != "desc":
			return nil, invalid(op, "SortOrder %q must be \"asc\" or \"desc\"", o.SortOrder)
		case o.SortOrder != "" && o.SortBy == "":
			return nil, invalid(op, "SortOrder needs SortBy")
		}
		if err := checkInclude(op, o.Include); err != nil {
			return nil, err
		}
		w = *o
	}
	if w.PageSize == 0 {
		w.PageSize = maxPageSize
	}
	if w.SortOrder == "desc" {
		w.SortBy = "-" + w.SortBy
	}
	return encodeQuery(op, &w)
}

// checkInclude refuses side-load names that would change the query's meaning: empty ones,
// and ones holding a comma or white space.
func checkInclude(op string, names []string) error {
	for _, n := range names {
		if n == "" || strings.ContainsAny(n, ", \t\r\n") {
			return invalid(op, "side-load name %q must be one non-empty word", n)
		}
	}
	return nil
}

// SearchOptions selects one page of an offset-paged endpoint (search, user search) and its
// order. Offset pages carry no cursors: [Page.HasMore] reports a next page and [Page.Count] the
// total.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/introduction/pagination/#using-offset-pagination
type SearchOptions struct {
	// SortBy is sort_by, e.g. "updated_at", "created_at", "priority", "status" or
	// "ticket_type"; empty for the server's relevance order.
	SortBy string `url:"sort_by,omitempty"`
	// SortOrder is "asc" or "desc".
	SortOrder string `url:"sort_order,omitempty"`
	// Page is the 1-based page number; 0 means 1.
	Page int `url:"page,omitempty"`
	// PerPage is per_page, at most 100; 0 means 100.
	PerPage int `url:"per_page,omitempty"`
}

// values returns the query of one offset-paged call, validating the options first.
func (o *SearchOptions) values(op string) (url.Values, error) {
	var w SearchOptions
	if o != nil {
		switch {
		case o.PerPage < 0 || o.PerPage > maxPageSize:
			return nil, invalid(op, "PerPage %d is outside 1 to %d", o.PerPage, maxPageSize)
		case o.Page < 0:
			return nil, invalid(op, "Page %d is negative", o.Page)
		case o.SortOrder != "" && o.SortOrder != "asc" && o.SortOrder != "desc":
			return nil, invalid(op, "SortOrder %q must be \"asc\" or \"desc\"", o.SortOrder)
		}
		w = *o
	}
	if w.PerPage == 0 {
		w.PerPage = maxPageSize
	}
	return encodeQuery(op, &w)
}

// pageBody decodes `{"<key>": [...], "meta": {...}, ...}` for any item type and key, reading
// the items straight into the page's slice and skipping every other key.
type pageBody[T any] struct {
	key  string
	page Page[T]
	// The keys of the exports' answers: next_page as sent (its start_time pages on the
	// time-based exports), end_of_stream, and after_cursor at the top level (the cursor-based
	// incremental export; null there leaves page.AfterCursor empty).
	nextPage    string
	endOfStream bool
}

// decodeFrom streams the body: it is never held whole, and items are decoded as they arrive.
func (p *pageBody[T]) decodeFrom(r io.Reader) error {
	dec := json.NewDecoder(r)
	return walkObject(dec, func(key string) error {
		switch key {
		case p.key:
			return decodeItems(dec, &p.page.Items)
		case "meta":
			var meta struct {
				HasMore      bool   `json:"has_more"`
				AfterCursor  string `json:"after_cursor"`
				BeforeCursor string `json:"before_cursor"`
			}
			if err := dec.Decode(&meta); err != nil {
				return err
			}
			p.page.HasMore, p.page.AfterCursor, p.page.BeforeCursor = meta.HasMore, meta.AfterCursor, meta.BeforeCursor
			return nil
		case "next_page": // offset paging: a URL, or null on the last page
			var next *string
			if err := dec.Decode(&next); err != nil {
				return err
			}
			if next != nil {
				p.nextPage = *next
			}
			p.page.HasMore = p.nextPage != ""
			return nil
		case "end_of_stream":
			return dec.Decode(&p.endOfStream)
		case "after_cursor": // top level: the incremental export; a string or null
			var c *string
			if err := dec.Decode(&c); err != nil {
				return err
			}
			if c != nil {
				p.page.AfterCursor = *c
			}
			return nil
		case "count":
			var n json.Number
			if err := dec.Decode(&n); err != nil {
				return err
			}
			p.page.Count, _ = n.Int64()
			return nil
		}
		return dec.Decode(&skipJSON{})
	})
}

// walkObject reads the JSON object at dec's position, handing each key to field, which must
// consume its value from dec. A null in place of the object is read as an empty object.
func walkObject(dec *json.Decoder, field func(key string) error) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok == nil {
		return nil
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return fmt.Errorf("expected an object, got %v", tok)
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		key, _ := tok.(string)
		if err := field(key); err != nil {
			return err
		}
	}
	return expectDelim(dec, '}')
}

// skipJSON consumes any JSON value without keeping or copying it.
type skipJSON struct{}

func (*skipJSON) UnmarshalJSON([]byte) error { return nil }

// decodeItems reads the JSON list (or null) at dec's position into *items. Tickets are decoded
// one at a time in place, each in one pass (see [ticketDecoder]), so the decoder never buffers
// more than one ticket; other item types go to encoding/json whole.
func decodeItems[T any](dec *json.Decoder, items *[]T) error {
	if ts, ok := any(items).(*[]Ticket); ok {
		return decodeTickets(dec, ts)
	}
	return dec.Decode(items)
}

func decodeTickets(dec *json.Decoder, ts *[]Ticket) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok == nil {
		*ts = nil
		return nil
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return fmt.Errorf("expected a list of tickets, got %v", tok)
	}
	out := make([]Ticket, 0, maxPageSize)
	d := new(ticketDecoder)
	for dec.More() {
		out = append(out, Ticket{})
		d.aim(&out[len(out)-1])
		if err := dec.Decode(d); err != nil {
			return err
		}
		d.done()
	}
	*ts = out
	return expectDelim(dec, ']')
}

// readTicket reads the ticket (or null, leaving *t nil) at dec's position in one pass.
func readTicket(dec *json.Decoder, t **Ticket) error {
	tk := new(Ticket)
	d := new(ticketDecoder)
	d.aim(tk)
	if err := dec.Decode(&d); err != nil { // a null sets d to nil
		return err
	}
	if d == nil {
		*t = nil
		return nil
	}
	d.done()
	*t = tk
	return nil
}

// streamDecoder lets do() hand the body to a decoder that reads it itself.
type streamDecoder interface{ decodeFrom(io.Reader) error }

// listPage fetches one page of a list endpoint whose items arrive under key.
func listPage[T any](ctx context.Context, c *Client, op, path, key string, extra url.Values, opts *ListOptions) (*Page[T], error) {
	q, err := opts.values(op)
	if err != nil {
		return nil, err
	}
	for k, v := range extra {
		q[k] = v
	}
	return getPage[T](ctx, c, path, key, q)
}

// getPage fetches one page of either paging kind whose items arrive under key; q is its query.
func getPage[T any](ctx context.Context, c *Client, path, key string, q url.Values) (*Page[T], error) {
	body := &pageBody[T]{key: key}
	if _, err := c.do(ctx, &request{method: http.MethodGet, path: path, query: q}, body); err != nil {
		return nil, err
	}
	return &body.page, nil
}

// ErrPaging matches an iteration that ended because the server's paging cannot be followed: a
// page cursor seen before in the same iteration (following it would loop for ever), or a page
// that says more follow but gives no cursor to reach them. The items yielded before it are
// good; the list may be longer.
var ErrPaging = errors.New("zendesk: the server's paging cannot be followed")

// listAll turns a one-page fetch into an iterator over every item of every page: lazy (a page
// is fetched when the loop reaches it, and only one is held), stopped by break, and ending with
// the error, yielded once, when a page cannot be had.
func listAll[T any](ctx context.Context, opts *ListOptions, fetch func(context.Context, *ListOptions) (*Page[T], error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var o ListOptions
		if opts != nil {
			o = *opts // never write to the caller's options
		}
		seen := make(map[string]bool)
		if o.After != "" {
			seen[o.After] = true
		}
		for {
			page, err := fetch(ctx, &o)
			if !emit(yield, page, err) {
				return
			}
			switch {
			case page.AfterCursor == "":
				fail(yield, fmt.Errorf("%w: a page says more follow but gives no cursor", ErrPaging))
				return
			case seen[page.AfterCursor]:
				fail(yield, fmt.Errorf("%w: the cursor %.40q came back a second time", ErrPaging, page.AfterCursor))
				return
			}
			seen[page.AfterCursor] = true
			o.After, o.Before = page.AfterCursor, ""
		}
	}
}

// walkOffset is listAll for offset-paged endpoints: it asks page after page (page=N, per_page)
// while the server reports a next one. Where the endpoint serves no more than limit results
// of one query (search: 1,000), it never asks past them: the last pages are asked with a
// smaller per_page that ends exactly at limit, and then, if the server has more, the
// iteration ends with pastLimit's error instead of the request the server would refuse.
// limit 0 means no limit.
func walkOffset[T any](ctx context.Context, opts *SearchOptions, limit int, pastLimit func() error,
	fetch func(context.Context, *SearchOptions) (*Page[T], error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var o SearchOptions
		if opts != nil {
			o = *opts // never write to the caller's options
		}
		// Bad values are left for fetch to refuse.
		if o.PerPage == 0 {
			o.PerPage = maxPageSize
		}
		if o.Page == 0 {
			o.Page = 1
		}
		before := (o.Page - 1) * o.PerPage // results on the pages before this one
		for {
			if limit > 0 && before+o.PerPage > limit {
				if before >= limit {
					fail(yield, pastLimit())
					return
				}
				// Offset pages are positional: a per_page that divides what came before
				// keeps the positions, and one that divides what is left ends at limit.
				o.PerPage = gcd(before, limit-before)
				o.Page = before/o.PerPage + 1
			}
			page, err := fetch(ctx, &o)
			if !emit(yield, page, err) {
				return
			}
			before += o.PerPage
			o.Page++
		}
	}
}

// emit yields the items of one fetched page, or the error that fetching it gave, and reports
// whether the iteration goes on: the loop did not break and the page says more follow. A page
// without items ends it, whatever it says.
func emit[T any](yield func(T, error) bool, page *Page[T], err error) bool {
	if err != nil {
		fail(yield, err)
		return false
	}
	for _, item := range page.Items {
		if !yield(item, nil) {
			return false
		}
	}
	return page.HasMore && len(page.Items) > 0
}

// fail yields err as an iteration's last value.
func fail[T any](yield func(T, error) bool, err error) {
	var zero T
	yield(zero, err)
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return fmt.Errorf("expected %q, got %v", want, tok)
	}
	return nil
}

// readAudit reads the audit (or null, leaving *a nil) at dec's position in one pass.
func readAudit(dec *json.Decoder, a **Audit) error {
	au := new(Audit)
	d := new(auditDecoder)
	d.aim(au)
	if err := dec.Decode(&d); err != nil { // a null sets d to nil
		return err
	}
	if d == nil {
		*a = nil
		return nil
	}
	*a = au
	return nil
}
