package zendesktest

import (
	"cmp"
	"encoding/base64"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// deletedTicket is a soft-deleted ticket: gone from the ticket endpoints, listed by
// deleted_tickets, restorable until destroyed. The fake keeps it for its whole lifetime
// (Zendesk for 30 days).
type deletedTicket struct {
	ticket    *Ticket
	actor     int64
	deletedAt time.Time
	prevState string
}

// jobBulkDestroy is the job_type of a permanent deletion *(choice: not recorded)*.
const jobBulkDestroy = "Bulk Delete Ticket"

// softDelete moves a ticket to the deleted tickets, recording who deleted it.
func (st *store) softDelete(id, actor int64) {
	t, ok := st.tickets[id]
	if !ok {
		return
	}
	if st.deleted == nil {
		st.deleted = map[int64]*deletedTicket{}
	}
	st.deleted[id] = &deletedTicket{ticket: t, actor: actor, deletedAt: now(), prevState: t.Status}
	st.tombstone(id) // the incremental export shows it as deleted
	delete(st.tickets, id)
}

// restore brings a soft-deleted ticket back as it was.
func (st *store) restore(id int64) bool {
	d, ok := st.deleted[id]
	if !ok {
		return false
	}
	st.tickets[id] = d.ticket
	delete(st.deleted, id)
	st.changed(id)
	return true
}

// destroy removes a soft-deleted ticket for good, with its audits.
func (st *store) destroy(id int64) bool {
	if _, ok := st.deleted[id]; !ok {
		return false
	}
	delete(st.deleted, id)
	delete(st.audits, id)
	delete(st.comments, id)
	return true
}

func (st *store) renderDeleted(d *deletedTicket) map[string]any {
	actor := map[string]any{"id": d.actor, "name": ""}
	if u, ok := st.users[d.actor]; ok {
		actor["name"] = u.Name
	}
	return map[string]any{"id": d.ticket.ID, "subject": d.ticket.Subject,
		"description": d.ticket.Description, "actor": actor, "deleted_at": d.deletedAt,
		"previous_state": d.prevState}
}

// DeletedTicketCount returns how many tickets are soft-deleted (restorable) now.
func (s *Server) DeletedTicketCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.st.deleted)
}

// listDeleted serves GET deleted_tickets: cursor paging when a page[…] parameter is sent
// (by id), offset paging otherwise (sort_by id, subject or deleted_at; by id by default
// *(choice)*).
func (s *Server) listDeleted(w http.ResponseWriter, r *http.Request, _ int64) *apiError {
	list := make([]*deletedTicket, 0, len(s.st.deleted))
	for _, d := range s.st.deleted {
		list = append(list, d)
	}
	q := r.URL.Query()
	byKey := map[string]func(a, b *deletedTicket) int{
		"id":         func(a, b *deletedTicket) int { return 0 },
		"subject":    func(a, b *deletedTicket) int { return strings.Compare(a.ticket.Subject, b.ticket.Subject) },
		"deleted_at": func(a, b *deletedTicket) int { return a.deletedAt.Compare(b.deletedAt) },
	}
	by, desc := byKey["id"], false
	cursor := q.Has("page[size]") || q.Has("page[after]") || q.Has("page[before]")
	if f, ok := byKey[q.Get("sort_by")]; ok && !cursor {
		by, desc = f, q.Get("sort_order") == "desc"
	}
	slices.SortFunc(list, func(a, b *deletedTicket) int {
		c := cmp.Or(by(a, b), cmp.Compare(a.ticket.ID, b.ticket.ID))
		if desc {
			return -c
		}
		return c
	})
	out := make([]map[string]any, len(list))
	for i, d := range list {
		out[i] = s.st.renderDeleted(d)
	}
	if cursor {
		return cursorPageByID(s, w, r, "deleted_tickets", out, func(m map[string]any) int64 { return m["id"].(int64) })
	}
	return offsetPageOf(s, w, r, "deleted_tickets", out)
}

// cursorPageByID answers one cursor page of items in id order under key, with meta and links
// as the ticket lists send them.
func cursorPageByID[T any](s *Server, w http.ResponseWriter, r *http.Request, key string, items []T, id func(T) int64) *apiError {
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
	at := func(raw string) (int64, *apiError) {
		b, err := base64.RawURLEncoding.DecodeString(raw)
		n, err2 := strconv.ParseInt(strings.TrimPrefix(string(b), "id|"), 10, 64)
		if err != nil || err2 != nil || !strings.HasPrefix(string(b), "id|") {
			return 0, errPaging("page[after] or page[before] is not a valid cursor for this list")
		}
		return n, nil
	}
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
		n, err := at(q.Get("page[before]"))
		if err != nil {
			return err
		}
		to = first(func(x T) bool { return id(x) >= n })
		from = max(0, to-size)
	case q.Get("page[after]") != "":
		n, err := at(q.Get("page[after]"))
		if err != nil {
			return err
		}
		from = first(func(x T) bool { return id(x) > n })
		to = min(from+size, len(items))
	}
	page := items[from:to]
	meta := map[string]any{"has_more": to < len(items), "after_cursor": nil, "before_cursor": nil}
	if backward {
		meta["has_more"] = from > 0
	}
	links := map[string]any{"next": nil, "prev": nil}
	if len(page) > 0 {
		enc := func(x T) string { return base64.RawURLEncoding.EncodeToString(fmt.Appendf(nil, "id|%d", id(x))) }
		after, before := enc(page[len(page)-1]), enc(page[0])
		meta["after_cursor"], meta["before_cursor"] = after, before
		links["next"] = s.pageLink(r, "page[after]", after, size)
		links["prev"] = s.pageLink(r, "page[before]", before, size)
	}
	writeJSON(w, http.StatusOK, map[string]any{key: cloneOrEmpty(page), "meta": meta, "links": links})
	return nil
}

// restoreDeleted serves PUT deleted_tickets/{id}/restore: 200 with an empty body, as recorded.
func (s *Server) restoreDeleted(w http.ResponseWriter, r *http.Request, _ int64) *apiError {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if !s.st.restore(id) {
		return errNotFound()
	}
	w.WriteHeader(http.StatusOK)
	return nil
}

// restoreManyDeleted serves PUT deleted_tickets/restore_many?ids=: 200 with `{}`, as recorded.
// An id that names no deleted ticket is 404 and nothing is restored *(choice)*.
func (s *Server) restoreManyDeleted(w http.ResponseWriter, r *http.Request, _ int64) *apiError {
	list, err := ids(r, true)
	if err != nil {
		return err
	}
	for _, id := range list {
		if _, ok := s.st.deleted[id]; !ok {
			return errNotFound()
		}
	}
	for _, id := range list {
		s.st.restore(id)
	}
	writeJSON(w, http.StatusOK, map[string]any{})
	return nil
}

// destroyDeleted serves DELETE deleted_tickets/{id}: a job that removes the ticket for good. A
// ticket that is not soft-deleted first is 404.
func (s *Server) destroyDeleted(w http.ResponseWriter, r *http.Request, _ int64) *apiError {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, ok := s.st.deleted[id]; !ok {
		return errNotFound()
	}
	s.startJob(w, jobBulkDestroy, 1, func() any {
		if !s.st.destroy(id) {
			return []map[string]any{failure(0, id, "destroy", errNotFound(), "TicketNotFound")}
		}
		return []map[string]any{{"id": id, "action": "destroy", "status": "Destroyed", "success": true}}
	})
	return nil
}

// destroyManyDeleted serves DELETE deleted_tickets/destroy_many?ids= (at most 100): a job;
// ids that are not soft-deleted fail in its results.
func (s *Server) destroyManyDeleted(w http.ResponseWriter, r *http.Request, _ int64) *apiError {
	list, err := ids(r, true)
	if err != nil {
		return err
	}
	s.startJob(w, jobBulkDestroy, len(list), func() any {
		results := []map[string]any{}
		for i, id := range list {
			if !s.st.destroy(id) {
				results = append(results, failure(i, id, "destroy", errNotFound(), "TicketNotFound"))
				continue
			}
			results = append(results, map[string]any{"id": id, "action": "destroy", "status": "Destroyed", "success": true})
		}
		return results
	})
	return nil
}
