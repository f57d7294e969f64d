package zendesktest

import (
	"encoding/json"
	"net/http"
)

// tagsBody is the body of the tag endpoints; safe_update comes as a string ("true") or a bool.
type tagsBody struct {
	Tags         opt[[]string]   `json:"tags"`
	UpdatedStamp opt[string]     `json:"updated_stamp"`
	SafeUpdate   json.RawMessage `json:"safe_update"`
}

func (b *tagsBody) safe() bool {
	s := string(b.SafeUpdate)
	return s == "true" || s == `"true"`
}

func (s *Server) showTags(w http.ResponseWriter, r *http.Request, _ int64) *apiError {
	t, err := s.ticketOf(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"tags": cloneOrEmpty(t.Tags)})
	return nil
}

// changeTags serves POST (replace, 201), PUT (add, 200) and DELETE (remove, 200) of
// tickets/{id}/tags. Each is a ticket update: it records a Change audit when the tags change,
// a closed ticket refuses it (422), and on PUT and DELETE a safe update with a stale
// updated_stamp is refused with 409, as the ticket update refuses it. Each answers {tags}.
func (s *Server) changeTags(w http.ResponseWriter, r *http.Request, actor int64) *apiError {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var body tagsBody
	if err := decodeBody(r, &body); err != nil {
		return err
	}
	if !body.Tags.set {
		return errMissing("tags")
	}
	in := &ticketInput{}
	status := http.StatusOK
	switch r.Method {
	case http.MethodPost:
		in.Tags, status = body.Tags, http.StatusCreated
	case http.MethodPut:
		in.AdditionalTags = body.Tags
	case http.MethodDelete:
		in.RemoveTags = body.Tags
	}
	if r.Method != http.MethodPost && body.safe() {
		in.SafeUpdate, in.UpdatedStamp = true, body.UpdatedStamp
	}
	t, _, err := s.st.updateTicket(id, in, s.caller(r, actor))
	if err != nil {
		return err
	}
	writeJSON(w, status, map[string]any{"tags": cloneOrEmpty(t.Tags)})
	return nil
}
