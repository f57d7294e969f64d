package zendesk

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/jarcoal/httpmock"
)

// fastWait polls jobs every millisecond or two.
var fastWait = &WaitOptions{MinInterval: time.Millisecond, MaxInterval: 2 * time.Millisecond}

// subjects returns n create requests with subjects "t0", "t1", …
func subjects(n int) []TicketRequest {
	out := make([]TicketRequest, n)
	for i := range out {
		out[i] = TicketRequest{Subject: Set("t" + strconv.Itoa(i)), Comment: &Comment{Body: "b"}}
	}
	return out
}

// bulkBody is what a create_many or update_many request carries.
type bulkBody struct {
	Tickets []struct {
		ID      int64  `json:"id"`
		Subject string `json:"subject"`
	} `json:"tickets"`
}

func readBulkBody(t *testing.T, raw []byte) bulkBody {
	t.Helper()
	var b bulkBody
	if err := json.Unmarshal(raw, &b); err != nil {
		t.Errorf("body: %v", err)
	}
	return b
}

// offsetOf reads the input position of a chunk from its first subject ("t100" → 100).
func offsetOf(b bulkBody) int {
	n, _ := strconv.Atoi(strings.TrimPrefix(b.Tickets[0].Subject, "t"))
	return n
}

// createJobs serves create_many by starting job "job-<offset>" and job_statuses by completing
// it, its results in reverse index order and ticket ids 1000 + input position. before, if set,
// runs at the start of each create_many request.
func createJobs(t *testing.T, mock *httpmock.MockTransport, before func(off int) (int, string)) *recorder {
	t.Helper()
	var mu sync.Mutex
	sizes := map[string]int{}
	rec := &recorder{}
	// Not on(): that helper drains the body before the responder could read it.
	mock.RegisterResponder("POST", testBase+"/api/v2/tickets/create_many.json", func(req *http.Request) (*http.Response, error) {
		raw, _ := io.ReadAll(req.Body)
		rec.mu.Lock()
		rec.reqs = append(rec.reqs, sent{Method: req.Method, URL: req.URL, Header: req.Header.Clone(), Body: raw})
		rec.mu.Unlock()
		b := readBulkBody(t, raw)
		off := offsetOf(b)
		if before != nil {
			if status, body := before(off); status != 0 {
				return httpmock.NewStringResponse(status, body), nil
			}
		}
		id := "job-" + strconv.Itoa(off)
		mu.Lock()
		sizes[id] = len(b.Tickets)
		mu.Unlock()
		return httpmock.NewStringResponse(200, `{"job_status":{"id":"`+id+`","status":"queued"}}`), nil
	})
	mock.RegisterRegexpResponder("GET", regexpJobStatus, func(req *http.Request) (*http.Response, error) {
		id := strings.TrimSuffix(strings.TrimPrefix(req.URL.Path, "/api/v2/job_statuses/"), ".json")
		off, _ := strconv.Atoi(strings.TrimPrefix(id, "job-"))
		mu.Lock()
		n := sizes[id]
		mu.Unlock()
		var results []string
		for i := n - 1; i >= 0; i-- {
			results = append(results, fmt.Sprintf(`{"index":%d,"id":%d,"account_id":1}`, i, 1000+off+i))
		}
		return httpmock.NewStringResponse(200, fmt.Sprintf(`{"job_status":{"id":%q,"status":"completed","total":%d,"progress":%d,"results":[%s]}}`,
			id, n, n, strings.Join(results, ","))), nil
	})
	return rec
}

var regexpJobStatus = regexp.MustCompile(`^https://acme\.zendesk\.com/api/v2/job_statuses/[^/]+\.json$`)

func TestCreateAllChunksInInputOrder(t *testing.T) {
	c, mock := setup(t)
	rec := createJobs(t, mock, nil)
	var progress [][2]int
	var mu sync.Mutex
	results, err := c.Tickets.CreateAll(context.Background(), subjects(250), &BulkOptions{
		Wait: fastWait,
		Progress: func(done, total int) {
			mu.Lock()
			progress = append(progress, [2]int{done, total})
			mu.Unlock()
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	// Three requests of 100, 100 and 50 tickets, each holding its part of the input in order.
	var sizes []int
	for _, s := range rec.all() {
		var b bulkBody
		if err := json.Unmarshal(s.Body, &b); err != nil {
			t.Fatal(err)
		}
		off := offsetOf(b)
		for i, tk := range b.Tickets {
			if want := "t" + strconv.Itoa(off+i); tk.Subject != want || tk.ID != 0 {
				t.Errorf("chunk at %d, ticket %d: subject %q id %d, want %q and no id", off, i, tk.Subject, tk.ID, want)
			}
		}
		sizes = append(sizes, len(b.Tickets))
	}
	if len(sizes) != 3 || sizes[0]+sizes[1]+sizes[2] != 250 || min(sizes[0], sizes[1], sizes[2]) != 50 {
		t.Errorf("create_many sizes %v, want 100, 100 and 50", sizes)
	}
	if len(results) != 250 {
		t.Fatalf("%d results, want 250", len(results))
	}
	for i, r := range results {
		if r.Index != i || r.ID != int64(1000+i) || !r.Success || r.Failed() {
			t.Fatalf("results[%d] = %+v, want index %d, id %d, success", i, r, i, 1000+i)
		}
	}
	if len(progress) != 3 || progress[2] != [2]int{250, 250} {
		t.Errorf("progress calls %v, want 3 ending at 250/250", progress)
	}
	for i := 1; i < len(progress); i++ {
		if progress[i][0] <= progress[i-1][0] {
			t.Errorf("progress went back: %v", progress)
		}
	}
}

// TestCreateAllConcurrencyBound: CreateAll keeps at most Concurrency jobs in flight, and
// reaches that many (two at least). It runs on synctest's clock: a job's 5 ms at the server end
// only when every other goroutine is blocked, so the others have caught up however the machine
// schedules them, and the peak does not depend on the machine's load.
func TestCreateAllConcurrencyBound(t *testing.T) {
	for _, conc := range []int{1, 2, 4} {
		t.Run(strconv.Itoa(conc), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				c, mock := setup(t)
				var g jobGauge
				createJobs(t, mock, g.submitted)
				wait := *fastWait
				_, err := c.Tickets.CreateAll(context.Background(), subjects(1000), &BulkOptions{Concurrency: conc, Wait: &wait, Progress: g.done})
				if err != nil {
					t.Fatal(err)
				}
				if p := g.peak.Load(); p > int32(conc) || p < int32(min(conc, 2)) {
					t.Errorf("peak of %d jobs in flight, want at most (and here reaching) %d", p, conc)
				}
			})
		})
	}
}

// jobGauge counts the jobs in flight, each from its submission until CreateAll reports its
// wait ended (through Progress), and keeps the peak.
type jobGauge struct{ inFlight, peak atomic.Int32 }

// submitted answers a job's submission (for createJobs): one job more in flight, then 5 ms
// to let the others catch up.
func (g *jobGauge) submitted(int) (int, string) {
	n := g.inFlight.Add(1)
	for p := g.peak.Load(); n > p && !g.peak.CompareAndSwap(p, n); p = g.peak.Load() {
	}
	time.Sleep(5 * time.Millisecond)
	return 0, ""
}

// done is CreateAll's Progress: a job's wait ended.
func (g *jobGauge) done(int, int) { g.inFlight.Add(-1) }

// TestCreateAllDefaultConcurrency: without Concurrency, CreateAll keeps at most
// defaultBulkConcurrency jobs in flight. It runs on synctest's clock, like the test above.
func TestCreateAllDefaultConcurrency(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mock := setup(t)
		var g jobGauge
		createJobs(t, mock, g.submitted)
		if _, err := c.Tickets.CreateAll(context.Background(), subjects(1000), &BulkOptions{Wait: fastWait, Progress: g.done}); err != nil {
			t.Fatal(err)
		}
		if p := g.peak.Load(); p > defaultBulkConcurrency {
			t.Errorf("peak of %d jobs in flight, want at most %d", p, defaultBulkConcurrency)
		}
	})
}

func TestCreateAllFailedChunkKeepsTheOthers(t *testing.T) {
	c, mock := setup(t)
	createJobs(t, mock, func(off int) (int, string) {
		if off == 100 {
			return 422, `{"error":"RecordInvalid","description":"Record validation errors"}`
		}
		return 0, ""
	})
	results, err := c.Tickets.CreateAll(context.Background(), subjects(250), &BulkOptions{Wait: fastWait})
	if !errors.Is(err, ErrInvalid) {
		t.Fatalf("err = %v, want ErrInvalid", err)
	}
	if !strings.Contains(err.Error(), "tickets 100 to 199") {
		t.Errorf("err = %q, want it to name tickets 100 to 199", err)
	}
	if len(results) != 250 {
		t.Fatalf("%d results", len(results))
	}
	for i, r := range results {
		failed := i >= 100 && i < 200
		if r.Index != i || r.Failed() != failed || r.Success == failed || (failed && (r.ID != 0 || r.Error == "")) || (!failed && r.ID != int64(1000+i)) {
			t.Fatalf("results[%d] = %+v (failed chunk: %t)", i, r, failed)
		}
	}
}

func TestCreateAllFailedJob(t *testing.T) {
	c, mock := setup(t)
	on(t, mock, "POST", "/api/v2/tickets/create_many.json", respond(200, `{"job_status":{"id":"j1","status":"queued"}}`))
	on(t, mock, "GET", "/api/v2/job_statuses/j1.json", respond(200,
		`{"job_status":{"id":"j1","status":"failed","message":"boom","results":[{"index":1,"id":77}]}}`))
	results, err := c.Tickets.CreateAll(context.Background(), subjects(3), &BulkOptions{Wait: fastWait})
	if !errors.Is(err, ErrJobFailed) {
		t.Fatalf("err = %v, want ErrJobFailed", err)
	}
	// The one ticket the failed job reports as created keeps its result.
	if results[1].ID != 77 || results[0].Error == "" || results[2].Error == "" || results[0].Success {
		t.Errorf("results = %+v", results)
	}
}

func TestCreateAllMissingResults(t *testing.T) {
	c, mock := setup(t)
	on(t, mock, "POST", "/api/v2/tickets/create_many.json", respond(200, `{"job_status":{"id":"j1","status":"queued"}}`))
	on(t, mock, "GET", "/api/v2/job_statuses/j1.json", respond(200,
		`{"job_status":{"id":"j1","status":"completed","results":[{"index":0,"id":70},{"index":2,"error":"InvalidValue","details":"bad"}]}}`))
	results, err := c.Tickets.CreateAll(context.Background(), subjects(3), &BulkOptions{Wait: fastWait})
	if err != nil {
		t.Fatal(err)
	}
	if !results[0].Success || results[0].ID != 70 {
		t.Errorf("results[0] = %+v", results[0])
	}
	if !results[1].Failed() || !strings.Contains(results[1].Error, "no entry") {
		t.Errorf("results[1] = %+v, want a failure saying the job had no result for it", results[1])
	}
	if !results[2].Failed() || results[2].Error != "InvalidValue" || results[2].Index != 2 {
		t.Errorf("results[2] = %+v", results[2])
	}
}

func TestCreateAllStopsOnCancel(t *testing.T) {
	c, mock := setup(t)
	rec := createJobs(t, mock, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	results, err := c.Tickets.CreateAll(ctx, subjects(500), &BulkOptions{Concurrency: 1, Wait: fastWait,
		Progress: func(done, _ int) {
			if done == 100 {
				cancel()
			}
		}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if n := rec.count(); n != 1 {
		t.Errorf("%d create_many calls after cancelling in the first one's progress, want 1", n)
	}
	if results[99].ID != 1099 || results[100].Error == "" || results[499].Error == "" || results[499].Index != 499 {
		t.Errorf("results[99], [100], [499] = %+v, %+v, %+v", results[99], results[100], results[499])
	}
}

func TestUpdateAllPairsByID(t *testing.T) {
	c, mock := setup(t)
	var calls atomic.Int32
	mock.RegisterResponder("PUT", testBase+"/api/v2/tickets/update_many.json", func(req *http.Request) (*http.Response, error) {
		raw, _ := io.ReadAll(req.Body)
		b := readBulkBody(t, raw)
		id := fmt.Sprintf("u%d", calls.Add(1))
		// Results by id, in reverse order; every third one failed.
		var results []string
		for i := len(b.Tickets) - 1; i >= 0; i-- {
			tid := b.Tickets[i].ID
			if tid%3 == 0 {
				results = append(results, fmt.Sprintf(`{"id":%d,"action":"update","status":"Failed","success":false,"error":"TicketUpdateFailed"}`, tid))
			} else {
				results = append(results, fmt.Sprintf(`{"id":%d,"action":"update","status":"Updated","success":true}`, tid))
			}
		}
		mock.RegisterResponder("GET", testBase+"/api/v2/job_statuses/"+id+".json",
			respond(200, `{"job_status":{"id":"`+id+`","status":"completed","results":[`+strings.Join(results, ",")+`]}}`))
		return httpmock.NewStringResponse(200, `{"job_status":{"id":"`+id+`","status":"queued"}}`), nil
	})
	in := make([]TicketRequest, 150)
	for i := range in {
		in[i] = TicketRequest{ID: int64(5000 + i), Status: Set(StatusSolved)}
	}
	results, err := c.Tickets.UpdateAll(context.Background(), in, &BulkOptions{Concurrency: 1, Wait: fastWait})
	if err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 2 {
		t.Errorf("%d update_many calls, want 2", calls.Load())
	}
	for i, r := range results {
		id := int64(5000 + i)
		if r.Index != i || r.ID != id || r.Failed() != (id%3 == 0) {
			t.Fatalf("results[%d] = %+v, want id %d", i, r, id)
		}
	}
}

func TestUpdateAllBody(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "PUT", "/api/v2/tickets/update_many.json", respond(200, `{"job_status":{"id":"u1","status":"queued"}}`))
	on(t, mock, "GET", "/api/v2/job_statuses/u1.json", respond(200,
		`{"job_status":{"id":"u1","status":"completed","results":[{"action":"update","success":true,"status":"Updated"},{"action":"update","success":true,"status":"Updated"}]}}`))
	results, err := c.Tickets.UpdateAll(context.Background(), []TicketRequest{
		{ID: 7, Status: Set(StatusOpen)}, {ID: 8, AssigneeID: Null[int64]()},
	}, &BulkOptions{Wait: fastWait})
	if err != nil {
		t.Fatal(err)
	}
	s := rec.last(t)
	wantJSON(t, s.Body, `{"tickets":[{"id":7,"status":"open"},{"id":8,"assignee_id":null}]}`)
	wantQuery(t, s.URL, "")
	// Results without ids are paired by position.
	if len(results) != 2 || !results[0].Success || !results[1].Success || results[1].Index != 1 {
		t.Errorf("results = %+v", results)
	}
}

func TestBulkRefusesBadInput(t *testing.T) {
	tests := []struct {
		name string
		call func(*Client) ([]JobResult, error)
	}{
		{"CreateAll nil", func(c *Client) ([]JobResult, error) { return c.Tickets.CreateAll(context.Background(), nil, nil) }},
		{"UpdateAll empty", func(c *Client) ([]JobResult, error) {
			return c.Tickets.UpdateAll(context.Background(), []TicketRequest{}, nil)
		}},
		{"UpdateAll entry without ID", func(c *Client) ([]JobResult, error) {
			return c.Tickets.UpdateAll(context.Background(), []TicketRequest{{ID: 1}, {Subject: Set("x")}}, nil)
		}},
		{"Concurrency over 30", func(c *Client) ([]JobResult, error) {
			return c.Tickets.CreateAll(context.Background(), subjects(1), &BulkOptions{Concurrency: 31})
		}},
		{"negative Concurrency", func(c *Client) ([]JobResult, error) {
			return c.Tickets.CreateAll(context.Background(), subjects(1), &BulkOptions{Concurrency: -1})
		}},
		{"bad wait options", func(c *Client) ([]JobResult, error) {
			return c.Tickets.CreateAll(context.Background(), subjects(1), &BulkOptions{Wait: &WaitOptions{MinInterval: -1}})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mock := setup(t)
			results, err := tt.call(c)
			if !errors.Is(err, ErrInvalid) || results != nil {
				t.Errorf("results, err = %v, %v; want nil, ErrInvalid", results, err)
			}
			if n := mock.GetTotalCallCount(); n != 0 {
				t.Errorf("%d requests sent", n)
			}
		})
	}
}

// TestCreateAllCancelledKeepsJobIDs (issue 12, item 13): when ctx ends while a chunk's job is
// still running, that chunk's entries carry the context's error and the job's id, so the
// caller can look the job up; done chunks carry theirs too, and chunks never sent none.
func TestCreateAllCancelledKeepsJobIDs(t *testing.T) {
	c, mock := setup(t)
	mock.RegisterResponder("POST", testBase+"/api/v2/tickets/create_many.json", func(req *http.Request) (*http.Response, error) {
		raw, _ := io.ReadAll(req.Body)
		off := offsetOf(readBulkBody(t, raw))
		return httpmock.NewStringResponse(200, fmt.Sprintf(`{"job_status":{"id":"job-%d","status":"queued"}}`, off)), nil
	})
	// job-0 ends only once job-100 was polled: the client then holds job-100's id, whichever
	// goroutine the machine runs first. (Ending it when job-100's submission reached the server
	// let the cancel come before the client read the submission's answer.)
	secondPolled := make(chan struct{})
	var once sync.Once
	mock.RegisterRegexpResponder("GET", regexpJobStatus, func(req *http.Request) (*http.Response, error) {
		if strings.Contains(req.URL.Path, "job-100") {
			once.Do(func() { close(secondPolled) })
			return httpmock.NewStringResponse(200, `{"job_status":{"id":"job-100","status":"working"}}`), nil
		}
		<-secondPolled
		var results []string
		for i := range 100 {
			results = append(results, fmt.Sprintf(`{"index":%d,"id":%d}`, i, 1000+i))
		}
		return httpmock.NewStringResponse(200, `{"job_status":{"id":"job-0","status":"completed","results":[`+strings.Join(results, ",")+`]}}`), nil
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	results, err := c.Tickets.CreateAll(ctx, subjects(300), &BulkOptions{Concurrency: 2, Wait: fastWait,
		Progress: func(done, _ int) {
			if done == 100 {
				cancel()
			}
		}})
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "job-100") {
		t.Fatalf("err = %v, want context.Canceled naming job-100", err)
	}
	if r := results[0]; r.JobID != "job-0" || r.ID != 1000 || !r.Success {
		t.Errorf("results[0] = %+v, want ticket 1000 of job-0", r)
	}
	if r := results[150]; r.JobID != "job-100" || r.Error == "" || r.Index != 150 {
		t.Errorf("results[150] = %+v, want the context's error and job-100", r)
	}
	if r := results[250]; r.JobID != "" || r.Error == "" {
		t.Errorf("results[250] = %+v, want the context's error and no job", r)
	}
}
