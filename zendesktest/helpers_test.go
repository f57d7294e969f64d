package zendesktest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// newServer is [Start] for tests of the server's own answers, which need no SDK client.
func newServer(t *testing.T, opts ...Option) *Server {
	t.Helper()
	s, _ := Start(t, opts...)
	return s
}

// answer is one HTTP exchange's result.
type answer struct {
	status int
	header http.Header
	body   []byte
}

func (a answer) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(a.body, v); err != nil {
		t.Fatalf("decoding %q: %v", a.body, err)
	}
}

func (a answer) object(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	a.decode(t, &m)
	return m
}

func (a answer) want(t *testing.T, status int) answer {
	t.Helper()
	if a.status != status {
		t.Fatalf("status %d, want %d; body %s", a.status, status, a.body)
	}
	return a
}

// send makes a request with the default API token, unless header sets Authorization.
// body is sent as JSON unless it is a string (sent as it is) or nil. header is pairs of
// name, value.
func send(t *testing.T, s *Server, method, path string, body any, header ...string) answer {
	t.Helper()
	a, err := try(s, method, path, body, header...)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	return a
}

// try is send for goroutines other than the test's: it returns its error.
func try(s *Server, method, path string, body any, header ...string) (answer, error) {
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			return answer{}, err
		}
		r = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, s.URL+path, r)
	if err != nil {
		return answer{}, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.SetBasicAuth(DefaultAgentEmail+"/token", DefaultAPIToken)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return roundTrip(s, req)
}

// roundTrip sends a request a test made and reads the whole answer.
func roundTrip(s *Server, req *http.Request) (answer, error) {
	resp, err := s.HTTPClient().Do(req)
	if err != nil {
		return answer{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return answer{status: resp.StatusCode, header: resp.Header, body: b}, err
}

// getJSON GETs a path (or a URL on the server, as links carry them) and decodes its 200 answer.
func getJSON[T any](t *testing.T, s *Server, path string) T {
	t.Helper()
	var v T
	send(t, s, "GET", strings.TrimPrefix(path, s.URL), nil).want(t, http.StatusOK).decode(t, &v)
	return v
}

// pageMeta and pageLinks are the meta and links of a cursor page.
type (
	pageMeta struct {
		HasMore      bool    `json:"has_more"`
		AfterCursor  *string `json:"after_cursor"`
		BeforeCursor *string `json:"before_cursor"`
	}
	pageLinks struct {
		Next *string `json:"next"`
		Prev *string `json:"prev"`
	}
)

// itemIDs lists the ids of items, [] when there are none.
func itemIDs[T any](items []T, id func(T) int64) []int64 {
	out := []int64{}
	for _, it := range items {
		out = append(out, id(it))
	}
	return out
}

// sortedKeys lists a map's keys in order.
func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

// obj is shorthand for a JSON object literal.
type obj = map[string]any

// create makes a ticket from fields (a comment is added when fields have none) and returns
// the answer's ticket and audit.
func create(t *testing.T, s *Server, fields obj) (Ticket, Audit) {
	t.Helper()
	if _, ok := fields["comment"]; !ok {
		fields["comment"] = obj{"body": "Help"}
	}
	var out struct {
		Ticket Ticket `json:"ticket"`
		Audit  Audit  `json:"audit"`
	}
	send(t, s, "POST", "/api/v2/tickets.json", obj{"ticket": fields}).want(t, http.StatusCreated).decode(t, &out)
	return out.Ticket, out.Audit
}

// update changes a ticket and returns the answer.
func update(t *testing.T, s *Server, id int64, fields obj) answer {
	t.Helper()
	return send(t, s, "PUT", tpath(id, ".json"), obj{"ticket": fields})
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// tpath is the path of a ticket, with a suffix such as ".json" or "/merge.json".
func tpath(id int64, suffix string) string {
	return fmt.Sprintf("/api/v2/tickets/%d%s", id, suffix)
}

type jobStatus struct {
	ID       string          `json:"id"`
	URL      string          `json:"url"`
	JobType  string          `json:"job_type"`
	Total    *int            `json:"total"`
	Progress *int            `json:"progress"`
	Status   string          `json:"status"`
	Message  *string         `json:"message"`
	Results  json.RawMessage `json:"results"`
}

// queued checks a bulk answer is 200 with a queued job status, and returns it.
func queued(t *testing.T, a answer) jobStatus {
	t.Helper()
	var out struct {
		JobStatus jobStatus `json:"job_status"`
	}
	a.want(t, http.StatusOK).decode(t, &out)
	j := out.JobStatus
	if j.Status != "queued" || j.Progress != nil || string(j.Results) != "null" || j.Message != nil ||
		!strings.HasPrefix(j.ID, "V3-") {
		t.Fatalf("job status %+v (results %s), want a queued V3- job", j, j.Results)
	}
	return j
}

// waitJob polls a job until it completes, and returns it.
func waitJob(t *testing.T, s *Server, id string) jobStatus {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		var out struct {
			JobStatus jobStatus `json:"job_status"`
		}
		send(t, s, "GET", "/api/v2/job_statuses/"+id+".json", nil).want(t, http.StatusOK).decode(t, &out)
		if out.JobStatus.Status == "completed" {
			return out.JobStatus
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %s still %s", id, out.JobStatus.Status)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// wantError checks an answer's status and its error code (the `error` key, or the first
// `errors[].code`).
func wantError(t *testing.T, a answer, status int, code string) map[string]any {
	t.Helper()
	a.want(t, status)
	m := a.object(t)
	got, _ := m["error"].(string)
	if errs, ok := m["errors"].([]any); ok && len(errs) > 0 {
		got, _ = errs[0].(map[string]any)["code"].(string)
	}
	if got != code {
		t.Fatalf("error %q, want %q; body %s", got, code, a.body)
	}
	return m
}
