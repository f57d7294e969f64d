package zendesktest

import (
	"cmp"
	"net/http"
	"slices"
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
func (st *store) softDelete(id, actor int64) { st.remove(id, actor, "soft_deleted") }

// remove moves a ticket to the deleted tickets, recording who deleted it, and reports it as
// kind (soft_deleted, or marked_as_spam).
func (st *store) remove(id, actor int64, kind string) {
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
	st.lifecycle(t, kind, actor, nil)
}

// restore brings a soft-deleted ticket back as it was, on behalf of actor.
func (st *store) restore(id, actor int64) bool {
	d, ok := st.deleted[id]
	if !ok {
		return false
	}
	st.tickets[id] = d.ticket
	delete(st.deleted, id)
	st.changed(id)
	st.lifecycle(d.ticket, "undeleted", actor, nil)
	return true
}

// destroy removes a soft-deleted ticket for good, with its audits, on behalf of actor.
func (st *store) destroy(id, actor int64) bool {
	d, ok := st.deleted[id]
	if !ok {
		return false
	}
	st.lifecycle(d.ticket, "permanently_deleted", actor, nil)
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
// (by id; page[size] up to 100), offset paging otherwise (sort_by id, subject or deleted_at; by
// id by default *(choice)*).
func (s *Server) listDeleted(w http.ResponseWriter, r *http.Request, _ int64) *apiError {
	list := make([]*deletedTicket, 0, len(s.st.deleted))
	for _, d := range s.st.deleted {
		list = append(list, d)
	}
	pr, err := readPaging(r, pageRules{mode: cursorOrOffset, maxSize: 100, maxPerPage: 100, depth: offsetDepth})
	if err != nil {
		return err
	}
	q := r.URL.Query()
	byKey := map[string]func(a, b *deletedTicket) int{
		"id":         func(a, b *deletedTicket) int { return 0 },
		"subject":    func(a, b *deletedTicket) int { return strings.Compare(a.ticket.Subject, b.ticket.Subject) },
		"deleted_at": func(a, b *deletedTicket) int { return a.deletedAt.Compare(b.deletedAt) },
	}
	by, desc := byKey["id"], false
	if f, ok := byKey[q.Get("sort_by")]; ok && !pr.cursor {
		by, desc = f, q.Get("sort_order") == "desc"
	}
	slices.SortFunc(list, byKeyThenID(by, deletedID, desc))
	return writePage(s, w, r, pr, list, idCursor(deletedID), func(out map[string]any, page []*deletedTicket) {
		rows := make([]map[string]any, len(page))
		for i, d := range page {
			rows[i] = s.st.renderDeleted(d)
		}
		out["deleted_tickets"] = rows
	})
}

func deletedID(d *deletedTicket) int64 { return d.ticket.ID }

// idCursor names a position in a list in id order: the id of the item at that position.
func idCursor[T any](id func(T) int64) cursorCodec[T] {
	return cursorCodec[T]{
		encode: func(it T) string { return encodeCursor("id|%d", id(it)) },
		decode: func(c string) (func(T) int, bool) {
			parts, ok := cursorFields(c, "id", 2)
			if !ok {
				return nil, false
			}
			n, ok := parseInts(parts[1])
			if !ok {
				return nil, false
			}
			return func(it T) int { return cmp.Compare(id(it), n[0]) }, true
		},
		invalid: "page[after] or page[before] is not a valid cursor for this list",
	}
}

// restoreDeleted serves PUT deleted_tickets/{id}/restore: 200 with an empty body, as recorded.
func (s *Server) restoreDeleted(w http.ResponseWriter, r *http.Request, actor int64) *apiError {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if !s.st.restore(id, actor) {
		return errNotFound()
	}
	w.WriteHeader(http.StatusOK)
	return nil
}

// restoreManyDeleted serves PUT deleted_tickets/restore_many?ids=: 200 with `{}`, as recorded.
// An id that names no deleted ticket is 404 and nothing is restored *(choice)*.
func (s *Server) restoreManyDeleted(w http.ResponseWriter, r *http.Request, actor int64) *apiError {
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
		s.st.restore(id, actor)
	}
	writeJSON(w, http.StatusOK, map[string]any{})
	return nil
}

// destroyDeleted serves DELETE deleted_tickets/{id}: a job that removes the ticket for good. A
// ticket that is not soft-deleted first is 404.
func (s *Server) destroyDeleted(w http.ResponseWriter, r *http.Request, actor int64) *apiError {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, ok := s.st.deleted[id]; !ok {
		return errNotFound()
	}
	destroy := func(id int64) bool { return s.st.destroy(id, actor) }
	s.startJob(w, jobBulkDestroy, 1, func() any { return idResults([]int64{id}, "destroy", "Destroyed", destroy) })
	return nil
}

// destroyManyDeleted serves DELETE deleted_tickets/destroy_many?ids= (at most 100): a job;
// ids that are not soft-deleted fail in its results.
func (s *Server) destroyManyDeleted(w http.ResponseWriter, r *http.Request, actor int64) *apiError {
	list, err := ids(r, true)
	if err != nil {
		return err
	}
	destroy := func(id int64) bool { return s.st.destroy(id, actor) }
	s.startJob(w, jobBulkDestroy, len(list), func() any { return idResults(list, "destroy", "Destroyed", destroy) })
	return nil
}
