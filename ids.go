package zendesk

import (
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
