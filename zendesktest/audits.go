package zendesktest

import (
	"net/http"
	"strconv"
)

// listAudits serves GET tickets/{id}/audits: oldest first, by cursor (page[size] ≤ 100,
// page[after], page[before]) or by offset (page, per_page, sort_order) when no page[...]
// parameter is given.
func (s *Server) listAudits(w http.ResponseWriter, r *http.Request, _ int64) *apiError {
	t, err := s.ticketOf(r)
	if err != nil {
		return err
	}
	audits := make([]Audit, len(s.st.audits[t.ID]))
	for i, a := range s.st.audits[t.ID] {
		audits[i] = *a
	}
	return writeTimed(s, w, r, "audits", audits, func(a Audit) timed { return timed{a.CreatedAt, a.ID} }, nil)
}

// showAudit serves GET tickets/{id}/audits/{audit}: an audit of another ticket is not found.
func (s *Server) showAudit(w http.ResponseWriter, r *http.Request, _ int64) *apiError {
	t, err := s.ticketOf(r)
	if err != nil {
		return err
	}
	id, perr := strconv.ParseInt(r.PathValue("audit"), 10, 64)
	if perr != nil {
		return errNotFound()
	}
	for _, a := range s.st.audits[t.ID] {
		if a.ID == id {
			writeJSON(w, http.StatusOK, map[string]any{"audit": a})
			return nil
		}
	}
	return errNotFound()
}

func (s *Server) countAudits(w http.ResponseWriter, r *http.Request, _ int64) *apiError {
	t, err := s.ticketOf(r)
	if err != nil {
		return err
	}
	writeCount(w, len(s.st.audits[t.ID]))
	return nil
}
