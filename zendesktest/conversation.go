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
	"time"
)

// Limits of a ticket's conversation, as Zendesk sets them.
const (
	// DefaultCommentLimit is how many comments a ticket holds at most; past it, an update that
	// adds a comment is refused with 422 (see [WithCommentLimit]).
	DefaultCommentLimit = 5000
	// DefaultUploadLifetime is how long an upload token lives before it is attached: real
	// answers show expires_at three days out (the docs say 60 minutes). See [WithUploadLifetime].
	DefaultUploadLifetime = 72 * time.Hour
	// DefaultMaxUploadSize is the largest file an upload takes, 50 MB as Zendesk allows (see
	// [WithMaxUploadSize]).
	DefaultMaxUploadSize int64 = 50 << 20
)

// convOptions are the options of the conversation endpoints (comments, uploads, tags).
type convOptions struct {
	commentLimit   int
	uploadLifetime time.Duration
	maxUploadSize  int64
}

// WithCommentLimit sets how many comments a ticket may hold (default [DefaultCommentLimit]),
// so that a test can reach the limit with a few updates instead of 5,000.
func WithCommentLimit(n int) Option {
	return func(c *config) { c.conv.commentLimit = n }
}

// WithUploadLifetime sets how long an upload token lives before it is attached (default
// [DefaultUploadLifetime]); the answer's expires_at says when it ends. A token that expires
// unattached is gone, with its files: as with Zendesk, its attachments then answer 404. To see
// expiry without waiting, use [Server.ExpireUploads].
func WithUploadLifetime(d time.Duration) Option {
	return func(c *config) { c.conv.uploadLifetime = d }
}

// WithMaxUploadSize sets the largest file POST uploads takes, in bytes (default
// [DefaultMaxUploadSize]). A larger body is refused with 413 once that many bytes have been
// read *(choice: Zendesk's exact answer is undocumented)*.
func WithMaxUploadSize(n int64) Option {
	return func(c *config) { c.conv.maxUploadSize = n }
}

func (o convOptions) limit() int {
	if o.commentLimit > 0 {
		return o.commentLimit
	}
	return DefaultCommentLimit
}

func (o convOptions) lifetime() time.Duration {
	if o.uploadLifetime > 0 {
		return o.uploadLifetime
	}
	return DefaultUploadLifetime
}

func (o convOptions) maxSize() int64 {
	if o.maxUploadSize > 0 {
		return o.maxUploadSize
	}
	return DefaultMaxUploadSize
}

// conversation is the store's part for comments' attachments and uploads. Comments themselves
// are the Comment events of the ticket's audits, so that an audit and the comment list never
// disagree.
type conversation struct {
	opts        convOptions
	attachments map[int64]*attachment
	uploads     map[string]*upload
	files       *fileHost
}

// timed is an entry of a conversation list: comments and audits are ordered by created_at,
// then id.
type timed struct {
	at time.Time
	id int64
}

func (a timed) compare(b timed) int { return cmp.Or(a.at.Compare(b.at), cmp.Compare(a.id, b.id)) }

// writeTimed answers a list of comments or audits (given oldest first) under key, paged by
// cursor when any page[...] parameter is present and by offset otherwise, as Zendesk pages
// these lists. sort=created_at|-created_at orders cursor pages, sort_order=asc|desc offset
// pages; oldest first by default. extra adds keys (side-loads) for the page's items.
func writeTimed[T any](s *Server, w http.ResponseWriter, r *http.Request, key string, items []T,
	pos func(T) timed, extra func([]T) map[string]any) *apiError {
	q := r.URL.Query()
	cursor := q.Has("page[size]") || q.Has("page[after]") || q.Has("page[before]")
	desc := false
	if cursor {
		switch v := q.Get("sort"); v {
		case "", "created_at":
		case "-created_at":
			desc = true
		default:
			return errPaging(fmt.Sprintf("sort %q is not valid for this list; use created_at or -created_at", v))
		}
	} else {
		desc = q.Get("sort_order") == "desc"
	}
	items = slices.Clone(items)
	slices.SortStableFunc(items, func(a, b T) int {
		if desc {
			return pos(b).compare(pos(a))
		}
		return pos(a).compare(pos(b))
	})
	var out map[string]any
	var page []T
	var err *apiError
	if cursor {
		page, out, err = cursorSlice(s, r, items, pos, desc)
	} else {
		page, out, err = offsetSlice(s, r, items)
	}
	if err != nil {
		return err
	}
	out[key] = cloneOrEmpty(page)
	if extra != nil {
		for k, v := range extra(page) {
			out[k] = v
		}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func cursorSlice[T any](s *Server, r *http.Request, items []T, pos func(T) timed, desc bool) ([]T, map[string]any, *apiError) {
	q := r.URL.Query()
	size := 100
	if v := q.Get("page[size]"); v != "" {
		n, err := strconv.Atoi(v)
		switch {
		case err != nil || n < 1:
			return nil, nil, errPaging("page[size] must be a positive integer")
		case n > 100:
			return nil, nil, errPaging("page[size] must be less than or equal to 100")
		}
		size = n
	}
	spec := "created_at"
	if desc {
		spec = "-created_at"
	}
	// after reports whether an item lies after the cursor's position in this order.
	after := func(it T, at timed) bool {
		c := pos(it).compare(at)
		if desc {
			c = -c
		}
		return c > 0
	}
	from, to := 0, min(size, len(items))
	backward := q.Get("page[before]") != ""
	switch {
	case backward:
		at, err := decodeTimedCursor(q.Get("page[before]"), spec)
		if err != nil {
			return nil, nil, err
		}
		to = indexOr(items, func(it T) bool { return after(it, at) || pos(it).compare(at) == 0 })
		from = max(0, to-size)
	case q.Get("page[after]") != "":
		at, err := decodeTimedCursor(q.Get("page[after]"), spec)
		if err != nil {
			return nil, nil, err
		}
		from = indexOr(items, func(it T) bool { return after(it, at) })
		to = min(from+size, len(items))
	}
	page := items[from:to]
	moreAfter, moreBefore := to < len(items), from > 0
	meta := map[string]any{"has_more": moreAfter, "after_cursor": nil, "before_cursor": nil}
	if backward {
		meta["has_more"] = moreBefore
	}
	links := map[string]any{"next": nil, "prev": nil}
	if len(page) > 0 {
		a, b := encodeTimedCursor(spec, pos(page[len(page)-1])), encodeTimedCursor(spec, pos(page[0]))
		meta["after_cursor"], meta["before_cursor"] = a, b
		if moreAfter {
			links["next"] = s.pageLink(r, "page[after]", a, size)
		}
		if moreBefore {
			links["prev"] = s.pageLink(r, "page[before]", b, size)
		}
	}
	return page, map[string]any{"meta": meta, "links": links}, nil
}

func indexOr[T any](items []T, f func(T) bool) int {
	if i := slices.IndexFunc(items, f); i >= 0 {
		return i
	}
	return len(items)
}

func encodeTimedCursor(spec string, at timed) string {
	return base64.RawURLEncoding.EncodeToString(fmt.Appendf(nil, "t1|%s|%d|%d", spec, at.id, at.at.UnixNano()))
}

func decodeTimedCursor(s, spec string) (timed, *apiError) {
	bad := errPaging("page[after] or page[before] is not a valid cursor for this list and sort")
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return timed{}, bad
	}
	parts := strings.Split(string(b), "|")
	if len(parts) != 4 || parts[0] != "t1" || parts[1] != spec {
		return timed{}, bad
	}
	id, err1 := strconv.ParseInt(parts[2], 10, 64)
	ns, err2 := strconv.ParseInt(parts[3], 10, 64)
	if err1 != nil || err2 != nil {
		return timed{}, bad
	}
	return timed{at: time.Unix(0, ns).UTC(), id: id}, nil
}

func offsetSlice[T any](s *Server, r *http.Request, items []T) ([]T, map[string]any, *apiError) {
	q := r.URL.Query()
	page, perPage := 1, 100
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return nil, nil, errBadRequest("InvalidValue", "page must be an integer greater than 0")
		}
		page = n
	}
	if v := q.Get("per_page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return nil, nil, errBadRequest("InvalidValue", "per_page must be an integer greater than 0")
		}
		perPage = min(n, 100)
	}
	if (page-1)*perPage >= maxOffset {
		return nil, nil, errorsList(http.StatusBadRequest, "InvalidPaginationDepth",
			"Pagination requests using Offset Pagination are limited to the first 10000 records. Use Cursor Based Pagination instead.")
	}
	from := min((page-1)*perPage, len(items))
	to := min(from+perPage, len(items))
	link := func(p int) any {
		v := url.Values{}
		for k, vals := range q {
			v[k] = vals
		}
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
	return items[from:to], map[string]any{"next_page": next, "previous_page": prev, "count": len(items)}, nil
}

// writeCount answers {"count": {"value", "refreshed_at"}}.
func writeCount(w http.ResponseWriter, n int) {
	writeJSON(w, http.StatusOK, map[string]any{"count": map[string]any{
		"value": n, "refreshed_at": time.Now().UTC().Truncate(time.Second)}})
}
