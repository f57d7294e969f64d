package zendesktest

import (
	"crypto/sha256"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"time"
)

// maxBulk is how many ids or tickets a bulk endpoint takes at once.
const maxBulk = 100

func (s *Server) caller(r *http.Request, actor int64) caller {
	ip, _, _ := net.SplitHostPort(r.RemoteAddr)
	return caller{id: actor, system: map[string]any{
		"client": r.UserAgent(), "ip_address": ip, "location": "Localhost", "latitude": 0, "longitude": 0,
	}}
}

// pathID reads the {id} of a path; anything but a number names no record.
func pathID(r *http.Request) (int64, *apiError) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return 0, errNotFound()
	}
	return id, nil
}

func (s *Server) ticketOf(r *http.Request) (*Ticket, *apiError) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	t, ok := s.st.tickets[id]
	if !ok {
		return nil, errNotFound()
	}
	return t, nil
}

// ids reads a comma-separated ids parameter of at most maxBulk ids.
func ids(r *http.Request, required bool) ([]int64, *apiError) {
	raw := r.URL.Query().Get("ids")
	if raw == "" {
		if required {
			return nil, errMissing("ids")
		}
		return nil, nil
	}
	parts := strings.Split(raw, ",")
	if len(parts) > maxBulk {
		return nil, errTooManyValues("ids")
	}
	out := make([]int64, 0, len(parts))
	for _, p := range parts {
		id, err := strconv.ParseInt(strings.TrimSpace(p), 10, 64)
		if err != nil {
			return nil, errBadRequest("InvalidValue", "ids must be numbers separated by commas")
		}
		out = append(out, id)
	}
	return out, nil
}

type ticketAnswer struct {
	Ticket Ticket `json:"ticket"`
	Audit  *Audit `json:"audit,omitempty"`
}

func (s *Server) showTicket(w http.ResponseWriter, r *http.Request, _ int64) *apiError {
	t, err := s.ticketOf(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.withTicket(r, map[string]any{}, t))
	return nil
}

// idempotencyTTL is how long an Idempotency-Key is remembered (about 2 hours on Zendesk).
const idempotencyTTL = 2 * time.Hour

type idemEntry struct {
	at     time.Time
	hash   [32]byte
	status int
	header http.Header
	body   []byte
}

// bodyHash identifies a request body by its JSON meaning, so that a replay with other
// whitespace or key order is still the same request.
func bodyHash(b []byte) [32]byte {
	var v any
	if json.Unmarshal(b, &v) == nil {
		b, _ = json.Marshal(v)
	}
	return sha256.Sum256(b)
}

// createTicket serves POST tickets, with Idempotency-Key: a replay of the same body gets the
// first answer again, another body with the same key a 400.
func (s *Server) createTicket(w http.ResponseWriter, r *http.Request, actor int64) *apiError {
	key := r.Header.Get("Idempotency-Key")
	if key == "" {
		return s.create(w, r, actor)
	}
	body, err := readBody(r)
	if err != nil {
		return err
	}
	hash := bodyHash(body)
	if e, ok := s.st.idem[key]; ok && time.Since(e.at) < idempotencyTTL {
		if e.hash != hash {
			return errBadRequest("IdempotentRequestError",
				"The Idempotency-Key was already used with a different request body.")
		}
		w.Header().Set("X-Idempotency-Lookup", "hit")
		writeRaw(w, e.header, e.status, e.body)
		return nil
	}
	rec := httptest.NewRecorder()
	if err := s.create(rec, r, actor); err != nil {
		writeError(rec, err)
	}
	s.st.idem[key] = &idemEntry{at: time.Now(), hash: hash, status: rec.Code, header: rec.Header().Clone(), body: rec.Body.Bytes()}
	w.Header().Set("X-Idempotency-Lookup", "miss")
	writeRaw(w, rec.Header(), rec.Code, rec.Body.Bytes())
	return nil
}

func (s *Server) create(w http.ResponseWriter, r *http.Request, actor int64) *apiError {
	in, dropped, err := ticketEnvelope(r, "id")
	if err != nil {
		return err
	}
	t, a, err := s.st.createTicket(in, s.caller(r, actor), apiVia())
	if err != nil {
		return err
	}
	warnDropped(w, dropped)
	w.Header().Set("Location", s.st.ticketURL(t.ID))
	writeJSON(w, http.StatusCreated, ticketAnswer{Ticket: s.st.render(t), Audit: a})
	return nil
}

func (s *Server) updateTicket(w http.ResponseWriter, r *http.Request, actor int64) *apiError {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	in, dropped, err := ticketEnvelope(r, "id", "description")
	if err != nil {
		return err
	}
	t, a, err := s.st.updateTicket(id, in, s.caller(r, actor))
	if err != nil {
		return err
	}
	warnDropped(w, dropped)
	writeJSON(w, http.StatusOK, ticketAnswer{Ticket: s.st.render(t), Audit: a})
	return nil
}

func (s *Server) deleteTicket(w http.ResponseWriter, r *http.Request, actor int64) *apiError {
	t, err := s.ticketOf(r)
	if err != nil {
		return err
	}
	s.st.softDelete(t.ID, actor)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// markAsSpam deletes the ticket and suspends its requester (end users only: suspending an
// agent would lock the test's own credentials out).
func (s *Server) markAsSpam(w http.ResponseWriter, r *http.Request, actor int64) *apiError {
	t, err := s.ticketOf(r)
	if err != nil {
		return err
	}
	s.st.markAsSpam(t.ID, actor)
	w.WriteHeader(http.StatusOK)
	return nil
}

// markAsSpam suspends the requester of a ticket and soft-deletes it on behalf of actor,
// reported as marked_as_spam only *(choice: not also soft_deleted, which Zendesk does not
// document for spam)*.
func (st *store) markAsSpam(id, actor int64) {
	if u, ok := st.users[st.tickets[id].RequesterID]; ok && u.Role == roleEndUser {
		u.Suspended = true
		u.UpdatedAt = now()
	}
	st.remove(id, actor, "marked_as_spam")
}

func (s *Server) showMany(w http.ResponseWriter, r *http.Request, _ int64) *apiError {
	list, err := ids(r, true)
	if err != nil {
		return err
	}
	slices.Sort(list)
	out := []*Ticket{}
	for _, id := range slices.Compact(list) {
		if t, ok := s.st.tickets[id]; ok {
			out = append(out, t)
		}
	}
	// Zendesk answers show_many with the offset envelope, on one page.
	writeJSON(w, http.StatusOK, s.withTickets(r, map[string]any{"count": len(out), "next_page": nil, "previous_page": nil}, out))
	return nil
}

func (s *Server) countTickets(w http.ResponseWriter, r *http.Request, _ int64) *apiError {
	writeJSON(w, http.StatusOK, map[string]any{"count": map[string]any{
		"value": len(s.st.tickets), "refreshed_at": time.Now().UTC().Truncate(time.Second)}})
	return nil
}

func (s *Server) related(w http.ResponseWriter, r *http.Request, _ int64) *apiError {
	t, err := s.ticketOf(r)
	if err != nil {
		return err
	}
	// The spec types topic_id and followup_source_ids as strings.
	sources := []string{}
	if src, ok := s.st.followupSource[t.ID]; ok {
		sources = append(sources, strconv.FormatInt(src, 10))
	}
	var topic *string
	if t.ForumTopicID != nil {
		topic = ptr(strconv.FormatInt(*t.ForumTopicID, 10))
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"topic_id": topic, "jira_issue_ids": []string{}, "followup_source_ids": sources,
		"from_archive": false, "incidents": s.st.incidentCount(t.ID),
	})
	return nil
}

func (s *Server) collaborators(w http.ResponseWriter, r *http.Request, _ int64) *apiError {
	t, err := s.ticketOf(r)
	if err != nil {
		return err
	}
	users := []User{}
	for _, id := range t.CollaboratorIDs {
		if u, ok := s.st.users[id]; ok {
			users = append(users, *u)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"users": users})
	return nil
}

func (s *Server) showUser(w http.ResponseWriter, r *http.Request, _ int64) *apiError {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	u, ok := s.st.users[id]
	if !ok {
		return errNotFound()
	}
	writeJSON(w, http.StatusOK, map[string]any{"user": s.st.renderUser(u)})
	return nil
}
