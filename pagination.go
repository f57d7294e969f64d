package zendesk

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
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
	// Sideloads holds the records asked for with include= ([ListOptions.Include]); nil when the
	// answer carries no users, groups or organizations list (none were asked for, or the
	// endpoint does not side-load them).
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

// checkInclude refuses side-load names that cannot be one: Zendesk's are words of letters,
// digits, '_' and '-' ("users", "comment_count"), so an empty name, or one that could smuggle
// another name or key in, is a mistake. Every call that side-loads checks its names here.
func checkInclude(op string, names []string) error {
	for _, name := range names {
		if name == "" {
			return invalid(op, "empty include name")
		}
		for _, r := range name {
			if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '_' || r == '-') {
				return invalid(op, "include name %q: only letters, digits, '_' and '-' are allowed", name)
			}
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
	// Include names records to side-load with the results (users, groups, organizations);
	// they arrive in [Page.Sideloads]. Search asks for them per result type:
	// [SearchService.Tickets] sends include=tickets(users,groups), [UsersService.Search]
	// include=organizations. Zendesk leaves out names it does not support.
	Include []string `url:"include,comma,omitempty"`
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
		if err := checkInclude(op, o.Include); err != nil {
			return nil, err
		}
		w = *o
	}
	if w.PerPage == 0 {
		w.PerPage = maxPageSize
	}
	return encodeQuery(op, &w)
}

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
	body := &pageBody[T]{key: key, size: pageSizeOf(q)}
	if _, err := c.do(ctx, &request{method: http.MethodGet, path: path, query: q}, body); err != nil {
		return nil, err
	}
	return &body.page, nil
}

// ErrPaging matches an iteration that ended because the server's paging cannot be followed: a
// page cursor seen before in the same iteration (following it would loop for ever), or a page
// that says more follow but gives no cursor to reach them. The items yielded before it are
// good; the list may be longer. The error that matches it names the method, as every error of
// the client does, and which page broke the paging; it never quotes the cursor (a server may
// echo anything there, a credential included).
var ErrPaging = errors.New("the server's paging cannot be followed")

// errPaging returns the ErrPaging error of the method op: "zendesk: op: the server's paging
// cannot be followed: " and the reason.
func errPaging(op, format string, args ...any) error {
	return fmt.Errorf("zendesk: %s: %w: %s", op, ErrPaging, fmt.Sprintf(format, args...))
}

// listAll turns a one-page fetch into an iterator over every item of every page: lazy (a page
// is fetched when the loop reaches it, and only one is held), stopped by break, and ending with
// the error, yielded once, when a page cannot be had. op names the method for ErrPaging.
func listAll[T any](ctx context.Context, op string, opts *ListOptions, fetch func(context.Context, *ListOptions) (*Page[T], error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var o ListOptions
		if opts != nil {
			o = *opts // never write to the caller's options
		}
		seen := make(map[string]bool)
		if o.After != "" {
			seen[o.After] = true
		}
		for n := 1; ; n++ {
			page, err := fetch(ctx, &o)
			if !emit(yield, page, err) {
				return
			}
			switch {
			case page.AfterCursor == "":
				fail(yield, errPaging(op, "page %d says more follow but gives no cursor", n))
				return
			case seen[page.AfterCursor]:
				fail(yield, errPaging(op, "the cursor of page %d came back a second time", n))
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
