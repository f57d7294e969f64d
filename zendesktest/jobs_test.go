package zendesktest

import (
	"encoding/json"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
)

func results(t *testing.T, j jobStatus) []map[string]any {
	t.Helper()
	var out []map[string]any
	if err := json.Unmarshal(j.Results, &out); err != nil {
		t.Fatalf("results %s: %v", j.Results, err)
	}
	return out
}

func idList(ids ...int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = itoa(id)
	}
	return strings.Join(s, ",")
}

func TestCreateMany_QueuedThenCompletedWithResults(t *testing.T) {
	t.Parallel()
	// No ticket may exist until the job ran: 500 ms is the room a loaded machine gets for the
	// check below (on the real clock, over real HTTP).
	s := newServer(t, WithJobDuration(500*time.Millisecond))
	j := queued(t, send(t, s, "POST", "/api/v2/tickets/create_many.json", obj{"tickets": []any{
		obj{"subject": "one", "comment": obj{"body": "1"}},
		obj{"subject": "two", "comment": obj{"body": "2"}},
		obj{"subject": "bad", "comment": obj{"body": "3"}, "status": "solved"},
	}}))
	if j.JobType == "" || j.URL != s.URL+"/api/v2/job_statuses/"+j.ID+".json" || j.Total == nil || *j.Total != 3 {
		t.Errorf("job %+v", j)
	}
	if s.TicketsCreated() != 0 {
		t.Error("tickets created before the job ran")
	}
	done := waitJob(t, s, j.ID)
	if done.Progress == nil || *done.Progress != 3 || done.Message == nil {
		t.Errorf("completed job %+v", done)
	}
	res := results(t, done)
	sort.Slice(res, func(a, b int) bool { return res[a]["index"].(float64) < res[b]["index"].(float64) })
	if len(res) != 3 || res[0]["id"] == nil || res[0]["account_id"] == nil || res[2]["error"] == nil || res[2]["details"] == "" {
		t.Fatalf("results %v", res)
	}
	tk, ok := s.Ticket(int64(res[1]["id"].(float64)))
	if !ok || tk.Subject != "two" {
		t.Errorf("ticket of index 1: %+v", tk)
	}
	if s.TicketsCreated() != 2 {
		t.Errorf("%d tickets created", s.TicketsCreated())
	}
}

func TestJob_WorkingWhileRunning(t *testing.T) {
	t.Parallel()
	// A job works in the second half of its duration: the poll comes after the first half
	// (the sleep cannot be shorter), and must come before the end, on the real clock (over real
	// HTTP). 2 s gives a loaded machine a second of room for it.
	const duration = 2 * time.Second
	s := newServer(t, WithJobDuration(duration))
	j := queued(t, send(t, s, "POST", "/api/v2/tickets/create_many.json",
		obj{"tickets": []any{obj{"comment": obj{"body": "1"}}}}))
	time.Sleep(duration / 2)
	var out struct {
		JobStatus jobStatus `json:"job_status"`
	}
	send(t, s, "GET", "/api/v2/job_statuses/"+j.ID, nil).want(t, http.StatusOK).decode(t, &out)
	if out.JobStatus.Status != "working" {
		t.Errorf("status %q, want working", out.JobStatus.Status)
	}
	waitJob(t, s, j.ID)
}

func TestJobStatuses_ShowManyAndUnknown404(t *testing.T) {
	s := newServer(t)
	j1 := queued(t, send(t, s, "POST", "/api/v2/tickets/create_many.json", obj{"tickets": []any{obj{"comment": obj{"body": "1"}}}}))
	j2 := queued(t, send(t, s, "POST", "/api/v2/tickets/create_many.json", obj{"tickets": []any{obj{"comment": obj{"body": "2"}}}}))
	var out struct {
		JobStatuses []jobStatus `json:"job_statuses"`
	}
	send(t, s, "GET", "/api/v2/job_statuses/show_many.json?ids="+j1.ID+","+j2.ID+",V3-nope", nil).
		want(t, http.StatusOK).decode(t, &out)
	if len(out.JobStatuses) != 2 {
		t.Errorf("job_statuses %+v", out.JobStatuses)
	}
	wantError(t, send(t, s, "GET", "/api/v2/job_statuses/V3-nope.json", nil), http.StatusNotFound, "RecordNotFound")
}

func TestUpdateMany_SameChangeByIDs(t *testing.T) {
	s := newServer(t)
	a, _ := create(t, s, obj{})
	b, _ := create(t, s, obj{})
	j := queued(t, send(t, s, "PUT", "/api/v2/tickets/update_many.json?ids="+idList(a.ID, b.ID, 999),
		obj{"ticket": obj{"priority": "high", "tags": []string{"bulk"}}}))
	res := results(t, waitJob(t, s, j.ID))
	if len(res) != 3 {
		t.Fatalf("results %v", res)
	}
	for _, r := range res[:2] {
		if r["action"] != "update" || r["status"] != "Updated" || r["success"] != true {
			t.Errorf("result %v", r)
		}
	}
	if r := res[2]; r["success"] != false || r["error"] != "TicketNotFound" || r["id"] != float64(999) || r["index"] != float64(2) {
		t.Errorf("failure %v", r)
	}
	for _, id := range []int64{a.ID, b.ID} {
		if got, _ := s.Ticket(id); got.Priority == nil || *got.Priority != "high" || !slices.Equal(got.Tags, []string{"bulk"}) {
			t.Errorf("ticket %d: %+v", id, got)
		}
	}
}

func TestUpdateMany_EachItsOwn(t *testing.T) {
	s := newServer(t)
	a, _ := create(t, s, obj{})
	b, _ := create(t, s, obj{})
	j := queued(t, send(t, s, "PUT", "/api/v2/tickets/update_many.json", obj{"tickets": []any{
		obj{"id": a.ID, "status": "pending"},
		obj{"id": b.ID, "status": "solved"}, // no assignee: fails
	}}))
	res := results(t, waitJob(t, s, j.ID))
	if res[0]["success"] != true || res[1]["success"] != false || res[1]["error"] != "TicketUpdateFailed" ||
		!strings.Contains(res[1]["details"].(string), "assignee") {
		t.Errorf("results %v", res)
	}
	if got, _ := s.Ticket(a.ID); got.Status != "pending" {
		t.Errorf("a status %q", got.Status)
	}
	if got, _ := s.Ticket(b.ID); got.Status != "new" { // unchanged: created unassigned
		t.Errorf("b status %q", got.Status)
	}
	wantError(t, send(t, s, "PUT", "/api/v2/tickets/update_many.json", obj{"tickets": []any{obj{"status": "open"}}}),
		http.StatusBadRequest, "InvalidValue")
}

func TestMarkManyAsSpam(t *testing.T) {
	s := newServer(t)
	a, _ := create(t, s, obj{"requester": "spam1@example.org"})
	b, _ := create(t, s, obj{"requester": "spam2@example.org"})
	j := queued(t, send(t, s, "PUT", "/api/v2/tickets/mark_many_as_spam.json?ids="+idList(a.ID, b.ID), obj{}))
	res := results(t, waitJob(t, s, j.ID))
	if len(res) != 2 || res[0]["success"] != true {
		t.Errorf("results %v", res)
	}
	if s.TicketCount() != 0 {
		t.Errorf("%d tickets left", s.TicketCount())
	}
	if u, _ := s.UserByEmail("spam2@example.org"); !u.Suspended {
		t.Error("requester not suspended")
	}
}

func TestDestroyMany(t *testing.T) {
	s := newServer(t)
	a, _ := create(t, s, obj{})
	b, _ := create(t, s, obj{})
	keep, _ := create(t, s, obj{})
	j := queued(t, send(t, s, "DELETE", "/api/v2/tickets/destroy_many.json?ids="+idList(a.ID, b.ID), nil))
	waitJob(t, s, j.ID)
	if _, ok := s.Ticket(a.ID); ok {
		t.Error("a still there")
	}
	if _, ok := s.Ticket(keep.ID); !ok || s.TicketCount() != 1 {
		t.Error("wrong tickets deleted")
	}
	wantError(t, send(t, s, "DELETE", "/api/v2/tickets/destroy_many.json", nil), http.StatusBadRequest, "ParameterMissing")
}

func TestMerge_ClosesSourcesWithCommentsAndCommentsTarget(t *testing.T) {
	s := newServer(t)
	target, _ := create(t, s, obj{"subject": "Target"})
	s1, _ := create(t, s, obj{"subject": "Source 1"})
	s2, _ := create(t, s, obj{"subject": "Source 2"})
	j := queued(t, send(t, s, "POST", tpath(target.ID, "/merge.json"), obj{
		"ids": []int64{s1.ID, s2.ID}, "target_comment": "Combining with #2, #3", "source_comment": "Closing in favor of #1",
	}))
	done := waitJob(t, s, j.ID)
	var res map[string]any
	if err := json.Unmarshal(done.Results, &res); err != nil || res["success"] != true {
		t.Errorf("results %s", done.Results)
	}
	for _, id := range []int64{s1.ID, s2.ID} {
		src, _ := s.Ticket(id)
		audits := s.Audits(id)
		last := audits[len(audits)-1].Events[0]
		if src.Status != "closed" || last["body"] != "Closing in favor of #1" || last["public"] != false {
			t.Errorf("source %d: status %q, last comment %v", id, src.Status, last)
		}
	}
	audits := s.Audits(target.ID)
	if last := audits[len(audits)-1].Events[0]; last["body"] != "Combining with #2, #3" {
		t.Errorf("target comment %v", last)
	}
	if got, _ := s.Ticket(target.ID); got.Status == "closed" {
		t.Error("target closed")
	}
	// A closed source cannot be merged again.
	a := send(t, s, "POST", tpath(target.ID, "/merge.json"), obj{"ids": []int64{s1.ID}})
	wantError(t, a, http.StatusUnprocessableEntity, "RecordInvalid")
	wantError(t, send(t, s, "POST", tpath(999, "/merge.json"), obj{"ids": []int64{s2.ID}}), http.StatusNotFound, "RecordNotFound")
}

func TestBulk_MoreThan100Is400TooManyValues(t *testing.T) {
	s := newServer(t)
	target, _ := create(t, s, obj{})
	ids := make([]int64, 101)
	tickets := make([]any, 101)
	for i := range ids {
		ids[i] = int64(i + 1)
		tickets[i] = obj{"id": i + 1, "comment": obj{"body": "x"}}
	}
	for _, a := range []answer{
		send(t, s, "GET", "/api/v2/tickets/show_many.json?ids="+idList(ids...), nil),
		send(t, s, "POST", "/api/v2/tickets/create_many.json", obj{"tickets": tickets}),
		send(t, s, "PUT", "/api/v2/tickets/update_many.json?ids="+idList(ids...), obj{"ticket": obj{"status": "open"}}),
		send(t, s, "PUT", "/api/v2/tickets/update_many.json", obj{"tickets": tickets}),
		send(t, s, "PUT", "/api/v2/tickets/mark_many_as_spam.json?ids="+idList(ids...), obj{}),
		send(t, s, "DELETE", "/api/v2/tickets/destroy_many.json?ids="+idList(ids...), nil),
		send(t, s, "POST", tpath(target.ID, "/merge.json"), obj{"ids": ids}),
	} {
		m := wantError(t, a, http.StatusBadRequest, "TooManyValues")
		if m["max_count"] != float64(100) || m["description"] == "" {
			t.Errorf("body %v", m)
		}
	}
	// Exactly 100 is fine.
	send(t, s, "GET", "/api/v2/tickets/show_many.json?ids="+idList(ids[:100]...), nil).want(t, http.StatusOK)
}
