package zendesktest

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
)

// createTwicket serves POST channels/twitter/tickets: a ticket from a tweet, via channel
// "twitter", requested by the tweet's author (an end user made for it) and submitted by the
// caller. It answers 201 {ticket} with Location.
func (s *Server) createTwicket(w http.ResponseWriter, r *http.Request, actor int64) *apiError {
	in, _, err := ticketEnvelope(r)
	if err != nil {
		return err
	}
	d := details{}
	if in.TwitterStatusMessageID == 0 {
		d.add("twitter_status_message_id", "Twitter status message: cannot be blank", "BlankValue")
	}
	if in.MonitoredTwitterHandleID == 0 {
		d.add("monitored_twitter_handle_id", "Monitored twitter handle: cannot be blank", "BlankValue")
	}
	if err := d.err(); err != nil {
		return err
	}
	tweet := strconv.FormatInt(in.TwitterStatusMessageID, 10)
	author := s.st.addUser("@tweeter_"+tweet, "", roleEndUser)
	via := Via{Channel: "twitter", Source: ViaSource{
		From: map[string]any{"profile_url": "https://twitter.com/tweeter_" + tweet, "username": "tweeter_" + tweet},
		To:   map[string]any{"profile_url": "https://twitter.com/monitored", "twitter_handle_id": in.MonitoredTwitterHandleID},
		Rel:  ptr("mention"),
	}}
	body := fmt.Sprintf("Tweet %s", tweet)
	tin := &ticketInput{Subject: opt[string]{set: true, v: body}, Comment: &commentInput{Body: body},
		RequesterID: opt[int64]{set: true, v: author.ID}, SubmitterID: opt[int64]{set: true, v: actor}}
	t, _, aerr := s.st.createTicket(tin, s.caller(r, actor), via)
	if aerr != nil {
		return aerr
	}
	w.Header().Set("Location", s.st.ticketURL(t.ID))
	writeJSON(w, http.StatusCreated, map[string]any{"ticket": s.st.render(t)})
	return nil
}

// twicketStatuses serves GET channels/twitter/tickets/{id}/statuses: one status per comment
// of the ticket, or per comment named in ?ids=.
func (s *Server) twicketStatuses(w http.ResponseWriter, r *http.Request, _ int64) *apiError {
	t, err := s.ticketOf(r)
	if err != nil {
		return err
	}
	want, err := ids(r, false)
	if err != nil {
		return err
	}
	out := []map[string]any{}
	for _, c := range s.st.comments[t.ID] {
		if want == nil || slices.Contains(want, c) {
			out = append(out, map[string]any{"id": c, "favorited": false, "retweeted": false, "user_followed": false})
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"statuses": out})
	return nil
}
