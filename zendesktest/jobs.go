package zendesktest

import (
	crand "crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// A job is a background job: queued when asked for, its work done after the server's job
// duration, its results kept for polling.
type job struct {
	id, jobType string
	total       int
	created     time.Time
	duration    time.Duration
	done        bool
	finished    time.Time
	results     any
}

// Job types as Zendesk writes them in job_type. Recorded create_many answers say "Bulk Create
// Ticket"; update_many, destroy_many and mark_many_as_spam all run Zendesk's bulk ticket update
// job (its "too many jobs" refusal of destroy_many names TicketBulkUpdateJobV3) and say "Bulk
// Update Ticket". No merge was recorded: "Merge Ticket" is the fake's choice, in the same style.
const (
	jobBulkCreate = "Bulk Create Ticket"
	jobBulkUpdate = "Bulk Update Ticket"
	jobMerge      = "Merge Ticket"
)

// startJob queues work and answers 200 {job_status}. work runs later with the lock held and
// returns the job's results.
func (s *Server) startJob(w http.ResponseWriter, jobType string, total int, work func() any) {
	b := make([]byte, 16)
	crand.Read(b)
	j := &job{id: "V3-" + hex.EncodeToString(b), jobType: jobType, total: total,
		created: time.Now(), duration: s.cfg.jobDuration}
	s.st.jobs[j.id] = j
	time.AfterFunc(j.duration, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.closed {
			return
		}
		j.results, j.done, j.finished = work(), true, time.Now()
	})
	writeJSON(w, http.StatusOK, map[string]any{"job_status": s.renderJob(j)})
}

// renderJob shows a job: queued, then working for the second half of its duration, then
// completed with results.
func (s *Server) renderJob(j *job) map[string]any {
	out := map[string]any{
		"id": j.id, "url": s.URL + "/api/v2/job_statuses/" + j.id + ".json", "job_type": j.jobType,
		"total": j.total, "progress": nil, "status": "queued", "message": nil, "results": nil,
	}
	switch {
	case j.done:
		out["status"], out["progress"], out["results"] = "completed", j.total, j.results
		out["message"] = "Completed at " + j.finished.UTC().Format("2006-01-02 15:04:05 -0700")
	case j.duration > 0 && time.Since(j.created) >= j.duration/2:
		out["status"], out["progress"] = "working", 0
	}
	return out
}

func (s *Server) showJob(w http.ResponseWriter, r *http.Request, _ int64) *apiError {
	j, ok := s.st.jobs[r.PathValue("id")]
	if !ok {
		return errNotFound()
	}
	writeJSON(w, http.StatusOK, map[string]any{"job_status": s.renderJob(j)})
	return nil
}

func (s *Server) showManyJobs(w http.ResponseWriter, r *http.Request, _ int64) *apiError {
	raw := r.URL.Query().Get("ids")
	if raw == "" {
		return errMissing("ids")
	}
	list := strings.Split(raw, ",")
	if len(list) > maxBulk {
		return errTooManyValues("ids")
	}
	out := []map[string]any{}
	for _, id := range list {
		if j, ok := s.st.jobs[strings.TrimSpace(id)]; ok {
			out = append(out, s.renderJob(j))
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"job_statuses": out})
	return nil
}

func (s *Server) listJobs(w http.ResponseWriter, r *http.Request, _ int64) *apiError {
	jobs := make([]*job, 0, len(s.st.jobs))
	for _, j := range s.st.jobs {
		jobs = append(jobs, j)
	}
	sort.Slice(jobs, func(a, b int) bool { return jobs[a].created.After(jobs[b].created) })
	out := []map[string]any{}
	for _, j := range jobs {
		out = append(out, s.renderJob(j))
	}
	writeJSON(w, http.StatusOK, map[string]any{"job_statuses": out})
	return nil
}

// failure is a job result for one item that failed.
func failure(index int, id int64, action string, err *apiError, code string) map[string]any {
	_, detail := err.code()
	out := map[string]any{"index": index, "action": action, "success": false, "error": code, "details": detail}
	if id != 0 {
		out["id"] = id
	}
	return out
}

// bulkTickets reads the {"tickets": [...]} body of a bulk create: at least one ticket, at most
// 100.
func bulkTickets(r *http.Request) ([]json.RawMessage, *apiError) {
	var body struct {
		Tickets []json.RawMessage `json:"tickets"`
	}
	if err := decodeBody(r, &body); err != nil {
		return nil, err
	}
	if len(body.Tickets) == 0 {
		return nil, errMissing("tickets")
	}
	if len(body.Tickets) > maxBulk {
		return nil, errTooManyValues("tickets")
	}
	return body.Tickets, nil
}

// createResults makes n tickets, the i-th with create(i), for a bulk create job: its results
// are [{index, id, account_id}], and for a ticket refused a failure with action and code.
func createResults(n int, action, code string, create func(i int) (*Ticket, *apiError)) []map[string]any {
	results := []map[string]any{}
	for i := range n {
		t, err := create(i)
		if err != nil {
			results = append(results, failure(i, 0, action, err, code))
			continue
		}
		results = append(results, map[string]any{"index": i, "id": t.ID, "account_id": accountID})
	}
	return results
}

// createMany serves POST tickets/create_many: each ticket is created as POST tickets would;
// results are [{index, id, account_id}], in no particular order, as Zendesk sends them.
func (s *Server) createMany(w http.ResponseWriter, r *http.Request, actor int64) *apiError {
	raws, err := bulkTickets(r)
	if err != nil {
		return err
	}
	inputs := make([]*ticketInput, len(raws))
	for i, raw := range raws {
		in, _, err := decodeTicket(raw)
		if err != nil {
			return err
		}
		inputs[i] = in
	}
	by := s.caller(r, actor)
	s.startJob(w, jobBulkCreate, len(inputs), func() any {
		results := createResults(len(inputs), "create", "TicketCreateFailed", func(i int) (*Ticket, *apiError) {
			t, _, err := s.st.createTicket(inputs[i], by, apiVia())
			return t, err
		})
		rand.Shuffle(len(results), func(a, b int) { results[a], results[b] = results[b], results[a] })
		return results
	})
	return nil
}

// accountID is the fake account's id, as create_many results carry it.
const accountID = 4815162342

// updateMany serves PUT tickets/update_many in both forms: ?ids= with one {ticket} for all,
// or {tickets: [{id, …}]} each with its own change.
func (s *Server) updateMany(w http.ResponseWriter, r *http.Request, actor int64) *apiError {
	var body struct {
		Ticket  json.RawMessage   `json:"ticket"`
		Tickets []json.RawMessage `json:"tickets"`
	}
	if err := decodeBody(r, &body); err != nil {
		return err
	}
	type item struct {
		id int64
		in *ticketInput
	}
	var items []item
	switch {
	case r.URL.Query().Has("ids"):
		list, err := ids(r, true)
		if err != nil {
			return err
		}
		if len(body.Ticket) == 0 {
			return errMissing("ticket")
		}
		in, _, err := decodeTicket(body.Ticket, "id")
		if err != nil {
			return err
		}
		for _, id := range list {
			items = append(items, item{id, in})
		}
	case len(body.Tickets) > 0:
		if len(body.Tickets) > maxBulk {
			return errTooManyValues("tickets")
		}
		for _, raw := range body.Tickets {
			in, _, err := decodeTicket(raw)
			if err != nil {
				return err
			}
			if !in.ID.has() {
				return errBadRequest("InvalidValue", "Each ticket of tickets needs its id")
			}
			items = append(items, item{in.ID.v, in})
		}
	default:
		return errMissing("ids")
	}
	by := s.caller(r, actor)
	s.startJob(w, jobBulkUpdate, len(items), func() any {
		results := []map[string]any{}
		for i, it := range items {
			_, _, err := s.st.updateTicket(it.id, it.in, by)
			if err != nil {
				results = append(results, failure(i, it.id, "update", err, failureCode(err, "TicketUpdateFailed")))
				continue
			}
			results = append(results, map[string]any{"id": it.id, "action": "update", "status": "Updated", "success": true})
		}
		return results
	})
	return nil
}

// failureCode names a failed item: TicketNotFound for a missing ticket, else code.
func failureCode(err *apiError, code string) string {
	if err.status == http.StatusNotFound {
		return "TicketNotFound"
	}
	return code
}

// eachID queues a job that does one thing to each of ?ids=.
func (s *Server) eachID(w http.ResponseWriter, r *http.Request, jobType, action, done string, do func(id int64)) *apiError {
	list, err := ids(r, true)
	if err != nil {
		return err
	}
	s.startJob(w, jobType, len(list), func() any {
		return idResults(list, action, done, func(id int64) bool {
			if _, ok := s.st.tickets[id]; !ok {
				return false
			}
			do(id)
			return true
		})
	})
	return nil
}

// idResults does one thing to each id, for a job: do reports false for an id that names no
// ticket, which fails as TicketNotFound; the others succeed with status done.
func idResults(list []int64, action, done string, do func(id int64) bool) []map[string]any {
	results := []map[string]any{}
	for i, id := range list {
		if !do(id) {
			results = append(results, failure(i, id, action, errNotFound(), "TicketNotFound"))
			continue
		}
		results = append(results, map[string]any{"id": id, "action": action, "status": done, "success": true})
	}
	return results
}

func (s *Server) markManyAsSpam(w http.ResponseWriter, r *http.Request, actor int64) *apiError {
	return s.eachID(w, r, jobBulkUpdate, "mark_as_spam", "Marked as spam", func(id int64) { s.st.markAsSpam(id, actor) })
}

func (s *Server) destroyMany(w http.ResponseWriter, r *http.Request, actor int64) *apiError {
	return s.eachID(w, r, jobBulkUpdate, "delete", "Deleted", func(id int64) { s.st.softDelete(id, actor) })
}

// merge serves POST tickets/{id}/merge: the sources are closed with the source comment, the
// target gets the target comment. Checks that can fail are made before the job is queued;
// the job's results are the object {"success": true}.
func (s *Server) merge(w http.ResponseWriter, r *http.Request, actor int64) *apiError {
	target, err := s.ticketOf(r)
	if err != nil {
		return err
	}
	var body struct {
		IDs                   []int64 `json:"ids"`
		TargetComment         string  `json:"target_comment"`
		SourceComment         string  `json:"source_comment"`
		TargetCommentIsPublic bool    `json:"target_comment_is_public"`
		SourceCommentIsPublic bool    `json:"source_comment_is_public"`
	}
	if err := decodeBody(r, &body); err != nil {
		return err
	}
	if len(body.IDs) == 0 {
		return errMissing("ids")
	}
	if len(body.IDs) > maxBulk {
		return errTooManyValues("ids")
	}
	d := details{}
	if target.Status == "closed" {
		d.add("base", fmt.Sprintf("Ticket %d is closed and cannot be merged into", target.ID), "InvalidValue")
	}
	for _, id := range body.IDs {
		src, ok := s.st.tickets[id]
		switch {
		case !ok:
			return errNotFound()
		case id == target.ID:
			d.add("ids", "A ticket cannot be merged into itself", "InvalidValue")
		case src.Status == "closed":
			d.add("ids", fmt.Sprintf("Ticket %d is closed and cannot be merged", id), "InvalidValue")
		}
	}
	if err := d.err(); err != nil {
		return err
	}
	by := s.caller(r, actor)
	targetID, sources := target.ID, slices.Clone(body.IDs)
	s.startJob(w, jobMerge, len(sources), func() any {
		target, ok := s.st.tickets[targetID]
		if !ok {
			return map[string]any{"success": false}
		}
		var merged []string
		for _, id := range sources {
			src, ok := s.st.tickets[id]
			if !ok || src.Status == "closed" {
				continue
			}
			merged = append(merged, fmt.Sprintf("#%d", id))
			comment := body.SourceComment
			if comment == "" {
				comment = fmt.Sprintf("This request was closed and merged into request #%d %q.", targetID, target.Subject)
			}
			before := *src
			src.Status = "closed"
			settle(src, &ticketInput{}, before.Status) // custom_status_id follows to solved's
			s.st.addComment(src, by, comment, body.SourceCommentIsPublic, fieldEvents(&before, src)...)
			s.st.lifecycle(src, "merged", by.id, map[string]any{"target_ticket_id": strconv.FormatInt(targetID, 10)})
		}
		comment := body.TargetComment
		if comment == "" {
			comment = fmt.Sprintf("Requests %s were closed and merged into this request.", strings.Join(merged, ", "))
		}
		s.st.addComment(target, by, comment, body.TargetCommentIsPublic)
		return map[string]any{"success": true}
	})
	return nil
}
