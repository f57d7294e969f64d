package zendesk

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/jarcoal/httpmock"
)

// cannedClient returns a client whose requests all reach answer, which is called with each
// request as the caller's transport sees it and returns the status and body of the answer.
func cannedClient(t *testing.T, answer func(req *http.Request) (int, []byte)) *Client {
	t.Helper()
	hc := &http.Client{Transport: roundTripperFunc(func(req *http.Request) (*http.Response, error) {
		status, body := answer(req)
		if req.Body != nil {
			_, _ = io.Copy(io.Discard, req.Body)
			_ = req.Body.Close()
		}
		return &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {"application/json"}},
			Body: io.NopCloser(bytes.NewReader(body)), ContentLength: int64(len(body)), Request: req}, nil
	})}
	c, err := NewClient("acme", WithHTTPClient(hc), WithAPIToken("agent@example.com", "s3cr3t-token"))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestBodylessRequestsCarryNoBody: a GET or DELETE reaches the transport with no body at all,
// so that net/http has none to probe (a goroutine and a timer per request); a body-less PUT or
// POST goes as it always has, and a body goes with its length.
func TestBodylessRequestsCarryNoBody(t *testing.T) {
	type seen struct {
		hasBody bool
		length  int64
		body    string
	}
	var mu sync.Mutex
	got := map[string]seen{}
	c := cannedClient(t, func(req *http.Request) (int, []byte) {
		s := seen{hasBody: req.Body != nil && req.Body != http.NoBody, length: req.ContentLength}
		if s.hasBody {
			b, _ := io.ReadAll(req.Body)
			s.body = string(b)
		}
		mu.Lock()
		got[req.Method+" "+req.URL.Path] = s
		mu.Unlock()
		return http.StatusOK, []byte(`{}`)
	})
	ctx := context.Background()
	for _, m := range []string{http.MethodGet, http.MethodDelete, http.MethodPut, http.MethodPost} {
		if _, err := c.Do(ctx, m, "macros.json", nil, nil); err != nil {
			t.Fatalf("%s: %v", m, err)
		}
	}
	if _, err := c.Do(ctx, http.MethodPost, "views.json", map[string]int{"a": 1}, nil); err != nil {
		t.Fatal(err)
	}
	want := map[string]seen{
		"GET /api/v2/macros.json":    {},
		"DELETE /api/v2/macros.json": {},
		"PUT /api/v2/macros.json":    {hasBody: true},
		"POST /api/v2/macros.json":   {hasBody: true},
		"POST /api/v2/views.json":    {hasBody: true, length: 7, body: `{"a":1}`},
	}
	for k, w := range want {
		if g, ok := got[k]; !ok || g != w {
			t.Errorf("%s: transport saw %+v (sent: %t), want %+v", k, g, ok, w)
		}
	}
}

// TestDecodeErrorsHideTheRequestsCredentials: a 2xx answer that fails to decode and echoes the
// request's Authorization header, in a value the error quotes and in its content type, gives a
// *DecodeError that shows no credential (the credentials are worked out for the error only).
func TestDecodeErrorsHideTheRequestsCredentials(t *testing.T) {
	for name, auth := range map[string]Option{
		"API token": WithAPIToken("agent@example.com", "s3cr3t-token"),
		"password":  WithBasicAuth("agent@example.com", "s3cr3t-password"),
		"OAuth":     WithOAuthToken("s3cr3t-oauth"),
	} {
		t.Run(name, func(t *testing.T) {
			c, mock := setupWith(t, auth)
			mock.RegisterResponder("GET", testBase+"/api/v2/tickets/1.json", func(req *http.Request) (*http.Response, error) {
				a := req.Header.Get("Authorization")
				_, cred, _ := strings.Cut(a, " ")
				resp := httpmock.NewStringResponse(200, `{"ticket":{"id":1,"subject":"x","`+a+`":`+strconv.Quote(cred)+`,"via":{"channel":`+a+`}}}`)
				resp.Header.Set("Content-Type", "application/json; "+a)
				return resp, nil
			})
			_, err := c.Tickets.Get(context.Background(), 1)
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("err = %v, want a *DecodeError", err)
			}
			for _, s := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", de), de.ContentType} {
				wantNoSecret(t, "the decoding error", s)
			}
		})
	}
}

// TestRequestHeadersAreExactAndApart: each request carries exactly its headers, one value each,
// and a transport that adds a value to one header changes no other (they share one backing
// array).
func TestRequestHeadersAreExactAndApart(t *testing.T) {
	var mu sync.Mutex
	var got []http.Header
	c := cannedClient(t, func(req *http.Request) (int, []byte) {
		req.Header.Add("Accept", "text/plain") // a careless transport
		req.Header.Add("User-Agent", "proxy/1")
		mu.Lock()
		got = append(got, req.Header.Clone())
		mu.Unlock()
		return http.StatusCreated, []byte(`{"ticket":{"id":1},"audit":{"id":2}}`)
	})
	ctx := context.Background()
	if _, err := c.Tickets.Get(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Tickets.Create(ContextWithIdempotencyKey(ctx, "key-1"), &TicketRequest{Comment: &Comment{Body: "x"}}); err != nil {
		t.Fatal(err)
	}
	auth := "Basic " + base64.StdEncoding.EncodeToString([]byte("agent@example.com/token:s3cr3t-token"))
	ua := "zendesk-go/" + Version
	want := []http.Header{{
		"Accept": {"application/json", "text/plain"}, "User-Agent": {ua, "proxy/1"}, "Authorization": {auth},
	}, {
		"Accept": {"application/json", "text/plain"}, "User-Agent": {ua, "proxy/1"}, "Authorization": {auth},
		"Content-Type": {"application/json"}, "Idempotency-Key": {"key-1"},
	}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("headers:\n got %v\nwant %v", got, want)
	}
}

// TestRequestPathAllocations bounds what one Get and one Create allocate on the SDK's side of
// the transport (request, headers, retry state, pacing, decoding), so that per-request work
// that need not be done does not creep back. The bounds are today's counts with a little room
// for other Go releases.
func TestRequestPathAllocations(t *testing.T) {
	if raceEnabled || testing.CoverMode() != "" {
		t.Skip("the race detector and coverage allocate on their own")
	}
	ticket, created := fixture(t, "ticket.json"), fixture(t, "ticket_create.json")
	c := cannedClient(t, func(req *http.Request) (int, []byte) {
		if req.Method == http.MethodPost {
			return http.StatusCreated, created
		}
		return http.StatusOK, ticket
	})
	ctx := context.Background()
	get := testing.AllocsPerRun(200, func() {
		if tk, err := c.Tickets.Get(ctx, 35436); err != nil || tk.ID != 35436 {
			t.Fatal(tk, err)
		}
	})
	create := testing.AllocsPerRun(200, func() {
		req := &TicketRequest{Subject: Set("My printer is on fire!"), Comment: &Comment{Body: "The smoke is very colorful."},
			Priority: Set(PriorityUrgent), Tags: Set([]string{"printer", "fire"})}
		if tk, _, err := c.Tickets.Create(ctx, req); err != nil || tk.ID != 35440 {
			t.Fatal(tk, err)
		}
	})
	t.Logf("allocations: Get %.0f, Create %.0f", get, create)
	if get > maxGetAllocs {
		t.Errorf("Get allocates %.0f times, want at most %d", get, maxGetAllocs)
	}
	if create > maxCreateAllocs {
		t.Errorf("Create allocates %.0f times, want at most %d", create, maxCreateAllocs)
	}
}

const maxGetAllocs, maxCreateAllocs = 72, 140
