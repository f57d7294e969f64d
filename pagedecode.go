package zendesk

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// pageBody decodes one page of a list, `{"<key>": [...], "meta": {...}, ...}`, for any item
// type and key. It streams: items are decoded one at a time as they arrive, straight into the
// page's slice, and every other key is skipped as it passes, so the body is never held whole.
// It reads both paging forms: cursor (meta.has_more, meta.after_cursor, meta.before_cursor)
// and offset (next_page, count); and the side-load lists users, groups and organizations
// (unless one of them is the list itself).
type pageBody[T any] struct {
	key string
	// size is the page size asked for (0: maxPageSize). The slice is made that large up front,
	// and a page of more than twice as many items, and pageSlack, is refused.
	size int
	page Page[T]
	side sideloadLists
	// The keys of the exports' answers: next_page as sent (its start_time pages the time-based
	// exports), end_of_stream, and after_cursor at the top level (the cursor-based incremental
	// export; null there leaves page.AfterCursor empty).
	nextPage    string
	endOfStream bool
}

// pageSizeOf is the page size a query asks for: page[size] (cursor paging) or per_page
// (offset paging); 0 when it names none.
func pageSizeOf(q url.Values) int {
	for _, key := range [...]string{"page[size]", "per_page"} {
		if n, err := strconv.Atoi(q.Get(key)); err == nil && n > 0 {
			return n
		}
	}
	return 0
}

func (p *pageBody[T]) decodeFrom(dec *jsontext.Decoder) error {
	tok, err := dec.ReadToken()
	if err != nil {
		return err
	}
	switch tok.Kind() {
	case 'n':
		return nil
	case '{':
	default:
		return fmt.Errorf("expected an object, got %v", tok.Kind())
	}
	var hasMore, nextPage bool
	for dec.PeekKind() != '}' {
		name, err := dec.ReadValue()
		if err != nil {
			return err
		}
		switch {
		case nameIs(name, p.key):
			err = p.items(dec)
		case nameIs(name, "meta"):
			var meta struct {
				HasMore      bool   `json:"has_more"`
				AfterCursor  string `json:"after_cursor"`
				BeforeCursor string `json:"before_cursor"`
				Count        int64  `json:"count"`
			}
			err = jsonv2.UnmarshalDecode(dec, &meta)
			hasMore, p.page.AfterCursor, p.page.BeforeCursor = meta.HasMore, meta.AfterCursor, meta.BeforeCursor
			if meta.Count != 0 {
				p.page.Count = meta.Count
			}
		case nameIs(name, "count"):
			err = jsonv2.UnmarshalDecode(dec, &p.page.Count)
		case nameIs(name, "next_page"):
			err = jsonv2.UnmarshalDecode(dec, &p.nextPage)
			nextPage = p.nextPage != ""
		case nameIs(name, "end_of_stream"):
			err = jsonv2.UnmarshalDecode(dec, &p.endOfStream)
		case nameIs(name, "after_cursor"): // the incremental export's, at the top level
			err = jsonv2.UnmarshalDecode(dec, &p.page.AfterCursor)
		case nameIs(name, "users"):
			err = jsonv2.UnmarshalDecode(dec, &p.side.Users)
		case nameIs(name, "groups"):
			err = jsonv2.UnmarshalDecode(dec, &p.side.Groups)
		case nameIs(name, "organizations"):
			err = jsonv2.UnmarshalDecode(dec, &p.side.Organizations)
		default:
			err = dec.SkipValue()
		}
		if err != nil {
			return err
		}
	}
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	p.page.HasMore = hasMore || nextPage
	p.page.Sideloads = p.side.sideloads()
	return nil
}

// errTooManyItems refuses a page far larger than asked for.
var errTooManyItems = errors.New("the page holds far more items than were asked for")

// items reads the list (or null) of a page's items, one item at a time.
func (p *pageBody[T]) items(dec *jsontext.Decoder) error {
	tok, err := dec.ReadToken()
	if err != nil {
		return err
	}
	switch tok.Kind() {
	case 'n':
		p.page.Items = nil
		return nil
	case '[':
	default:
		return fmt.Errorf("expected a list of items, got %v", tok.Kind())
	}
	size := p.size
	if size <= 0 {
		size = maxPageSize
	}
	limit := 2*size + pageSlack
	items := make([]T, 0, size)
	for dec.PeekKind() != ']' {
		if len(items) == limit {
			return fmt.Errorf("%w: more than %d where %d were asked for", errTooManyItems, limit, size)
		}
		var zero T
		items = append(items, zero)
		if err := jsonv2.UnmarshalDecode(dec, &items[len(items)-1]); err != nil {
			return err
		}
	}
	p.page.Items = items
	_, err = dec.ReadToken()
	return err
}
