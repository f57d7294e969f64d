package zendesk

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"net/url"
	"strconv"
)

// maxPageSize is the largest page[size] the ticket endpoints accept.
const maxPageSize = 100

// ListOptions selects one page of a list and its order. Lists always use cursor paging, the
// only kind that reaches past Zendesk's 10,000-record limit on offset paging.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/introduction/pagination/
type ListOptions struct {
	// PageSize is page[size], at most 100; 0 means 100.
	PageSize int
	// After is page[after]: the AfterCursor of the previous page, to get the next one.
	After string
	// Before is page[before]: the BeforeCursor of a page, to get the one before it.
	Before string
	// SortBy names the field to sort on, e.g. "updated_at", "created_at", "id" or "status".
	SortBy string
	// SortOrder is "asc" or "desc" (needs SortBy). On the wire the two become the cursor-paging
	// form `sort=-updated_at`.
	SortOrder string
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
	size := maxPageSize
	q := make(url.Values, 4)
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
		if o.PageSize > 0 {
			size = o.PageSize
		}
		// Built by hand rather than by go-querystring: this runs for every page, and the
		// reflection cost more than the rest of the request's setup.
		setNonEmpty(q, "page[after]", o.After)
		setNonEmpty(q, "page[before]", o.Before)
		sort := o.SortBy
		if o.SortOrder == "desc" {
			sort = "-" + o.SortBy
		}
		setNonEmpty(q, "sort", sort)
	}
	q["page[size]"] = []string{strconv.Itoa(size)}
	return q, nil
}

func setNonEmpty(q url.Values, key, value string) {
	if value != "" {
		q[key] = []string{value}
	}
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
	body := &pageBody[T]{key: key, size: opts.pageSize()}
	if _, err := c.do(ctx, &request{method: http.MethodGet, path: path, query: q}, body); err != nil {
		return nil, err
	}
	return &body.page, nil
}

// errCursorLoop stops an iteration whose server keeps answering the same cursor.
var errCursorLoop = errors.New("zendesk: the server returned the same page cursor twice; stopping")

// listAll turns a one-page fetch into an iterator over every item of every page: lazy (a page
// is fetched when the loop reaches it, and only one is held), stopped by break, and ending with
// the error, yielded once, when a page cannot be had.
func listAll[T any](ctx context.Context, opts *ListOptions, fetch func(context.Context, *ListOptions) (*Page[T], error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var o ListOptions
		if opts != nil {
			o = *opts // never write to the caller's options
		}
		for {
			page, err := fetch(ctx, &o)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, item := range page.Items {
				if !yield(item, nil) {
					return
				}
			}
			if !page.HasMore || page.AfterCursor == "" || len(page.Items) == 0 {
				return
			}
			if page.AfterCursor == o.After {
				var zero T
				yield(zero, errCursorLoop)
				return
			}
			o.After, o.Before = page.AfterCursor, ""
		}
	}
}
