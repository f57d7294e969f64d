package zendesktest

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// sortKeys are the orders a list can be sorted in. Cursor paging takes only id, updated_at and
// status (sort=field or sort=-field); offset paging takes more (sort_by, sort_order).
var sortKeys = map[string]func(a, b *Ticket) int{
	"id": func(a, b *Ticket) int { return cmp.Compare(a.ID, b.ID) },
	// Tickets changed within one second, and so with one updated_at, are in the order they changed.
	"updated_at": func(a, b *Ticket) int {
		return cmp.Or(a.UpdatedAt.Compare(b.UpdatedAt), cmp.Compare(a.changed, b.changed))
	},
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

func ticketID(t *Ticket) int64 { return t.ID }

// order sorts tickets by a key (ties by id), descending when desc.
func order(ts []*Ticket, key string, desc bool) {
	slices.SortFunc(ts, byKeyThenID(sortKeys[key], ticketID, desc))
}

// listSpec says how one list endpoint sorts by default, and whether it ignores the caller's
// sort (problems are always newest updated_at first).
type listSpec struct {
	sort  string // as sort= reads it: "id", "-updated_at"
	fixed bool
}

// writeTickets answers a list of tickets with the paging the request asked for: cursor paging
// when any page[...] parameter is present (page[size] up to 100), offset paging (the API's old
// default) otherwise. Zendesk links both ways on every cursor page, has_more false included:
// only has_more says whether a page follows.
func (s *Server) writeTickets(w http.ResponseWriter, r *http.Request, ts []*Ticket, spec listSpec) *apiError {
	pr, err := readPaging(r, pageRules{mode: cursorOrOffset, maxSize: 100, maxPerPage: 100, depth: offsetDepth})
	if err != nil {
		return err
	}
	q := r.URL.Query()
	sortSpec := spec.sort
	key, desc := strings.TrimPrefix(sortSpec, "-"), strings.HasPrefix(sortSpec, "-")
	if pr.cursor {
		// Cursor paging reads sort=[-]field and ignores sort_by/sort_order, as Zendesk does.
		if v := q.Get("sort"); v != "" && !spec.fixed {
			sortSpec = v
		}
		key, desc = strings.TrimPrefix(sortSpec, "-"), strings.HasPrefix(sortSpec, "-")
		if !slices.Contains(cursorSortable, key) {
			return errPaging(fmt.Sprintf("sort %q is not valid with cursor pagination; use one of %s",
				sortSpec, strings.Join(cursorSortable, ", ")))
		}
	} else if by := q.Get("sort_by"); by != "" && !spec.fixed && sortKeys[by] != nil {
		key, desc = by, q.Get("sort_order") == "desc"
	}
	less := byKeyThenID(sortKeys[key], ticketID, desc)
	slices.SortFunc(ts, less)
	return writePage(s, w, r, pr, ts, ticketCursor(sortSpec, less),
		func(out map[string]any, page []*Ticket) { s.withTickets(r, out, page) })
}

// ticketCursor names a position in a ticket list sorted by sortSpec (less is that order): the
// sort spec, and the id and sort key of the ticket at that position.
func ticketCursor(sortSpec string, less func(a, b *Ticket) int) cursorCodec[*Ticket] {
	field := strings.TrimPrefix(sortSpec, "-")
	return cursorCodec[*Ticket]{
		encode: func(t *Ticket) string {
			var v string
			switch field {
			case "updated_at":
				v = fmt.Sprintf("%d.%d", t.UpdatedAt.UnixNano(), t.changed)
			case "status":
				v = t.Status
			}
			return encodeCursor("v1|%s|%d|%s", sortSpec, t.ID, v)
		},
		decode: func(c string) (func(*Ticket) int, bool) {
			parts, ok := cursorFields(c, "v1", 4)
			if !ok || parts[1] != sortSpec {
				return nil, false
			}
			// at is a stand-in ticket holding the cursor's position.
			at := &Ticket{Status: parts[3]}
			n, ok := parseInts(parts[2])
			if !ok {
				return nil, false
			}
			at.ID = n[0]
			if field == "updated_at" {
				stamp, seq, _ := strings.Cut(parts[3], ".")
				n, ok := parseInts(stamp, seq)
				if !ok {
					return nil, false
				}
				at.UpdatedAt, at.changed = time.Unix(0, n[0]).UTC(), n[1]
			}
			return func(t *Ticket) int { return less(t, at) }, true
		},
		invalid: "page[after] or page[before] is not a valid cursor for this list and sort",
	}
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
