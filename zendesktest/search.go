package zendesktest

import (
	"cmp"
	"net/http"
	"slices"
	"strings"
)

// The search endpoints: search.json (offset paging), search/count.json and search/export.json
// (cursor paging), and the order of their results. The query language is in search_query.go.

// Search limits, as Zendesk sets them.
const (
	maxSearchResults = 1000 // results one query serves through search.json
	maxSearchPage    = 100  // per_page of search.json
	maxExportSize    = 1000 // page[size] of search/export.json
)

// searchSorts are the orders sort_by (or order_by: in the query) may ask for.
var searchSorts = map[string]func(a, b record) int{
	"created_at": func(a, b record) int { return a.created.Compare(b.created) },
	"updated_at": func(a, b record) int { return a.updated.Compare(b.updated) },
	"priority": func(a, b record) int {
		return cmp.Compare(rank(priorities, ticketStr(a, "priority")), rank(priorities, ticketStr(b, "priority")))
	},
	"status": func(a, b record) int {
		return cmp.Compare(rank(statuses, ticketStr(a, "status")), rank(statuses, ticketStr(b, "status")))
	},
	"ticket_type": func(a, b record) int { return strings.Compare(ticketStr(a, "type"), ticketStr(b, "type")) },
}

func ticketStr(r record, field string) string {
	if r.ticket == nil {
		return ""
	}
	switch field {
	case "priority":
		return str(r.ticket.Priority)
	case "status":
		return r.ticket.Status
	}
	return str(r.ticket.Type)
}

// find runs a query: the matching records in the order asked. sort_by (or order_by: in the
// query; "created", "updated" and "commented" name created_at, updated_at, updated_at) sorts,
// descending unless sort_order (or sort:) says asc; with neither, results come by kind
// (tickets first) then id (choice: the fake has no relevance ranking).
func (st *store) find(raw, sortBy, sortOrder string) []record {
	q := newQuery(raw)
	var out []record
	for _, rec := range st.records(q.types) {
		if st.match(rec, q) {
			out = append(out, rec)
		}
	}
	order := byKeyThenID(byKind, recordID, false) // no relevance ranking: by kind, then id
	if f := searchSorts[sortKey(sortBy, q.orderBy)]; f != nil {
		order = byKeyThenID(f, recordID, cmp.Or(sortOrder, q.sort, "desc") == "desc")
	}
	slices.SortFunc(out, order)
	return out
}

func recordID(r record) int64 { return r.id }

// byKind orders records tickets first, then users, organizations and groups.
func byKind(a, b record) int {
	kinds := []string{"ticket", "user", "organization", "group"}
	return cmp.Compare(slices.Index(kinds, a.kind), slices.Index(kinds, b.kind))
}

func sortKey(sortBy, orderBy string) string {
	k := cmp.Or(sortBy, orderBy)
	if alias, ok := map[string]string{"created": "created_at", "updated": "updated_at", "commented": "updated_at"}[k]; ok {
		return alias
	}
	return k
}

// result renders a record as a search result, with its result_type.
func (s *Server) result(rec record) any {
	switch rec.kind {
	case "ticket":
		return struct {
			Ticket
			ResultType string `json:"result_type"`
		}{s.st.render(rec.ticket), "ticket"}
	case "user":
		return struct {
			User
			ResultType string `json:"result_type"`
		}{*rec.user, "user"}
	case "organization":
		return struct {
			Organization
			ResultType string `json:"result_type"`
		}{s.st.renderOrganization(rec.org), "organization"}
	}
	return struct {
		Group
		ResultType string `json:"result_type"`
	}{s.st.renderGroup(rec.group), "group"}
}

func errSearchLimit() *apiError {
	return &apiError{http.StatusUnprocessableEntity, errorBody("invalid",
		"Invalid search: Requested response size was greater than Search Response Limits")}
}

// search serves search.json: offset paging (per_page up to 100) over at most 1,000 results.
// count is the true total; next_page points at the next page whenever more results exist,
// even past the 1,000th, whose request is then refused with 422 (as Zendesk does).
func (s *Server) search(w http.ResponseWriter, r *http.Request, _ int64) *apiError {
	q := r.URL.Query()
	raw := q.Get("query")
	if raw == "" {
		return errMissing("query")
	}
	pr, err := readPaging(r, pageRules{mode: offsetOnly, maxPerPage: maxSearchPage, depth: searchDepth})
	if err != nil {
		return err
	}
	found := s.st.find(raw, q.Get("sort_by"), q.Get("sort_order"))
	return writePage(s, w, r, pr, found, cursorCodec[record]{}, func(out map[string]any, page []record) {
		s.results(out, page)
		// Side-loads are asked per result type, include=tickets(users,groups).
		var ts []*Ticket
		for _, rec := range page {
			if rec.kind == "ticket" {
				ts = append(ts, rec.ticket)
			}
		}
		s.ticketSideloads(typedIncludes(r, "tickets"), out, ts)
	})
}

// searchDepth refuses a search.json page that reaches past the 1,000th result.
func searchDepth(page, perPage int) *apiError {
	if page*perPage > maxSearchResults {
		return errSearchLimit()
	}
	return nil
}

// results fills a page of search results in, with their null facets.
func (s *Server) results(out map[string]any, page []record) {
	results := make([]any, 0, len(page))
	for _, rec := range page {
		results = append(results, s.result(rec))
	}
	out["results"], out["facets"] = results, nil
}

// searchCount serves search/count.json: {"count": N}.
func (s *Server) searchCount(w http.ResponseWriter, r *http.Request, _ int64) *apiError {
	raw := r.URL.Query().Get("query")
	if raw == "" {
		return errMissing("query")
	}
	writeJSON(w, http.StatusOK, map[string]any{"count": len(s.st.find(raw, "", ""))})
	return nil
}

// searchExport serves search/export.json: one type (filter[type], required; type: in the
// query is refused), ordered by created_at then id, cursor paging forward only (page[size] up
// to 1000, default 100; links.prev is always null), no count and no 1,000 cap.
func (s *Server) searchExport(w http.ResponseWriter, r *http.Request, _ int64) *apiError {
	q := r.URL.Query()
	raw := q.Get("query")
	if raw == "" {
		return errMissing("query")
	}
	typ := q.Get("filter[type]")
	if typ == "" {
		return errMissing("filter[type]")
	}
	if !slices.Contains([]string{"ticket", "user", "organization", "group"}, typ) {
		return errBadRequest("InvalidValue", "filter[type] must be one of ticket, user, organization, group")
	}
	parsed := newQuery(raw)
	if len(parsed.types) > 0 {
		// Zendesk documents that a type in the query is an error; the body is the fake's (choice).
		return &apiError{http.StatusUnprocessableEntity, errorBody("invalid",
			"Invalid search: type is not allowed in the query of an export; use filter[type]")}
	}
	pr, err := readPaging(r, pageRules{mode: cursorOnly, maxSize: maxExportSize, forwardOnly: true, linkWhenMore: true})
	if err != nil {
		return err
	}
	if q.Has("page[before]") {
		return errPaging("page[before] is not supported by the search export")
	}
	parsed.types = []string{typ}
	var found []record
	for _, rec := range s.st.records(parsed.types) {
		if s.st.match(rec, parsed) {
			found = append(found, rec)
		}
	}
	slices.SortFunc(found, byKeyThenID(searchSorts["created_at"], recordID, false))
	return writePage(s, w, r, pr, found, exportCursor, s.results)
}

// exportCursor names a position in the search export: the created_at and id of the result there.
var exportCursor = cursorCodec[record]{
	encode: func(r record) string { return encodeCursor("exp1|%d|%d", r.created.UnixNano(), r.id) },
	decode: func(c string) (func(record) int, bool) {
		parts, ok := cursorFields(c, "exp1", 3)
		if !ok {
			return nil, false
		}
		n, ok := parseInts(parts[1], parts[2])
		if !ok {
			return nil, false
		}
		return func(r record) int { return cmp.Or(cmp.Compare(r.created.UnixNano(), n[0]), cmp.Compare(r.id, n[1])) }, true
	},
	invalid: "page[after] is not a valid cursor for this export",
}
