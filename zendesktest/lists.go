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

// maxOffset is how deep offset paging may go: Zendesk refuses offsets past 10,000 records
// (100 pages of 100).
const maxOffset = 10000

// sortKeys are the orders a list can be sorted in. Cursor paging takes only id, updated_at and
// status (sort=field or sort=-field); offset paging takes more (sort_by, sort_order).
var sortKeys = map[string]func(a, b *Ticket) int{
	"id":         func(a, b *Ticket) int { return cmp.Compare(a.ID, b.ID) },
	"updated_at": func(a, b *Ticket) int { return a.UpdatedAt.Compare(b.UpdatedAt) },
	"status":     func(a, b *Ticket) int { return cmp.Compare(rank(statuses, a.Status), rank(statuses, b.Status)) },
	"created_at": func(a, b *Ticket) int { return a.CreatedAt.Compare(b.CreatedAt) },
	"priority": func(a, b *Ticket) int {
		return cmp.Compare(rank(priorities, str(a.Priority)), rank(priorities, str(b.Priority)))
	},
	"subject":   func(a, b *Ticket) int { return strings.Compare(a.Subject, b.Subject) },
	"requester": func(a, b *Ticket) int { return cmp.Compare(a.RequesterID, b.RequesterID) },
	"assignee":  func(a, b *Ticket) int { return cmp.Compare(i64(a.AssigneeID), i64(b.AssigneeID)) },
	"group":     func(a, b *Ticket) int { return cmp.Compare(i64(a.GroupID), i64(b.GroupID)) },
}

var cursorSortable = []string{"id", "updated_at", "status"}

func rank(list []string, v string) int { return slices.Index(list, v) }

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func i64(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

// order sorts tickets by a key (ties by id), descending when desc.
func order(ts []*Ticket, key string, desc bool) {
	by := sortKeys[key]
	slices.SortFunc(ts, func(a, b *Ticket) int {
		c := cmp.Or(by(a, b), cmp.Compare(a.ID, b.ID))
		if desc {
			return -c
		}
		return c
	})
}

// listSpec says how one list endpoint sorts by default, and whether it ignores the caller's
// sort (problems are always newest updated_at first).
type listSpec struct {
	sort  string // as sort= reads it: "id", "-updated_at"
	fixed bool
}

// writeTickets answers a list of tickets with the paging the request asked for: cursor paging
// when any page[...] parameter is present, offset paging (the API's old default) otherwise.
func (s *Server) writeTickets(w http.ResponseWriter, r *http.Request, ts []*Ticket, spec listSpec) *apiError {
	q := r.URL.Query()
	if q.Has("page[size]") || q.Has("page[after]") || q.Has("page[before]") {
		return s.cursorPage(w, r, ts, spec)
	}
	return s.offsetPage(w, r, ts, spec)
}

func (s *Server) cursorPage(w http.ResponseWriter, r *http.Request, ts []*Ticket, spec listSpec) *apiError {
	q := r.URL.Query()
	size := 100
	if v := q.Get("page[size]"); v != "" {
		n, err := strconv.Atoi(v)
		switch {
		case err != nil || n < 1:
			return errPaging("page[size] must be a positive integer")
		case n > 100:
			return errPaging("page[size] must be less than or equal to 100")
		}
		size = n
	}
	// Cursor paging reads sort=[-]field and ignores sort_by/sort_order, as Zendesk does.
	sortSpec := spec.sort
	if v := q.Get("sort"); v != "" && !spec.fixed {
		sortSpec = v
	}
	key, desc := strings.TrimPrefix(sortSpec, "-"), strings.HasPrefix(sortSpec, "-")
	if !slices.Contains(cursorSortable, key) {
		return errPaging(fmt.Sprintf("sort %q is not valid with cursor pagination; use one of %s",
			sortSpec, strings.Join(cursorSortable, ", ")))
	}
	order(ts, key, desc)
	// pos places a ticket against a cursor: <0 before it, >0 after it, 0 at it.
	pos := func(t, at *Ticket) int {
		k := cmp.Or(sortKeys[key](t, at), cmp.Compare(t.ID, at.ID))
		if desc {
			return -k
		}
		return k
	}
	from, to := 0, min(size, len(ts))
	backward := q.Get("page[before]") != ""
	switch {
	case backward:
		at, err := decodeCursor(q.Get("page[before]"), sortSpec)
		if err != nil {
			return err
		}
		to = firstIndex(ts, func(t *Ticket) bool { return pos(t, at) >= 0 })
		from = max(0, to-size)
	case q.Get("page[after]") != "":
		at, err := decodeCursor(q.Get("page[after]"), sortSpec)
		if err != nil {
			return err
		}
		from = firstIndex(ts, func(t *Ticket) bool { return pos(t, at) > 0 })
		to = min(from+size, len(ts))
	}
	page := ts[from:to]
	moreAfter, moreBefore := to < len(ts), from > 0
	meta := map[string]any{"has_more": moreAfter, "after_cursor": nil, "before_cursor": nil}
	if backward {
		meta["has_more"] = moreBefore
	}
	// Zendesk links both ways on every page, has_more false included: only has_more says
	// whether a page follows. An empty page has no cursor to link to *(choice: null links)*.
	links := map[string]any{"next": nil, "prev": nil}
	if len(page) > 0 {
		after := encodeCursor(sortSpec, page[len(page)-1])
		before := encodeCursor(sortSpec, page[0])
		meta["after_cursor"], meta["before_cursor"] = after, before
		links["next"] = s.pageLink(r, "page[after]", after, size)
		links["prev"] = s.pageLink(r, "page[before]", before, size)
	}
	writeJSON(w, http.StatusOK, s.withTickets(r, map[string]any{"meta": meta, "links": links}, page))
	return nil
}

func firstIndex(ts []*Ticket, f func(*Ticket) bool) int {
	if i := slices.IndexFunc(ts, f); i >= 0 {
		return i
	}
	return len(ts)
}

// pageLink is the URL of the page next to this one, with the request's other parameters.
func (s *Server) pageLink(r *http.Request, param, cursor string, size int) string {
	q := r.URL.Query()
	q.Del("page[after]")
	q.Del("page[before]")
	q.Set("page[size]", strconv.Itoa(size))
	q.Set(param, cursor)
	return s.URL + r.URL.Path + ".json?" + q.Encode()
}

// A cursor names a position in one sort order: the sort spec, and the id and sort key of the
// ticket at that position (which may since have changed or gone).
func encodeCursor(sortSpec string, t *Ticket) string {
	var v string
	switch strings.TrimPrefix(sortSpec, "-") {
	case "updated_at":
		v = strconv.FormatInt(t.UpdatedAt.UnixNano(), 10)
	case "status":
		v = t.Status
	}
	return base64.RawURLEncoding.EncodeToString(fmt.Appendf(nil, "v1|%s|%d|%s", sortSpec, t.ID, v))
}

// decodeCursor returns a stand-in ticket holding the cursor's position.
func decodeCursor(s, sortSpec string) (*Ticket, *apiError) {
	bad := errPaging("page[after] or page[before] is not a valid cursor for this list and sort")
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, bad
	}
	parts := strings.SplitN(string(b), "|", 4)
	if len(parts) != 4 || parts[0] != "v1" || parts[1] != sortSpec {
		return nil, bad
	}
	at := &Ticket{Status: parts[3]}
	if at.ID, err = strconv.ParseInt(parts[2], 10, 64); err != nil {
		return nil, bad
	}
	if strings.TrimPrefix(sortSpec, "-") == "updated_at" {
		n, err := strconv.ParseInt(parts[3], 10, 64)
		if err != nil {
			return nil, bad
		}
		at.UpdatedAt = time.Unix(0, n).UTC()
	}
	return at, nil
}

func (s *Server) offsetPage(w http.ResponseWriter, r *http.Request, ts []*Ticket, spec listSpec) *apiError {
	q := r.URL.Query()
	page, perPage := 1, 100
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return errBadRequest("InvalidValue", "page must be an integer greater than 0")
		}
		page = n
	}
	if v := q.Get("per_page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return errBadRequest("InvalidValue", "per_page must be an integer greater than 0")
		}
		perPage = min(n, 100)
	}
	if (page-1)*perPage >= maxOffset {
		return errorsList(http.StatusBadRequest, "InvalidPaginationDepth",
			"Pagination requests using Offset Pagination are limited to the first 10000 records. Use Cursor Based Pagination instead.")
	}
	key, desc := strings.TrimPrefix(spec.sort, "-"), strings.HasPrefix(spec.sort, "-")
	if by := q.Get("sort_by"); by != "" && !spec.fixed && sortKeys[by] != nil {
		key, desc = by, q.Get("sort_order") == "desc"
	}
	order(ts, key, desc)
	from := min((page-1)*perPage, len(ts))
	to := min(from+perPage, len(ts))
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
	if to < len(ts) {
		next = link(page + 1)
	}
	if page > 1 {
		prev = link(page - 1)
	}
	writeJSON(w, http.StatusOK, s.withTickets(r, map[string]any{
		"next_page": next, "previous_page": prev, "count": len(ts)}, ts[from:to]))
	return nil
}

func (s *Server) renderAll(ts []*Ticket) []Ticket {
	out := make([]Ticket, len(ts))
	for i, t := range ts {
		out[i] = s.st.render(t)
	}
	return out
}

// ticketsWhere returns the stored tickets that keep.
func (st *store) ticketsWhere(keep func(*Ticket) bool) []*Ticket {
	var out []*Ticket
	for _, t := range st.tickets {
		if keep(t) {
			out = append(out, t)
		}
	}
	return out
}

func (s *Server) listTickets(w http.ResponseWriter, r *http.Request, _ int64) *apiError {
	ext, filter := r.URL.Query().Get("external_id"), r.URL.Query().Has("external_id")
	ts := s.st.ticketsWhere(func(t *Ticket) bool {
		return !filter || (t.ExternalID != nil && *t.ExternalID == ext)
	})
	return s.writeTickets(w, r, ts, listSpec{sort: "id"})
}

func (s *Server) listRecent(w http.ResponseWriter, r *http.Request, _ int64) *apiError {
	return s.writeTickets(w, r, s.st.ticketsWhere(func(*Ticket) bool { return true }), listSpec{sort: "-updated_at"})
}

func (s *Server) listOrganizationTickets(w http.ResponseWriter, r *http.Request, _ int64) *apiError {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, ok := s.st.orgs[id]; !ok {
		return errNotFound()
	}
	ts := s.st.ticketsWhere(func(t *Ticket) bool { return t.OrganizationID != nil && *t.OrganizationID == id })
	return s.writeTickets(w, r, ts, listSpec{sort: "id"})
}

func (s *Server) listUserTickets(w http.ResponseWriter, r *http.Request, _ int64) *apiError {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	keep := map[string]func(*Ticket) bool{
		"requested": func(t *Ticket) bool { return t.RequesterID == id },
		"ccd": func(t *Ticket) bool {
			return slices.Contains(t.CollaboratorIDs, id) || slices.Contains(t.EmailCCIDs, id)
		},
		"assigned": func(t *Ticket) bool { return t.AssigneeID != nil && *t.AssigneeID == id },
	}[r.PathValue("kind")]
	if keep == nil {
		return errInvalidEndpoint()
	}
	if !s.st.userExists(id) {
		return errNotFound()
	}
	return s.writeTickets(w, r, s.st.ticketsWhere(keep), listSpec{sort: "id"})
}

func (s *Server) listIncidents(w http.ResponseWriter, r *http.Request, _ int64) *apiError {
	p, err := s.ticketOf(r)
	if err != nil {
		return err
	}
	ts := s.st.ticketsWhere(func(t *Ticket) bool { return t.ProblemID != nil && *t.ProblemID == p.ID })
	return s.writeTickets(w, r, ts, listSpec{sort: "id"})
}

func isProblem(t *Ticket) bool { return t.Type != nil && *t.Type == "problem" }

func (s *Server) listProblems(w http.ResponseWriter, r *http.Request, _ int64) *apiError {
	return s.writeTickets(w, r, s.st.ticketsWhere(isProblem), listSpec{sort: "-updated_at", fixed: true})
}

// autocomplete finds problems whose subject contains the text (from a JSON body or ?text=).
func (s *Server) autocomplete(w http.ResponseWriter, r *http.Request, _ int64) *apiError {
	var body struct {
		Text string `json:"text"`
	}
	if err := decodeBody(r, &body); err != nil {
		return err
	}
	text := strings.ToLower(cmp.Or(body.Text, r.URL.Query().Get("text")))
	if text == "" {
		return errMissing("text")
	}
	ts := s.st.ticketsWhere(func(t *Ticket) bool {
		return isProblem(t) && strings.Contains(strings.ToLower(t.Subject), text)
	})
	order(ts, "updated_at", true)
	writeJSON(w, http.StatusOK, s.withTickets(r, map[string]any{}, ts))
	return nil
}
