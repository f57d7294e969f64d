package zendesktest

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
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
// cursor when any page[...] parameter is present (page[size] up to 100) and by offset otherwise,
// as Zendesk pages these lists. sort=created_at|-created_at orders cursor pages, sort_order=asc|desc
// offset pages; oldest first by default. A cursor page links only toward pages that exist.
// extra adds keys (side-loads) for the page's items.
func writeTimed[T any](s *Server, w http.ResponseWriter, r *http.Request, key string, items []T,
	pos func(T) timed, extra func([]T) map[string]any) *apiError {
	q := r.URL.Query()
	desc := false
	if cursorParams(q) {
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
	pr, err := readPaging(r, pageRules{mode: cursorOrOffset, maxSize: 100, maxPerPage: 100, depth: offsetDepth,
		linkWhenMore: true})
	if err != nil {
		return err
	}
	items = slices.Clone(items)
	slices.SortStableFunc(items, func(a, b T) int {
		if desc {
			return pos(b).compare(pos(a))
		}
		return pos(a).compare(pos(b))
	})
	return writePage(s, w, r, pr, items, timedCursor(pos, desc), func(out map[string]any, page []T) {
		out[key] = cloneOrEmpty(page)
		if extra != nil {
			for k, v := range extra(page) {
				out[k] = v
			}
		}
	})
}

// timedCursor names a position in a list by created_at (descending when desc): the sort, and
// the created_at and id of the item at that position.
func timedCursor[T any](pos func(T) timed, desc bool) cursorCodec[T] {
	spec := "created_at"
	if desc {
		spec = "-created_at"
	}
	return cursorCodec[T]{
		encode: func(it T) string {
			at := pos(it)
			return encodeCursor("t1|%s|%d|%d", spec, at.id, at.at.UnixNano())
		},
		decode: func(c string) (func(T) int, bool) {
			parts, ok := cursorFields(c, "t1", 4)
			if !ok || parts[1] != spec {
				return nil, false
			}
			n, ok := parseInts(parts[2], parts[3])
			if !ok {
				return nil, false
			}
			at := timed{at: time.Unix(0, n[1]).UTC(), id: n[0]}
			return func(it T) int {
				if desc {
					return -pos(it).compare(at)
				}
				return pos(it).compare(at)
			}, true
		},
		invalid: "page[after] or page[before] is not a valid cursor for this list and sort",
	}
}

// writeCount answers {"count": {"value", "refreshed_at"}}.
func writeCount(w http.ResponseWriter, n int) {
	writeJSON(w, http.StatusOK, map[string]any{"count": map[string]any{
		"value": n, "refreshed_at": time.Now().UTC().Truncate(time.Second)}})
}
