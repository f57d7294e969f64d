package zendesktest

import (
	"cmp"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"
)

// maxExportPage is the most tickets or events one incremental export page carries.
const maxExportPage = 1000

// WithIncrementalLag makes the incremental exports leave out what changed within the last d,
// as Zendesk leaves out the last minute (WithIncrementalLag(time.Minute)); a start_time within
// it is then refused as too recent. The default, 0, includes every change at once, so a test
// can export what it has just written.
func WithIncrementalLag(d time.Duration) Option {
	return func(c *config) { c.exportLag = d }
}

// syncState is what the incremental export needs beyond the tickets: the order of changes,
// so that a cursor knows what changed after it was handed out, and the tickets deleted since
// the server started, which the export keeps showing with status "deleted".
type syncState struct {
	seq       int64
	changedAt map[int64]int64 // ticket id → seq of its last recorded change
	deleted   map[int64]*Ticket
}

// changed notes a recorded change of a ticket.
func (st *store) changed(id int64) {
	if st.sync.changedAt == nil {
		st.sync.changedAt = map[int64]int64{}
	}
	st.sync.seq++
	st.sync.changedAt[id] = st.sync.seq
}

// tombstone keeps what the export shows of a ticket being deleted: its last state with status
// "deleted", updated (and so generated_timestamp) now.
func (st *store) tombstone(id int64) {
	t, ok := st.tickets[id]
	if !ok {
		return
	}
	if st.sync.deleted == nil {
		st.sync.deleted = map[int64]*Ticket{}
	}
	gone := *t
	gone.Status = "deleted"
	touch(&gone)
	st.sync.deleted[id] = &gone
	st.changed(id)
}

// exportable lists the tickets the incremental export may show now: every ticket, and each
// deleted one (unless excludeDeleted) that has not come back.
func (st *store) exportable(excludeDeleted bool) []*Ticket {
	out := make([]*Ticket, 0, len(st.tickets)+len(st.sync.deleted))
	for _, t := range st.tickets {
		out = append(out, t)
	}
	if !excludeDeleted {
		for id, t := range st.sync.deleted {
			if _, back := st.tickets[id]; !back {
				out = append(out, t)
			}
		}
	}
	return out
}

func (s *Server) syncRoutes(api func(string, handler)) {
	api("GET /api/v2/search", s.search)
	api("GET /api/v2/search/count", s.searchCount)
	api("GET /api/v2/search/export", s.searchExport)
	api("GET /api/v2/incremental/tickets/cursor", s.incrementalTickets)
	api("GET /api/v2/incremental/ticket_events", s.ticketEvents)
}

// adminOnly refuses agents and end users: the incremental exports are for admins.
func (s *Server) adminOnly(actor int64) *apiError {
	if s.st.isAdmin(actor) {
		return nil
	}
	return errForbidden("You do not have access to this page.")
}

// incCursor is a position in the incremental ticket export: the (generated_timestamp, id) of
// a ticket, whether the position is after it or at it (a before_cursor), and the change
// sequence when the cursor was handed out, so that a ticket changed since then comes again.
type incCursor struct {
	gen, id, seq int64
	at           bool // the position is at the ticket (inclusive), not after it
}

func (c incCursor) encode() string {
	mode := "after"
	if c.at {
		mode = "at"
	}
	return encodeCursor("inc1|%s|%d|%d|%d", mode, c.gen, c.id, c.seq)
}

func decodeIncCursor(s string) (incCursor, bool) {
	p, ok := cursorFields(s, "inc1", 5)
	if !ok || (p[1] != "after" && p[1] != "at") {
		return incCursor{}, false
	}
	n, ok := parseInts(p[2], p[3], p[4])
	if !ok {
		return incCursor{}, false
	}
	return incCursor{gen: n[0], id: n[1], seq: n[2], at: p[1] == "at"}, true
}

// exportCutoff is the newest generated_timestamp the exports show now: with no lag, every one
// (a ticket changed several times in one second is stamped a second apart, so it may be ahead
// of the clock).
func (s *Server) exportCutoff() int64 {
	if s.cfg.exportLag <= 0 {
		return math.MaxInt64
	}
	return time.Now().Add(-s.cfg.exportLag).Unix()
}

func errTooRecent() *apiError {
	// The body Zendesk has been recorded sending for a start_time it will not serve yet.
	return &apiError{http.StatusUnprocessableEntity,
		errorBody("InvalidValue", "Too recent start_time. Use a start_time older than 5 minutes")}
}

// startTime reads start_time (Unix seconds): required, not negative, not within the lag.
func (s *Server) startTime(r *http.Request) (int64, *apiError) {
	raw := r.URL.Query().Get("start_time")
	if raw == "" {
		return 0, errMissing("start_time")
	}
	n, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || n < 0 {
		return 0, errBadRequest("InvalidValue", "start_time must be a Unix time in seconds")
	}
	limit := time.Now().Add(-s.cfg.exportLag).Unix()
	if s.cfg.exportLag <= 0 {
		// Changes made within one second are stamped a second apart, so the newest may be
		// ahead of the clock: the start_time of a next_page past it is still served.
		limit = max(limit, s.newestStamp()+1)
	}
	if n > limit {
		return 0, errTooRecent()
	}
	return n, nil
}

// newestStamp is the latest time the exports may show: of a ticket's change or an audit.
func (s *Server) newestStamp() int64 {
	var n int64
	for _, t := range s.st.exportable(false) {
		n = max(n, t.UpdatedAt.Unix())
	}
	for _, list := range s.st.audits {
		for _, a := range list {
			n = max(n, a.CreatedAt.Unix())
		}
	}
	return n
}

// exportPerPage reads per_page for the incremental exports: up to 1000, the default.
func exportPerPage(r *http.Request) (int, *apiError) {
	n, ok := positiveInt(r.URL.Query(), "per_page", maxExportPage)
	if !ok {
		return 0, errBadRequest("InvalidValue", "per_page must be an integer greater than 0")
	}
	return min(n, maxExportPage), nil
}

// incrementalTickets serves the cursor-based incremental ticket export: tickets whose
// generated_timestamp is at or after start_time, or past the cursor, ordered by
// generated_timestamp then id; a ticket changed after a cursor was handed out comes again
// after that cursor. Deleted tickets come with status "deleted" unless exclude_deleted=true.
func (s *Server) incrementalTickets(w http.ResponseWriter, r *http.Request, actor int64) *apiError {
	if err := s.adminOnly(actor); err != nil {
		return err
	}
	q := r.URL.Query()
	perPage, err := exportPerPage(r)
	if err != nil {
		return err
	}
	var from incCursor
	if raw := q.Get("cursor"); raw != "" {
		c, ok := decodeIncCursor(raw)
		if !ok {
			return errBadRequest("InvalidValue", "cursor is not a valid incremental export cursor")
		}
		from = c
	} else {
		start, err := s.startTime(r)
		if err != nil {
			return err
		}
		from = incCursor{gen: start, at: true, seq: -1}
	}
	cutoff := s.exportCutoff()
	excludeDeleted := q.Get("exclude_deleted") == "true"
	// Keep only the first perPage candidates in order, and count them all: a page costs one
	// pass over the tickets, not a sort of them.
	var page []*Ticket
	candidates := 0
	less := func(a, b *Ticket) int { return cmp.Or(a.UpdatedAt.Compare(b.UpdatedAt), cmp.Compare(a.ID, b.ID)) }
	for _, t := range s.st.exportable(excludeDeleted) {
		gen := t.UpdatedAt.Unix()
		if gen > cutoff {
			continue
		}
		k := cmp.Or(cmp.Compare(gen, from.gen), cmp.Compare(t.ID, from.id))
		past := k > 0 || (k == 0 && from.at)
		if !past && (from.seq < 0 || s.st.sync.changedAt[t.ID] <= from.seq) {
			continue
		}
		candidates++
		if len(page) == perPage && less(t, page[perPage-1]) >= 0 {
			continue
		}
		i, _ := slices.BinarySearchFunc(page, t, less)
		page = slices.Insert(page, i, t)
		if len(page) > perPage {
			page = page[:perPage]
		}
	}
	// An empty page is the answer Zendesk has been recorded sending: every cursor null, and no
	// before_url at all.
	body := map[string]any{"after_url": nil, "after_cursor": nil, "before_cursor": nil,
		"end_of_stream": len(page) == candidates}
	if len(page) > 0 {
		first, last := page[0], page[len(page)-1]
		after := incCursor{gen: last.UpdatedAt.Unix(), id: last.ID, seq: s.st.sync.seq}.encode()
		before := incCursor{gen: first.UpdatedAt.Unix(), id: first.ID, seq: from.seq, at: true}.encode()
		body["after_cursor"], body["after_url"] = after, s.incrementalLink(r, after)
		body["before_cursor"], body["before_url"] = before, s.incrementalLink(r, before)
	}
	writeJSON(w, http.StatusOK, s.withTickets(r, body, page))
	return nil
}

// incrementalLink is the export URL that resumes at cursor, with the request's other options.
func (s *Server) incrementalLink(r *http.Request, cursor string) string {
	q := url.Values{}
	for k, v := range r.URL.Query() {
		if k != "start_time" && k != "cursor" {
			q[k] = v
		}
	}
	q.Set("cursor", cursor)
	return s.URL + r.URL.Path + ".json?" + q.Encode()
}

// ticketEvent is one event of the ticket event export: an audit, its events as child events.
type ticketEvent struct {
	ID              int64            `json:"id"`
	TicketID        int64            `json:"ticket_id"`
	Timestamp       int64            `json:"timestamp"`
	CreatedAt       time.Time        `json:"created_at"`
	UpdaterID       int64            `json:"updater_id"`
	Via             Via              `json:"via"`
	System          map[string]any   `json:"system"`
	EventType       string           `json:"event_type"`
	ChildEvents     []map[string]any `json:"child_events"`
	MergedTicketIDs []int64          `json:"merged_ticket_ids"`
}

// ticketEvents serves the time-based ticket event export: one event per audit whose time is
// at or after start_time, oldest first (ties by id). Field events become child events keyed
// by the field's name, with previous_value for changes; a comment is a child event with
// comment_present and comment_public, or in full when include=comment_events. A page never
// splits a second: it runs to the end of its last second, and end_time (the start_time of
// next_page) is the second after it, so paging neither repeats nor loops (choice: Zendesk's
// own end_time is the last event's time, which repeats that second's events).
func (s *Server) ticketEvents(w http.ResponseWriter, r *http.Request, actor int64) *apiError {
	if err := s.adminOnly(actor); err != nil {
		return err
	}
	start, err := s.startTime(r)
	if err != nil {
		return err
	}
	perPage, err := exportPerPage(r)
	if err != nil {
		return err
	}
	withComments := includes(r)["comment_events"]
	cutoff := s.exportCutoff()
	var audits []*Audit
	for _, list := range s.st.audits {
		for _, a := range list {
			if ts := a.CreatedAt.Unix(); ts >= start && ts <= cutoff {
				audits = append(audits, a)
			}
		}
	}
	slices.SortFunc(audits, func(a, b *Audit) int {
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
	})
	n := min(perPage, len(audits))
	for n > 0 && n < len(audits) && audits[n].CreatedAt.Unix() == audits[n-1].CreatedAt.Unix() {
		n++
	}
	events := make([]ticketEvent, n)
	for i, a := range audits[:n] {
		events[i] = ticketEventOf(a, withComments)
	}
	end := start
	if n > 0 {
		end = audits[n-1].CreatedAt.Unix() + 1
	}
	q := url.Values{}
	for k, v := range r.URL.Query() {
		q[k] = v
	}
	q.Set("start_time", strconv.FormatInt(end, 10))
	writeJSON(w, http.StatusOK, map[string]any{"ticket_events": events, "count": n,
		"end_time": end, "end_of_stream": n == len(audits),
		"next_page": s.URL + r.URL.Path + ".json?" + q.Encode()})
	return nil
}

func ticketEventOf(a *Audit, withComments bool) ticketEvent {
	via := cloneVia(a.Via)
	e := ticketEvent{ID: a.ID, TicketID: a.TicketID, Timestamp: a.CreatedAt.Unix(), CreatedAt: a.CreatedAt,
		UpdaterID: a.AuthorID, Via: via, System: a.Metadata.System, EventType: "Audit",
		ChildEvents: []map[string]any{}, MergedTicketIDs: []int64{}}
	for _, ev := range a.Events {
		child := map[string]any{"id": ev["id"], "via": via, "via_reference_id": nil}
		switch ev["type"] {
		case "Comment":
			if withComments {
				for k, v := range ev {
					child[k] = v
				}
				child["created_at"] = a.CreatedAt
			} else {
				child["comment_present"] = true
				child["comment_public"] = ev["public"]
			}
			child["event_type"] = "Comment"
		case "Create", "Change":
			name, _ := ev["field_name"].(string)
			child[name] = ev["value"]
			if ev["type"] == "Change" {
				child["previous_value"] = ev["previous_value"]
			}
			child["event_type"] = ev["type"]
		default:
			for k, v := range ev {
				child[k] = v
			}
			child["event_type"] = ev["type"]
		}
		e.ChildEvents = append(e.ChildEvents, child)
	}
	return e
}
