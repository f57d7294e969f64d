package zendesk

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"iter"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
)

// testBase is the API root of the client that setup returns.
const testBase = "https://acme.zendesk.com"

// setup returns a client for "acme" authenticated with an API token, whose requests all go to
// a fresh httpmock transport. Retries wait a millisecond, not seconds. Extra options come last.
func setup(t *testing.T, opts ...Option) (*Client, *httpmock.MockTransport) {
	t.Helper()
	return setupWith(t, append([]Option{WithAPIToken("agent@example.com", "s3cr3t-token")}, opts...)...)
}

// setupWith is setup without the default credentials: opts must hold one auth option.
func setupWith(t *testing.T, opts ...Option) (*Client, *httpmock.MockTransport) {
	t.Helper()
	mock := httpmock.NewMockTransport()
	hc := &http.Client{Transport: mock}
	base := []Option{WithHTTPClient(hc), WithRetryWait(time.Millisecond, 2*time.Millisecond)}
	c, err := NewClient("acme", append(base, opts...)...)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return c, mock
}

// sent is one request as the mock transport saw it.
type sent struct {
	Method string
	URL    *url.URL
	Header http.Header
	Body   []byte
}

// recorder keeps every request that reached one route.
type recorder struct {
	mu   sync.Mutex
	reqs []sent
}

// on routes method and path (e.g. "/api/v2/tickets/1.json", any query) to the responders, used
// in turn (the last one repeats), and records every request that arrives there.
func on(t *testing.T, mock *httpmock.MockTransport, method, path string, responders ...httpmock.Responder) *recorder {
	t.Helper()
	rec := &recorder{}
	var n int
	mock.RegisterResponder(method, testBase+path, func(req *http.Request) (*http.Response, error) {
		var body []byte
		if req.Body != nil {
			body, _ = io.ReadAll(req.Body)
		}
		rec.mu.Lock()
		rec.reqs = append(rec.reqs, sent{Method: req.Method, URL: req.URL, Header: req.Header.Clone(), Body: body})
		r := responders[min(n, len(responders)-1)]
		n++
		rec.mu.Unlock()
		return r(req)
	})
	return rec
}

// count returns how many requests arrived.
func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.reqs)
}

// last returns the last request, failing the test when there was none.
func (r *recorder) last(t *testing.T) sent {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.reqs) == 0 {
		t.Fatal("no request was sent")
	}
	return r.reqs[len(r.reqs)-1]
}

// all returns every request.
func (r *recorder) all() []sent {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]sent(nil), r.reqs...)
}

// fixture returns the content of testdata/name.
func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// respond answers with status, a JSON content type, body and extra headers (name, value, …).
func respond(status int, body string, headers ...string) httpmock.Responder {
	return func(*http.Request) (*http.Response, error) {
		resp := httpmock.NewStringResponse(status, body)
		if body != "" {
			resp.Header.Set("Content-Type", "application/json; charset=utf-8")
		}
		for i := 0; i+1 < len(headers); i += 2 {
			resp.Header.Set(headers[i], headers[i+1])
		}
		return resp, nil
	}
}

// respondFixture answers with status and the content of testdata/name.
func respondFixture(t *testing.T, status int, name string) httpmock.Responder {
	return respond(status, string(fixture(t, name)))
}

// wantJSON fails unless got and want are the same JSON value (key order and spacing aside).
func wantJSON(t *testing.T, got []byte, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("body is not JSON: %v\n%s", err, got)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("bad want JSON: %v", err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("body:\n got %s\nwant %s", compact(got), compact([]byte(want)))
	}
}

// wantQuery fails unless the request's query is exactly want (raw, e.g. "ids=1,2&page[size]=100",
// compared after decoding, order aside).
func wantQuery(t *testing.T, got *url.URL, want string) {
	t.Helper()
	w, err := url.ParseQuery(want)
	if err != nil {
		t.Fatal(err)
	}
	if g := got.Query(); !reflect.DeepEqual(g, w) && !(len(g) == 0 && len(w) == 0) {
		t.Errorf("query: got %q, want %q", got.RawQuery, want)
	}
}

func compact(b []byte) string {
	var buf bytes.Buffer
	if json.Compact(&buf, b) != nil {
		return string(b)
	}
	return buf.String()
}

// ticketIDs returns the ids of ts, in order.
func ticketIDs(ts []Ticket) []int64 {
	var ids []int64
	for _, t := range ts {
		ids = append(ids, t.ID)
	}
	return ids
}

// allTicketIDs runs seq to its end, failing t at its first error, and returns the ids of the
// tickets it yielded, in order.
func allTicketIDs(t *testing.T, seq iter.Seq2[Ticket, error]) []int64 {
	t.Helper()
	var ids []int64
	for tk, err := range seq {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, tk.ID)
	}
	return ids
}

// ticketCase is a ticket's JSON and what check must find in it once decoded.
type ticketCase struct {
	name  string
	json  string
	check func(Ticket) bool
}

// checkTicketCases decodes each case's JSON into a Ticket with encoding/json, in a subtest of
// the case's name, which fails if the decode errs or check is false.
func checkTicketCases(t *testing.T, cases []ticketCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			var tk Ticket
			if err := json.Unmarshal([]byte(tt.json), &tk); err != nil {
				t.Fatalf("decode %s: %v", tt.json, err)
			}
			if !tt.check(tk) {
				t.Errorf("decode %s: unexpected %+v", tt.json, tk)
			}
		})
	}
}

// wantRefused fails t unless seq yields exactly once, an error matching want: input refused
// before any request (whether one went out is for the caller to check). what names the call.
func wantRefused[T any](t *testing.T, what string, seq iter.Seq2[T, error], want error) {
	t.Helper()
	var errs []error
	for _, err := range seq {
		errs = append(errs, err)
	}
	if len(errs) != 1 || !errors.Is(errs[0], want) {
		t.Errorf("%s yielded %v, want one error matching %v", what, errs, want)
	}
}

// tally runs seq to its end and returns how many values it yielded without an error, and the
// errors it yielded.
func tally[T any](seq iter.Seq2[T, error]) (n int, errs []error) {
	for _, err := range seq {
		if err != nil {
			errs = append(errs, err)
		} else {
			n++
		}
	}
	return n, errs
}
