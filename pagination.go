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

// pageBody decodes `{"<key>": [...], "meta": {...}, ...}` for any item type and key, reading
// the items straight into the page's slice and skipping every other key.
type pageBody[T any] struct {
	key  string
	page Page[T]
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
	body := &pageBody[T]{key: key}
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
