package zendesk

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// maxBulk is the most ids or tickets one bulk call of the API accepts.
const maxBulk = 100

// maxGetMany is the most ids one GetMany call takes: a hundred requests of 100. Past that a
// list (ListAll) or the incremental export is the way; ten thousand requests would spend the
// account's rate limit for a quarter of an hour.
const maxGetMany = 100 * maxBulk

// checkID refuses ids that no record can have, before a request goes out.
func checkID(op string, id int64) error {
	if id <= 0 {
		return invalid(op, "id must be positive, got %d", id)
	}
	return nil
}

// checkStringID refuses a string id that cannot be one, before it reaches a path or a list:
// empty, longer than 128 bytes, or holding anything but letters, digits, '-' and '_' (which
// keeps "../tickets/1" out of paths and commas out of `?ids=`). what names the id in the
// error, e.g. "webhook id".
func checkStringID(op, what, id string) error {
	switch {
	case id == "":
		return invalid(op, "no %s", what)
	case len(id) > 128:
		return invalid(op, "%s of %d bytes is too long", what, len(id))
	}
	for _, r := range id {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '-' || r == '_') {
			return invalid(op, "%s %q: only letters, digits, '-' and '_' are allowed", what, id)
		}
	}
	return nil
}

// checkIDs refuses an id list that the API would refuse: empty, longer than 100, or holding an
// id that no record can have.
func checkIDs(op string, ids []int64) error {
	if len(ids) == 0 {
		return invalid(op, "no ids")
	}
	if len(ids) > maxBulk {
		return invalid(op, "at most %d ids per call, got %d", maxBulk, len(ids))
	}
	for _, id := range ids {
		if id <= 0 {
			return invalid(op, "ids must be positive, got %d", id)
		}
	}
	return nil
}

// getManyByID is the show_many of a resource: it fetches the records with ids from path
// (whose answer lists them under key), in requests of up to 100 distinct ids, and returns them
// in the order asked. Ids the server does not return are skipped; an id given twice is asked
// for and returned once, at its first place. More than maxGetMany ids are refused (hint says
// what to do instead), as is an id no record can have, before anything is sent. When one
// request fails, its error is returned and no records; an answer without the key is a
// *DecodeError.
func getManyByID[T any](ctx context.Context, c *Client, op, path, key, hint string, ids []int64, idOf func(*T) int64) ([]T, error) {
	if len(ids) == 0 {
		return nil, invalid(op, "no ids")
	}
	if len(ids) > maxGetMany {
		return nil, invalid(op, "at most %d ids per call, got %d; %s", maxGetMany, len(ids), hint)
	}
	distinct := make([]int64, 0, len(ids))
	place := make(map[int64]int, len(ids)) // id → its place in the result
	for _, id := range ids {
		if err := checkID(op, id); err != nil {
			return nil, err
		}
		if _, dup := place[id]; !dup {
			place[id] = len(distinct)
			distinct = append(distinct, id)
		}
	}
	found := make([]*T, len(distinct))
	for _, chunk := range chunks(distinct, maxBulk) {
		r := &request{method: http.MethodGet, path: path, query: idsQuery(joinIDs(chunk))}
		body := &pageBody[T]{key: key, size: len(chunk)}
		resp, err := c.do(ctx, r, body)
		if err != nil {
			return nil, err
		}
		if !body.listed {
			return nil, c.missingKey(r, resp, key)
		}
		for i := range body.page.Items {
			if at, ok := place[idOf(&body.page.Items[i])]; ok && found[at] == nil {
				found[at] = &body.page.Items[i]
			}
		}
	}
	out := make([]T, 0, len(distinct))
	for _, v := range found {
		if v != nil {
			out = append(out, *v)
		}
	}
	return out, nil
}

// joinIDs writes ids as the API reads them in `?ids=1,2,3`.
func joinIDs(ids []int64) string {
	b := make([]byte, 0, len(ids)*12)
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, id, 10)
	}
	return string(b)
}

// idsQuery is the `ids=` query of the bulk endpoints.
func idsQuery(ids string) url.Values { return url.Values{"ids": {ids}} }

// chunks splits s into slices of at most n, in order.
func chunks[T any](s []T, n int) [][]T {
	out := make([][]T, 0, (len(s)+n-1)/n)
	for len(s) > n {
		out = append(out, s[:n])
		s = s[n:]
	}
	if len(s) > 0 {
		out = append(out, s)
	}
	return out
}

// pathEscape escapes a string that becomes one segment of a path, such as a job status id, so
// that "../" or "?" in it cannot reach another endpoint.
func pathEscape(s string) string { return url.PathEscape(strings.TrimSpace(s)) }
