package zendesktest

import (
	"cmp"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// The paginator every list route calls. A route sorts its items and states its rules where it
// is served (which paging it takes, how large a page may be, how deep offset paging may go,
// how a cursor names a position); the paginator reads the paging parameters, cuts the page and
// writes meta and links (cursor paging) or next_page, previous_page and count (offset paging),
// as Zendesk answers.

// maxOffset is how deep offset paging may go: Zendesk refuses offsets past 10,000 records
// (100 pages of 100).
const maxOffset = 10000

// defaultPageSize is page[size] when a cursor request does not send it.
const defaultPageSize = 100

// pagingMode says which paging a list takes.
type pagingMode int

const (
	cursorOrOffset pagingMode = iota // cursor paging when a page[...] parameter is sent, offset otherwise
	offsetOnly                       // page and per_page, whatever else is sent
	cursorOnly                       // page[size] and page[after], whatever else is sent
)

// pageRules are one list's paging rules.
type pageRules struct {
	mode       pagingMode
	maxSize    int // cursor: the largest page[size]; a larger one is 400
	maxPerPage int // offset: per_page's default and ceiling (a larger one is cut to it)
	// depth refuses an offset page too deep for the list (nil: any depth).
	depth func(page, perPage int) *apiError
	// linkWhenMore links only toward pages that exist; otherwise every non-empty page links
	// both ways, and only has_more says whether a page follows.
	linkWhenMore bool
	// forwardOnly: the list pages forward only (its route refuses page[before]); links.prev is
	// always null.
	forwardOnly bool
}

// offsetDepth is Zendesk's limit on offset paging: the first 10,000 records.
func offsetDepth(page, perPage int) *apiError {
	if (page-1)*perPage >= maxOffset {
		return errorsList(http.StatusBadRequest, "InvalidPaginationDepth",
			"Pagination requests using Offset Pagination are limited to the first 10000 records. Use Cursor Based Pagination instead.")
	}
	return nil
}

// cursorParams reports whether a request sends a cursor paging parameter.
func cursorParams(q url.Values) bool {
	return q.Has("page[size]") || q.Has("page[after]") || q.Has("page[before]")
}

// pageRequest is a list request's paging, read and checked against the list's rules.
type pageRequest struct {
	rules  pageRules
	cursor bool // cursor paging, else offset paging
	size   int  // page[size] (cursor) or per_page (offset)
	page   int  // offset: the page asked for, from 1
}

// positiveInt reads an integer parameter that must be 1 or more; def when it is absent.
func positiveInt(q url.Values, name string, def int) (int, bool) {
	v := q.Get(name)
	if v == "" {
		return def, true
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, false
	}
	return n, true
}

// readPaging reads a list request's paging parameters: page[size] for cursor paging; page,
// per_page and the list's depth limit for offset paging.
func readPaging(r *http.Request, rules pageRules) (pageRequest, *apiError) {
	q := r.URL.Query()
	pr := pageRequest{rules: rules, cursor: rules.mode == cursorOnly || (rules.mode == cursorOrOffset && cursorParams(q))}
	if pr.cursor {
		size, ok := positiveInt(q, "page[size]", defaultPageSize)
		switch {
		case !ok:
			return pr, errPaging("page[size] must be a positive integer")
		case size > rules.maxSize:
			return pr, errPaging(fmt.Sprintf("page[size] must be less than or equal to %d", rules.maxSize))
		}
		pr.size = size
		return pr, nil
	}
	page, ok := positiveInt(q, "page", 1)
	if !ok {
		return pr, errBadRequest("InvalidValue", "page must be an integer greater than 0")
	}
	perPage, ok := positiveInt(q, "per_page", rules.maxPerPage)
	if !ok {
		return pr, errBadRequest("InvalidValue", "per_page must be an integer greater than 0")
	}
	pr.page, pr.size = page, min(perPage, rules.maxPerPage)
	if rules.depth != nil {
		if err := rules.depth(pr.page, pr.size); err != nil {
			return pr, err
		}
	}
	return pr, nil
}

// A cursorCodec names positions in one order of one list. encode names an item's position;
// decode reads a cursor back as a function that places an item against that position (<0
// before it, 0 at it, >0 after it), or fails for a cursor that is not of this list and order,
// which is 400 with the title invalid. A cursor holds the item's sort key and id, so that it
// stays good when that item has since changed or gone.
type cursorCodec[T any] struct {
	encode  func(T) string
	decode  func(string) (func(T) int, bool)
	invalid string
}

// encodeCursor makes an opaque cursor of fields in a format.
func encodeCursor(format string, a ...any) string {
	return base64.RawURLEncoding.EncodeToString(fmt.Appendf(nil, format, a...))
}

// cursorFields opens a cursor made by encodeCursor into its n fields (split on "|", the last
// one holding any further "|"), the first of which must be tag.
func cursorFields(s, tag string, n int) ([]string, bool) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, false
	}
	parts := strings.SplitN(string(b), "|", n)
	return parts, len(parts) == n && parts[0] == tag
}

// parseInts reads decimal integers, all of which must be good.
func parseInts(ss ...string) ([]int64, bool) {
	out := make([]int64, len(ss))
	for i, s := range ss {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, false
		}
		out[i] = n
	}
	return out, true
}

// byKeyThenID orders items by a sort key, ties by id, all reversed when desc: the order of
// every list that sorts by a field.
func byKeyThenID[T any](by func(a, b T) int, id func(T) int64, desc bool) func(a, b T) int {
	return func(a, b T) int {
		c := cmp.Or(by(a, b), cmp.Compare(id(a), id(b)))
		if desc {
			return -c
		}
		return c
	}
}

// writePage answers one page of items, which are in the list's order: the paging keys, and
// what fill puts in for the page's items (them under the list's key, and their side-loads).
func writePage[T any](s *Server, w http.ResponseWriter, r *http.Request, pr pageRequest, items []T,
	codec cursorCodec[T], fill func(out map[string]any, page []T)) *apiError {
	var page []T
	var out map[string]any
	if pr.cursor {
		var err *apiError
		if page, out, err = cutCursorPage(s, r, pr, items, codec); err != nil {
			return err
		}
	} else {
		page, out = cutOffsetPage(s, r, pr, items)
	}
	fill(out, page)
	writeJSON(w, http.StatusOK, out)
	return nil
}

// cutCursorPage cuts the page after page[after] or before page[before] (which wins when both are
// sent), or the first page, with its meta and links.
func cutCursorPage[T any](s *Server, r *http.Request, pr pageRequest, items []T, codec cursorCodec[T]) ([]T, map[string]any, *apiError) {
	q := r.URL.Query()
	size := pr.size
	first := func(f func(T) bool) int {
		if i := slices.IndexFunc(items, f); i >= 0 {
			return i
		}
		return len(items)
	}
	from, to := 0, min(size, len(items))
	backward := q.Get("page[before]") != ""
	switch {
	case backward:
		at, ok := codec.decode(q.Get("page[before]"))
		if !ok {
			return nil, nil, errPaging(codec.invalid)
		}
		to = first(func(it T) bool { return at(it) >= 0 })
		from = max(0, to-size)
	case q.Get("page[after]") != "":
		at, ok := codec.decode(q.Get("page[after]"))
		if !ok {
			return nil, nil, errPaging(codec.invalid)
		}
		from = first(func(it T) bool { return at(it) > 0 })
		to = min(from+size, len(items))
	}
	page := items[from:to]
	moreAfter, moreBefore := to < len(items), from > 0
	meta := map[string]any{"has_more": moreAfter, "after_cursor": nil, "before_cursor": nil}
	if backward {
		meta["has_more"] = moreBefore
	}
	// An empty page has no cursor to link to *(choice: null links)*.
	links := map[string]any{"next": nil, "prev": nil}
	if len(page) > 0 {
		after, before := codec.encode(page[len(page)-1]), codec.encode(page[0])
		meta["after_cursor"], meta["before_cursor"] = after, before
		if moreAfter || !pr.rules.linkWhenMore {
			links["next"] = s.pageLink(r, "page[after]", after, size)
		}
		if (moreBefore || !pr.rules.linkWhenMore) && !pr.rules.forwardOnly {
			links["prev"] = s.pageLink(r, "page[before]", before, size)
		}
	}
	return page, map[string]any{"meta": meta, "links": links}, nil
}

// pageLink is the URL of the cursor page next to this one, with the request's other parameters.
func (s *Server) pageLink(r *http.Request, param, cursor string, size int) string {
	q := r.URL.Query()
	q.Del("page[after]")
	q.Del("page[before]")
	q.Set("page[size]", strconv.Itoa(size))
	q.Set(param, cursor)
	return s.URL + r.URL.Path + ".json?" + q.Encode()
}

// cutOffsetPage cuts page number pr.page, with next_page, previous_page and count (of every item).
func cutOffsetPage[T any](s *Server, r *http.Request, pr pageRequest, items []T) ([]T, map[string]any) {
	page, perPage := pr.page, pr.size
	from := min((page-1)*perPage, len(items))
	to := min(from+perPage, len(items))
	link := func(p int) any {
		v := r.URL.Query()
		v.Set("page", strconv.Itoa(p))
		v.Set("per_page", strconv.Itoa(perPage))
		return s.URL + r.URL.Path + ".json?" + v.Encode()
	}
	var next, prev any
	if to < len(items) {
		next = link(page + 1)
	}
	if page > 1 {
		prev = link(page - 1)
	}
	return items[from:to], map[string]any{"next_page": next, "previous_page": prev, "count": len(items)}
}
