package zendesk

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/jarcoal/httpmock"
)

const (
	createJobID = "V3-8b6f2c5e1d0a4f7b9c3e2a1d5f6b7c8d" // job_status_{queued,working,completed_create}.json
	failedJobID = "V3-e7a2b9c4d1f0483e95a6b7c8d9e0f1a2" // job_status_failed.json
	killedJobID = "V3-9a8b7c6d5e4f40312a1b2c3d4e5f6a7b" // job_status_killed.json
)

// fast polls every millisecond or two, so Wait tests take milliseconds, not seconds.
var fast = &WaitOptions{MinInterval: time.Millisecond, MaxInterval: 2 * time.Millisecond, NotFoundGrace: time.Minute}

var notFound = respond(404, `{"error":"RecordNotFound","description":"Not found"}`)

func jobPath(id string) string { return "/api/v2/job_statuses/" + id + ".json" }

func TestJobStatusesGet(t *testing.T) {
	tests := []struct {
		fixture string
		id      string
		status  JobState
		total   int
		results int
	}{
		{"job_status_queued.json", createJobID, JobQueued, 0, 0},
		{"job_status_working.json", createJobID, JobWorking, 3, 1},
		{"job_status_completed_create.json", createJobID, JobCompleted, 3, 3},
		{"job_status_failed.json", failedJobID, JobFailed, 3, 4},
		{"job_status_killed.json", killedJobID, JobKilled, 50, 0},
		{"job_status_results_object.json", "V3-0f1e2d3c4b5a69788796a5b4c3d2e1f0", JobCompleted, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			c, mock := setup(t)
			rec := on(t, mock, "GET", jobPath(tt.id), respondFixture(t, 200, tt.fixture))
			js, err := c.JobStatuses.Get(context.Background(), tt.id)
			if err != nil {
				t.Fatal(err)
			}
			req := rec.last(t)
			wantQuery(t, req.URL, "")
			if len(req.Body) != 0 {
				t.Errorf("GET with body %q", req.Body)
			}
			var want struct {
				JobStatus JobStatus `json:"job_status"`
			}
			if err := json.Unmarshal(fixture(t, tt.fixture), &want); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(*js, want.JobStatus) {
				t.Errorf("got %+v\nwant %+v", *js, want.JobStatus)
			}
			if js.ID != tt.id || js.Status != tt.status || js.Total != tt.total || len(js.Results) != tt.results {
				t.Errorf("got id %q status %q total %d, %d results", js.ID, js.Status, js.Total, len(js.Results))
			}
		})
	}
}

func TestJobStatusesGetErrors(t *testing.T) {
	t.Run("not found", func(t *testing.T) {
		c, mock := setup(t)
		on(t, mock, "GET", jobPath("V3-gone"), notFound)
		js, err := c.JobStatuses.Get(context.Background(), "V3-gone")
		if !errors.Is(err, ErrNotFound) || js != nil {
			t.Errorf("got %+v, %v; want nil and ErrNotFound", js, err)
		}
	})
	for _, body := range []string{`{}`, ``, `{"job_status":null}`} {
		t.Run("200 without job_status "+body, func(t *testing.T) {
			c, mock := setup(t)
			on(t, mock, "GET", jobPath("V3-x"), respond(200, body))
			js, err := c.JobStatuses.Get(context.Background(), "V3-x")
			var de *DecodeError
			if !errors.As(err, &de) || js != nil || de.Path != jobPath("V3-x") || de.StatusCode != 200 {
				t.Errorf("got %+v, %v; want nil and a *DecodeError", js, err)
			}
		})
	}
}

// badJobIDs cannot be job status ids; each must be refused before anything is sent.
var badJobIDs = []string{
	"", "../tickets/1", "..", "a/b", `a\b`, "a?b=1", "a#b", "a,b", "a b", " V3-x", "V3-x\n", "%2e%2e",
	"a.json", "ü", strings.Repeat("a", 129),
}

func TestJobStatusesRefuseBadIDs(t *testing.T) {
	for _, id := range badJobIDs {
		calls := map[string]func(c *Client) error{
			"Get": func(c *Client) error { _, err := c.JobStatuses.Get(context.Background(), id); return err },
			"GetMany": func(c *Client) error {
				_, err := c.JobStatuses.GetMany(context.Background(), []string{"V3-ok", id})
				return err
			},
			"Wait": func(c *Client) error { _, err := c.JobStatuses.Wait(context.Background(), id); return err },
		}
		for name, call := range calls {
			c, mock := setup(t)
			if err := call(c); !errors.Is(err, ErrInvalid) {
				t.Errorf("%s(%q): err = %v, want ErrInvalid", name, id, err)
			}
			if n := mock.GetTotalCallCount(); n != 0 {
				t.Errorf("%s(%q) sent %d requests", name, id, n)
			}
		}
	}
}

func TestJobStatusesGetMany(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", "/api/v2/job_statuses/show_many.json", respondFixture(t, 200, "job_statuses.json"))
	// Asked in another order than the server answers (queued, working, completed).
	ids := []string{"V3-c41e9a07f2b84d1e8a6f3b5c7d9e0f12", createJobID, "V3-5d4c3b2a1f0e49d8c7b6a5f4e3d2c1b0"}
	got, err := c.JobStatuses.GetMany(context.Background(), ids)
	if err != nil {
		t.Fatal(err)
	}
	req := rec.last(t)
	if want := "ids=" + strings.Join(ids, ","); req.URL.RawQuery != want {
		t.Errorf("query = %q, want %q", req.URL.RawQuery, want)
	}
	if len(req.Body) != 0 {
		t.Errorf("GET with body %q", req.Body)
	}
	var states []JobState
	var gotIDs []string
	for _, js := range got {
		states, gotIDs = append(states, js.Status), append(gotIDs, js.ID)
	}
	if !reflect.DeepEqual(gotIDs, ids) {
		t.Errorf("ids = %v, want %v", gotIDs, ids)
	}
	if want := []JobState{JobCompleted, JobQueued, JobWorking}; !reflect.DeepEqual(states, want) {
		t.Errorf("states = %v, want %v", states, want)
	}
	if w := got[2]; w.Total != 4 || w.Progress != 1 || len(w.Results) != 1 || w.Results[0].Action != "delete" || w.JobType != "Bulk Update Ticket" {
		t.Errorf("working job = %+v", w)
	}
}

// answerShowMany answers show_many with a queued status for each asked id, in reverse order,
// leaving out the ids that start with "gone".
func answerShowMany(req *http.Request) (*http.Response, error) {
	ids := strings.Split(req.URL.Query().Get("ids"), ",")
	var list []map[string]any
	for i := len(ids) - 1; i >= 0; i-- {
		if !strings.HasPrefix(ids[i], "gone") {
			list = append(list, map[string]any{"id": ids[i], "status": "queued", "results": nil})
		}
	}
	return httpmock.NewJsonResponse(200, map[string]any{"job_statuses": list})
}

func TestJobStatusesGetManySplitsAndKeepsOrder(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", "/api/v2/job_statuses/show_many.json", answerShowMany)
	ids := make([]string, 150)
	for i := range ids {
		ids[i] = fmt.Sprintf("V3-%03d", i)
	}
	got, err := c.JobStatuses.GetMany(context.Background(), ids)
	if err != nil {
		t.Fatal(err)
	}
	reqs := rec.all()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2", len(reqs))
	}
	for i, want := range [][]string{ids[:100], ids[100:]} {
		if q := reqs[i].URL.RawQuery; q != "ids="+strings.Join(want, ",") {
			t.Errorf("request %d: query %.60q…, want %d ids from %s", i, q, len(want), want[0])
		}
	}
	if len(got) != len(ids) {
		t.Fatalf("%d statuses, want %d", len(got), len(ids))
	}
	for i, js := range got {
		if js.ID != ids[i] {
			t.Fatalf("status %d is %q, want %q", i, js.ID, ids[i])
		}
	}
}

func TestJobStatusesGetManyLeavesOutUnknownJobs(t *testing.T) {
	c, mock := setup(t)
	on(t, mock, "GET", "/api/v2/job_statuses/show_many.json", answerShowMany)
	got, err := c.JobStatuses.GetMany(context.Background(), []string{"V3-a", "gone1", "V3-b"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != "V3-a" || got[1].ID != "V3-b" {
		t.Errorf("got %+v, want V3-a and V3-b", got)
	}
}

func TestJobStatusesGetManyRefused(t *testing.T) {
	for _, ids := range [][]string{nil, {}} {
		c, mock := setup(t)
		if _, err := c.JobStatuses.GetMany(context.Background(), ids); !errors.Is(err, ErrInvalid) {
			t.Errorf("GetMany(%#v): err = %v, want ErrInvalid", ids, err)
		}
		if n := mock.GetTotalCallCount(); n != 0 {
			t.Errorf("GetMany(%#v) sent %d requests", ids, n)
		}
	}
}

func TestJobStatusesGetManyError(t *testing.T) {
	c, mock := setup(t, WithRetryMax(0))
	ids := make([]string, 120)
	for i := range ids {
		ids[i] = fmt.Sprintf("V3-%d", i)
	}
	rec := on(t, mock, "GET", "/api/v2/job_statuses/show_many.json", answerShowMany, respond(500, `{"error":"InternalError"}`))
	got, err := c.JobStatuses.GetMany(context.Background(), ids)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 500 || got != nil || rec.count() != 2 {
		t.Errorf("got %d statuses, %v after %d requests; want the 500 after the second", len(got), err, rec.count())
	}
}

func TestJobStatusesWait(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", jobPath(createJobID),
		respondFixture(t, 200, "job_status_queued.json"),
		respondFixture(t, 200, "job_status_working.json"),
		respondFixture(t, 200, "job_status_completed_create.json"))
	js, err := c.JobStatuses.WaitWith(context.Background(), createJobID, fast)
	if err != nil {
		t.Fatal(err)
	}
	if js.Status != JobCompleted || len(js.Results) != 3 || js.ResultsByIndex()[0].ID != 35441 {
		t.Errorf("job = %+v", js)
	}
	if rec.count() != 3 {
		t.Errorf("%d polls, want 3", rec.count())
	}
	for _, r := range rec.all() {
		if r.Method != "GET" || r.URL.Path != jobPath(createJobID) {
			t.Errorf("polled %s %s", r.Method, r.URL.Path)
		}
	}
}

// A job that is done at the first poll returns at once, without waiting the default second.
// It runs on synctest's clock, so "at once" is exact however busy the machine.
func TestJobStatusesWaitAlreadyDone(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mock := setup(t)
		rec := on(t, mock, "GET", jobPath(createJobID), respondFixture(t, 200, "job_status_completed_create.json"))
		start := time.Now()
		js, err := c.JobStatuses.Wait(context.Background(), createJobID)
		if err != nil || js.Status != JobCompleted || rec.count() != 1 {
			t.Fatalf("got %+v, %v after %d polls", js, err, rec.count())
		}
		if d := time.Since(start); d > 500*time.Millisecond {
			t.Errorf("took %s", d)
		}
	})
}

func TestJobStatusesWaitEndsFailed(t *testing.T) {
	tests := []struct {
		fixture, id string
		status      JobState
		inError     []string
	}{
		{"job_status_failed.json", failedJobID, JobFailed,
			[]string{failedJobID, "failed", "Failed at 2026-03-05 08:45:19 +0000", "failed results: 3", "TicketUpdateFailed"}},
		{"job_status_killed.json", killedJobID, JobKilled,
			[]string{killedJobID, "killed", "Killed after running too long"}},
	}
	for _, tt := range tests {
		t.Run(string(tt.status), func(t *testing.T) {
			c, mock := setup(t)
			rec := on(t, mock, "GET", jobPath(tt.id), respond(200, `{"job_status":{"id":"`+tt.id+`","status":"working"}}`),
				respondFixture(t, 200, tt.fixture))
			js, err := c.JobStatuses.WaitWith(context.Background(), tt.id, fast)
			if !errors.Is(err, ErrJobFailed) {
				t.Fatalf("err = %v, want ErrJobFailed", err)
			}
			if js == nil || js.Status != tt.status || js.ID != tt.id {
				t.Fatalf("job = %+v, want the %s job", js, tt.status)
			}
			for _, s := range tt.inError {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not mention %q", err, s)
				}
			}
			if errors.Is(err, ErrNotFound) || errors.Is(err, ErrInvalid) || rec.count() != 2 {
				t.Errorf("err = %v after %d polls", err, rec.count())
			}
		})
	}
}

func TestJobStatusesWaitPollsThroughEarlyNotFound(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", jobPath(createJobID), notFound, notFound,
		respondFixture(t, 200, "job_status_queued.json"),
		respondFixture(t, 200, "job_status_completed_create.json"))
	js, err := c.JobStatuses.WaitWith(context.Background(), createJobID, fast)
	if err != nil || js.Status != JobCompleted {
		t.Fatalf("got %+v, %v", js, err)
	}
	if rec.count() != 4 {
		t.Errorf("%d polls, want 4", rec.count())
	}
}

func TestJobStatusesWaitReturnsLateNotFound(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", jobPath("V3-never"), notFound)
	opts := &WaitOptions{MinInterval: time.Millisecond, MaxInterval: 2 * time.Millisecond, NotFoundGrace: 20 * time.Millisecond}
	start := time.Now()
	js, err := c.JobStatuses.WaitWith(context.Background(), "V3-never", opts)
	if !errors.Is(err, ErrNotFound) || js != nil {
		t.Fatalf("got %+v, %v; want nil and ErrNotFound", js, err)
	}
	if d := time.Since(start); d < opts.NotFoundGrace {
		t.Errorf("returned after %s, before the %s grace ended", d, opts.NotFoundGrace)
	}
	if rec.count() < 2 {
		t.Errorf("%d polls; the 404s in the grace period should have been polled through", rec.count())
	}
}

func TestJobStatusesWaitNotFoundAfterSeen(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", jobPath(createJobID), respondFixture(t, 200, "job_status_queued.json"), notFound)
	js, err := c.JobStatuses.WaitWith(context.Background(), createJobID, fast)
	if !errors.Is(err, ErrNotFound) || rec.count() != 2 {
		t.Fatalf("err = %v after %d polls; a job that was seen and is gone is an error", err, rec.count())
	}
	if js == nil || js.Status != JobQueued {
		t.Errorf("job = %+v, want the last status seen", js)
	}
}

func TestJobStatusesWaitNoGrace(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", jobPath(createJobID), notFound, respondFixture(t, 200, "job_status_completed_create.json"))
	_, err := c.JobStatuses.WaitWith(context.Background(), createJobID, &WaitOptions{NotFoundGrace: -1})
	if !errors.Is(err, ErrNotFound) || rec.count() != 1 {
		t.Errorf("err = %v after %d polls; want the first 404", err, rec.count())
	}
}

func TestJobStatusesWaitOtherErrorsReturned(t *testing.T) {
	c, mock := setup(t, WithRetryMax(0))
	rec := on(t, mock, "GET", jobPath(createJobID), respondFixture(t, 200, "job_status_queued.json"),
		respond(500, `{"error":"InternalError"}`), respondFixture(t, 200, "job_status_completed_create.json"))
	js, err := c.JobStatuses.WaitWith(context.Background(), createJobID, fast)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 500 || rec.count() != 2 {
		t.Fatalf("err = %v after %d polls; want the 500", err, rec.count())
	}
	if js == nil || js.Status != JobQueued {
		t.Errorf("job = %+v, want the last status seen", js)
	}
}

func TestJobStatusesWaitEndsWithContext(t *testing.T) {
	slow := &WaitOptions{MinInterval: 10 * time.Second}
	t.Run("cancelled while waiting", func(t *testing.T) {
		c, mock := setup(t)
		rec := on(t, mock, "GET", jobPath(createJobID), respondFixture(t, 200, "job_status_queued.json"))
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(20*time.Millisecond, cancel)
		start := time.Now()
		js, err := c.JobStatuses.WaitWith(ctx, createJobID, slow)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("returned after %s, not at once", d)
		}
		if js == nil || js.Status != JobQueued || rec.count() != 1 {
			t.Errorf("job = %+v after %d polls; want the queued status of the one poll", js, rec.count())
		}
	})
	t.Run("deadline", func(t *testing.T) {
		c, mock := setup(t)
		on(t, mock, "GET", jobPath(createJobID), respondFixture(t, 200, "job_status_working.json"))
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
		defer cancel()
		if _, err := c.JobStatuses.WaitWith(ctx, createJobID, fast); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err = %v, want context.DeadlineExceeded", err)
		}
	})
	t.Run("cancelled before", func(t *testing.T) {
		c, mock := setup(t)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := c.JobStatuses.Wait(ctx, createJobID); !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
		if n := mock.GetTotalCallCount(); n != 0 {
			t.Errorf("%d requests sent", n)
		}
	})
}

func TestJobStatusesWaitRefusesBadOptions(t *testing.T) {
	for _, o := range []*WaitOptions{
		{MinInterval: -time.Second},
		{MaxInterval: -time.Second},
		{MinInterval: 5 * time.Second, MaxInterval: time.Second},
	} {
		c, mock := setup(t)
		if _, err := c.JobStatuses.WaitWith(context.Background(), createJobID, o); !errors.Is(err, ErrInvalid) {
			t.Errorf("%+v: err = %v, want ErrInvalid", o, err)
		}
		if n := mock.GetTotalCallCount(); n != 0 {
			t.Errorf("%+v: %d requests sent", o, n)
		}
	}
}

func TestWaitOptionsDefaults(t *testing.T) {
	tests := []struct {
		in   *WaitOptions
		want WaitOptions
	}{
		{nil, WaitOptions{time.Second, 10 * time.Second, 10 * time.Second}},
		{&WaitOptions{}, WaitOptions{time.Second, 10 * time.Second, 10 * time.Second}},
		{&WaitOptions{MinInterval: 30 * time.Second}, WaitOptions{30 * time.Second, 30 * time.Second, 10 * time.Second}},
		{&WaitOptions{MaxInterval: 3 * time.Second, NotFoundGrace: -1}, WaitOptions{time.Second, 3 * time.Second, -1}},
		{fast, *fast},
	}
	for _, tt := range tests {
		got, err := tt.in.withDefaults("Test", defaultPollMin, defaultPollMax)
		if err != nil || got != tt.want {
			t.Errorf("%+v: got %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
	}
}

func TestPollInterval(t *testing.T) {
	const s = time.Second
	tests := []struct {
		n          int
		minI, maxI time.Duration
		want       time.Duration
	}{
		{0, s, 10 * s, s},
		{1, s, 10 * s, 1500 * time.Millisecond},
		{2, s, 10 * s, 2250 * time.Millisecond},
		{3, s, 10 * s, 3375 * time.Millisecond},
		{4, s, 10 * s, 5062500 * time.Microsecond},
		{5, s, 10 * s, 7593750 * time.Microsecond},
		{6, s, 10 * s, 10 * s},
		{1000, s, 10 * s, 10 * s},
		{3, 5 * s, 5 * s, 5 * s},
		{3, time.Nanosecond, time.Hour, 4 * time.Nanosecond}, // 1 → 2 → 3 → 4: always grows
		{40, time.Millisecond, 2 * time.Millisecond, 2 * time.Millisecond},
	}
	for _, tt := range tests {
		if got := pollInterval(tt.n, tt.minI, tt.maxI); got != tt.want {
			t.Errorf("pollInterval(%d, %s, %s) = %s, want %s", tt.n, tt.minI, tt.maxI, got, tt.want)
		}
	}
	prev := time.Duration(0)
	for n := range 50 {
		d := pollInterval(n, s, 10*s)
		if d < prev || d > 10*s {
			t.Fatalf("interval %d is %s after %s", n, d, prev)
		}
		prev = d
	}
}

// pollTimes serves job id as queued until its last poll (the n-th), then completed, and
// returns the times of the polls. Under synctest the gaps between them are exactly the waits.
func pollTimes(t *testing.T, mock *httpmock.MockTransport, id string, n int) func() []time.Time {
	t.Helper()
	var mu sync.Mutex
	var times []time.Time
	mock.RegisterResponder("GET", testBase+jobPath(id), func(req *http.Request) (*http.Response, error) {
		mu.Lock()
		defer mu.Unlock()
		times = append(times, time.Now())
		status := "queued"
		if len(times) >= n {
			status = "completed"
		}
		return respond(200, fmt.Sprintf(`{"job_status":{"id":%q,"status":%q,"total":1,"progress":0,"results":[]}}`, id, status))(req)
	})
	return func() []time.Time {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(times)
	}
}

// gaps returns the durations between consecutive times.
func gaps(times []time.Time) []time.Duration {
	var out []time.Duration
	for i := 1; i < len(times); i++ {
		out = append(out, times[i].Sub(times[i-1]))
	}
	return out
}

// TestWithJobPollIntervalSetsWaitDefaults: the client's WithJobPollInterval is the polling of
// Wait when its WaitOptions leave the intervals zero, and WaitOptions that set them win. On
// synctest's clock the waits are exact and take no real time.
func TestWithJobPollIntervalSetsWaitDefaults(t *testing.T) {
	const ms = time.Millisecond
	tests := []struct {
		name string
		opts []Option
		wait *WaitOptions
		want []time.Duration
	}{
		{"no option: 1s growing by half", nil, nil, []time.Duration{time.Second, 1500 * ms, 2250 * ms}},
		{"WithJobPollInterval", []Option{WithJobPollInterval(10*ms, 12*ms)}, nil, []time.Duration{10 * ms, 12 * ms, 12 * ms}},
		{"WaitOptions leave the intervals zero", []Option{WithJobPollInterval(10*ms, 12*ms)}, &WaitOptions{NotFoundGrace: -1}, []time.Duration{10 * ms, 12 * ms, 12 * ms}},
		{"WaitOptions.MinInterval wins", []Option{WithJobPollInterval(10*ms, 12*ms)}, &WaitOptions{MinInterval: 40 * ms}, []time.Duration{40 * ms, 40 * ms, 40 * ms}},
		{"WaitOptions.MaxInterval wins", []Option{WithJobPollInterval(10*ms, 12*ms)}, &WaitOptions{MaxInterval: 20 * ms}, []time.Duration{10 * ms, 15 * ms, 20 * ms}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				c, mock := setup(t, tt.opts...)
				polls := pollTimes(t, mock, createJobID, 4)
				js, err := c.JobStatuses.WaitWith(context.Background(), createJobID, tt.wait)
				if err != nil || js.Status != JobCompleted {
					t.Fatalf("WaitWith = %+v, %v", js, err)
				}
				if got := gaps(polls()); !slices.Equal(got, tt.want) {
					t.Errorf("waits between polls %v, want %v", got, tt.want)
				}
			})
		})
	}
}

// TestWithJobPollIntervalSetsBulkDefaults: CreateAll and UpdateAll without BulkOptions.Wait
// poll their jobs as the client's WithJobPollInterval says.
func TestWithJobPollIntervalSetsBulkDefaults(t *testing.T) {
	const ms = time.Millisecond
	for _, bulk := range []struct {
		name, method, path string
		call               func(c *Client) ([]JobResult, error)
	}{
		{"CreateAll", "POST", "/api/v2/tickets/create_many.json", func(c *Client) ([]JobResult, error) {
			return c.Tickets.CreateAll(context.Background(), subjects(1), nil)
		}},
		{"UpdateAll", "PUT", "/api/v2/tickets/update_many.json", func(c *Client) ([]JobResult, error) {
			return c.Tickets.UpdateAll(context.Background(), []TicketRequest{{ID: 7, Subject: Set("x")}}, &BulkOptions{Concurrency: 1})
		}},
	} {
		t.Run(bulk.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				c, mock := setup(t, WithJobPollInterval(5*ms, 8*ms))
				on(t, mock, bulk.method, bulk.path, respond(200, `{"job_status":{"id":"j1","status":"queued"}}`))
				polls := pollTimes(t, mock, "j1", 3)
				if _, err := bulk.call(c); err != nil {
					t.Fatal(err)
				}
				if got, want := gaps(polls()), []time.Duration{5 * ms, 7500 * time.Microsecond}; !slices.Equal(got, want) {
					t.Errorf("waits between polls %v, want %v", got, want)
				}
			})
		})
	}
}

func TestWithJobPollIntervalRefused(t *testing.T) {
	for _, in := range [][2]time.Duration{{0, time.Second}, {-time.Millisecond, time.Second}, {time.Second, 0}, {2 * time.Second, time.Second}} {
		_, err := NewClient("acme", WithAPIToken("agent@example.com", "t"), WithJobPollInterval(in[0], in[1]))
		if err == nil || !strings.Contains(err.Error(), "WithJobPollInterval") {
			t.Errorf("WithJobPollInterval(%s, %s): err = %v, want it refused by name", in[0], in[1], err)
		}
	}
}

// TestJobStatusesGetManyWithoutTheirKey: an answer without "job_statuses" is a *DecodeError
// naming the key, as every call that reads a key reports it, not an empty result.
func TestJobStatusesGetManyWithoutTheirKey(t *testing.T) {
	for _, body := range []string{`{}`, `{"job_statuses":null}`, `{"job_status":{"id":"a"}}`} {
		c, mock := setup(t)
		on(t, mock, "GET", "/api/v2/job_statuses/show_many.json", respond(200, body))
		var de *DecodeError
		if got, err := c.JobStatuses.GetMany(context.Background(), []string{"a"}); !errors.As(err, &de) ||
			!strings.Contains(err.Error(), `"job_statuses"`) {
			t.Errorf("answer %s: %v, %v; want a *DecodeError naming \"job_statuses\"", body, got, err)
		}
	}
}
