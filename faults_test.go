package zendesk

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Faults of the network and of the server, each against a real HTTP server, each checking
// what the caller gets. The same faults with ticket creation against zendesktest are in
// faults_fake_test.go.

// faultClient is a client of srv with an API token and millisecond retry waits.
func faultClient(t *testing.T, srv *httptest.Server, opts ...Option) *Client {
	t.Helper()
	base := []Option{WithBaseURL(srv.URL), WithHTTPClient(srv.Client()), WithRetryWait(time.Millisecond, 2*time.Millisecond)}
	if len(opts) == 0 || !hasAuth(opts) {
		base = append(base, WithAPIToken("agent@example.com", "s3cr3t-token"))
	}
	c, err := NewClient("", append(base, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func hasAuth(opts []Option) bool {
	var cfg config
	for _, o := range opts {
		o(&cfg)
	}
	return len(cfg.auths) > 0
}

// resetConn takes the connection from the server and closes it with a TCP reset, so the
// client reads "connection reset by peer" (or EOF) instead of an answer.
func resetConn(t *testing.T, w http.ResponseWriter) net.Conn {
	t.Helper()
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		t.Error(err)
		return nil
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	return conn
}

// wantNoSecret fails when s holds any of the test's credentials.
func wantNoSecret(t *testing.T, what, s string) {
	t.Helper()
	for _, secret := range []string{"s3cr3t-token", "s3cr3t-password", "s3cr3t-oauth", "s3cr3t-client", "s3cr3t-minted",
		// the base64 of basic auth would hide the secret from a plain search
		"czNjcjN0", "YWdlbnRAZXhhbXBsZS5jb20"} {
		if strings.Contains(s, secret) {
			t.Errorf("%s holds a credential (%s):\n%s", what, secret, s)
		}
	}
}

const ticketOne = `{"ticket":{"id":1,"subject":"Printer on fire","status":"open"}}`

// halfAnswer writes the headers of a 200 and half its body on conn, then closes it.
func halfAnswer(conn net.Conn) {
	if conn == nil {
		return
	}
	defer conn.Close()
	fmt.Fprintf(conn, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", len(ticketOne))
	conn.Write([]byte(ticketOne[:len(ticketOne)/2]))
}

func TestFaultConnectionResetBeforeAnswer(t *testing.T) {
	tests := []struct {
		name      string
		resets    int // how many attempts are reset before the server answers
		call      func(*Client) error
		wantErr   bool
		wantCalls int // 0: at least resets+1
	}{
		{"GET reset twice then answered", 2, func(c *Client) error { _, err := c.Tickets.Get(context.Background(), 1); return err }, false, 0},
		{"GET always reset", 100, func(c *Client) error { _, err := c.Tickets.Get(context.Background(), 1); return err }, true, 0},
		{"create reset twice then answered (keyed POST)", 2, func(c *Client) error {
			_, _, err := c.Tickets.Create(context.Background(), &TicketRequest{Comment: &Comment{Body: "x"}})
			return err
		}, false, 0},
		{"merge reset (POST without key) is not repeated", 1, func(c *Client) error {
			_, err := c.Tickets.Merge(context.Background(), 1, &MergeRequest{IDs: []int64{2}})
			return err
		}, true, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls atomic.Int32
			var mu sync.Mutex
			keys := map[string]bool{}
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				keys[r.Header.Get("Idempotency-Key")] = true
				mu.Unlock()
				if int(calls.Add(1)) <= tt.resets {
					if conn := resetConn(t, w); conn != nil {
						conn.Close()
					}
					return
				}
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusCreated)
				w.Write([]byte(ticketOne))
			}))
			defer srv.Close()
			err := tt.call(faultClient(t, srv))
			if tt.wantErr {
				if err == nil {
					t.Fatal("no error")
				}
				var apiErr *APIError
				if errors.As(err, &apiErr) || !strings.Contains(err.Error(), "/api/v2/tickets/") {
					t.Errorf("err = %v, want a transport error naming the request", err)
				}
				wantNoSecret(t, "the error", err.Error())
			} else if err != nil {
				t.Fatalf("err = %v, want the answer after the resets", err)
			}
			switch n := int(calls.Load()); {
			case tt.wantCalls > 0 && n != tt.wantCalls:
				t.Errorf("%d requests, want %d", n, tt.wantCalls)
			case tt.wantCalls == 0 && !tt.wantErr && n != tt.resets+1:
				t.Errorf("%d requests, want %d", n, tt.resets+1)
			case tt.wantErr && n > 2*(defaultRetryMax+1):
				t.Errorf("%d requests: retries are not bounded", n)
			}
			if len(keys) != 1 {
				t.Errorf("attempts carried %d different idempotency keys, want one", len(keys))
			}
		})
	}
}

// TestFaultAnswerCutShort covers answers that arrive broken: the connection reset in the middle
// of the body, a complete but truncated JSON, an HTML page or nothing where JSON is due. The
// caller gets a *DecodeError with the status (so a 201 tells a create did happen), never a
// half-filled ticket or a nil ticket with a nil error.
func TestFaultAnswerCutShort(t *testing.T) {
	tests := []struct {
		name    string
		status  int
		handler func(t *testing.T, w http.ResponseWriter)
		wantIs  error  // matched with errors.Is, when set
		wantMsg string // in the error's text
	}{
		{"reset in the middle of the body", 200, func(t *testing.T, w http.ResponseWriter) {
			halfAnswer(resetConn(t, w))
		}, nil, "cannot decode 200 answer"},
		{"closed in the middle of the body", 200, func(t *testing.T, w http.ResponseWriter) {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err != nil {
				t.Error(err)
				return
			}
			halfAnswer(conn)
		}, io.ErrUnexpectedEOF, "cannot decode 200 answer"},
		{"truncated JSON", 200, func(t *testing.T, w http.ResponseWriter) {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(ticketOne[:len(ticketOne)/2]))
		}, io.ErrUnexpectedEOF, "cannot decode 200 answer"},
		{"HTML page", 200, func(t *testing.T, w http.ResponseWriter) {
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<!DOCTYPE html>\n<html><body><h1>Maintenance</h1></body></html>"))
		}, nil, "text/html"},
		{"empty 200", 200, func(t *testing.T, w http.ResponseWriter) {
			w.Header().Set("Content-Type", "application/json")
		}, nil, "cannot decode 200 answer"},
		{"empty 201 to a create", 201, func(t *testing.T, w http.ResponseWriter) {
			w.WriteHeader(http.StatusCreated)
		}, nil, "cannot decode 201 answer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { tt.handler(t, w) }))
			defer srv.Close()
			c := faultClient(t, srv)
			var tk *Ticket
			var err error
			if tt.status == 201 {
				tk, _, err = c.Tickets.Create(context.Background(), &TicketRequest{Comment: &Comment{Body: "x"}})
			} else {
				tk, err = c.Tickets.Get(context.Background(), 1)
			}
			var de *DecodeError
			if !errors.As(err, &de) || de.StatusCode != tt.status {
				t.Fatalf("err = %v, want a *DecodeError of the %d", err, tt.status)
			}
			if tk != nil {
				t.Errorf("ticket %+v returned with the error", tk)
			}
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("err = %v, want it to match %v", err, tt.wantIs)
			}
			if msg := err.Error(); !strings.Contains(msg, tt.wantMsg) || strings.ContainsAny(msg, "\r\n") {
				t.Errorf("err = %q, want one line with %q", msg, tt.wantMsg)
			}
		})
	}
}

// TestFaultEmptyAnswerToEveryRead checks that no method turns an empty 200 into an empty
// result: "no tickets" and "the proxy lost the answer" must not look the same.
func TestFaultEmptyAnswerToEveryRead(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
	}))
	defer srv.Close()
	c := faultClient(t, srv)
	ctx := context.Background()
	calls := map[string]func() error{
		"Tickets.List":              func() error { _, err := c.Tickets.List(ctx, nil); return err },
		"Tickets.ListRecent":        func() error { _, err := c.Tickets.ListRecent(ctx, nil); return err },
		"Tickets.ListIncidents":     func() error { _, err := c.Tickets.ListIncidents(ctx, 1, nil); return err },
		"Problems.List":             func() error { _, err := c.Problems.List(ctx, nil); return err },
		"Tickets.GetMany":           func() error { _, err := c.Tickets.GetMany(ctx, []int64{1, 2}); return err },
		"Tickets.Related":           func() error { _, err := c.Tickets.Related(ctx, 1); return err },
		"Tickets.ListCollaborators": func() error { _, err := c.Tickets.ListCollaborators(ctx, 1); return err },
		"Tickets.Update":            func() error { _, _, err := c.Tickets.Update(ctx, 1, &TicketRequest{Subject: Set("x")}); return err },
		"Tickets.UpdateMany": func() error {
			_, err := c.Tickets.UpdateMany(ctx, []int64{1}, &TicketRequest{Subject: Set("x")})
			return err
		},
		"Problems.Autocomplete": func() error { _, err := c.Problems.Autocomplete(ctx, "print"); return err },
		"Twitter.Statuses":      func() error { _, err := c.Twitter.Statuses(ctx, 1); return err },
		"JobStatuses.Get":       func() error { _, err := c.JobStatuses.Get(ctx, "V3-abc"); return err },
		"JobStatuses.GetMany":   func() error { _, err := c.JobStatuses.GetMany(ctx, []string{"V3-abc"}); return err },
	}
	for name, call := range calls {
		var de *DecodeError
		if err := call(); !errors.As(err, &de) || de.StatusCode != 200 {
			t.Errorf("%s: err = %v, want a *DecodeError", name, err)
		}
	}
	// Where Zendesk documents an empty answer, it is no error.
	if js, err := c.Tickets.DeleteMany(ctx, []int64{1}); err != nil || js == nil || js.Status != JobCompleted {
		t.Errorf("DeleteMany: %+v, %v; want the empty 200 of the seed as a completed job", js, err)
	}
	if err := c.Tickets.MarkAsSpam(ctx, 1); err != nil {
		t.Errorf("MarkAsSpam: %v", err)
	}
	if err := c.Tickets.Delete(ctx, 1); err != nil {
		t.Errorf("Delete: %v", err)
	}
}

// TestFaultPageCutAfterItems: a page whose body ends after its items, before "meta", would
// otherwise read as a complete last page.
func TestFaultPageCutAfterItems(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"tickets":[{"id":1},{"id":2}]`))
	}))
	defer srv.Close()
	page, err := faultClient(t, srv).Tickets.List(context.Background(), nil)
	var de *DecodeError
	if !errors.As(err, &de) || page != nil {
		t.Errorf("List = %+v, %v; want a *DecodeError", page, err)
	}
}

func TestFaultTwitterEmpty201IsNoError(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusCreated) }))
	defer srv.Close()
	if tk, err := faultClient(t, srv).Twitter.CreateTicket(context.Background(), 1, 2); err != nil || tk != nil {
		t.Errorf("CreateTicket = %v, %v; want the documented empty 201 as a nil ticket", tk, err)
	}
}

// TestFaultAnswerNeverEnds: a server that sends nothing, or starts a body and never finishes
// it, is cut off by the context's deadline, promptly, with the context's error.
func TestFaultAnswerNeverEnds(t *testing.T) {
	t.Parallel()
	for _, partial := range []bool{false, true} {
		t.Run(fmt.Sprintf("headers sent %v", partial), func(t *testing.T) {
			t.Parallel()
			release := make(chan struct{})
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if partial {
					w.Header().Set("Content-Type", "application/json")
					w.Write([]byte(`{"ticket":{"id":1,`))
					w.(http.Flusher).Flush()
				}
				select {
				case <-r.Context().Done():
				case <-release:
				}
			}))
			defer srv.Close()
			defer close(release)
			ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
			defer cancel()
			start := time.Now()
			tk, err := faultClient(t, srv).Tickets.Get(ctx, 1)
			if !errors.Is(err, context.DeadlineExceeded) || tk != nil {
				t.Errorf("Get = %v, %v; want context.DeadlineExceeded", tk, err)
			}
			if took := time.Since(start); took > 2*time.Second {
				t.Errorf("returned after %s, not at the 200ms deadline", took)
			}
		})
	}
}

// TestFaultHugeErrorBodyIsNotRead: a 10 MB error page is read only up to the bound, and the
// connection is dropped, so the server's writing fails long before it finishes.
func TestFaultHugeErrorBodyIsNotRead(t *testing.T) {
	const size = 10 << 20
	done := make(chan struct {
		written int
		err     error
	}, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Length", fmt.Sprint(size))
		w.WriteHeader(http.StatusBadRequest)
		chunk := []byte(strings.Repeat("<p>error</p>", 32<<10/12))
		written := 0
		var err error
		for written < size && err == nil {
			var n int
			n, err = w.Write(chunk[:min(len(chunk), size-written)])
			written += n
		}
		done <- struct {
			written int
			err     error
		}{written, err}
	}))
	defer srv.Close()
	_, err := faultClient(t, srv).Tickets.Get(context.Background(), 1)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 {
		t.Fatalf("err = %v, want the 400 as an *APIError", err)
	}
	if len(apiErr.Body) != maxErrorBody {
		t.Errorf("kept %d bytes of the body, want the %d bound", len(apiErr.Body), maxErrorBody)
	}
	select {
	case got := <-done:
		if got.err == nil || got.written >= size {
			t.Errorf("the server wrote %d bytes without error: the client read the whole body", got.written)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the server is still writing: the client neither read nor dropped the body")
	}
}

// countingTransport counts the requests that reach the network.
type countingTransport struct {
	rt http.RoundTripper
	n  atomic.Int32
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.rt.RoundTrip(r)
}

// TestFaultUnknownHost: a subdomain that does not resolve fails at once, without retries (a
// typo does not heal), and without waiting on the network. The error comes from Go's own
// resolver, asking a DNS server of the test's that answers every question "no such domain"
// (NXDOMAIN), so it is the same on every machine, with or without a network.
// TestFaultUnknownHost: an unknown host fails with a *net.DNSError at the first attempt, not
// retried. On the real clock (a DNS lookup cannot run in synctest's bubble): a retry would wait
// 5 s first, and the bound of half that leaves a loaded machine seconds for one lookup.
func TestFaultUnknownHost(t *testing.T) {
	t.Parallel()
	const retryWait = 5 * time.Second
	var asked atomic.Int32
	dialer := &net.Dialer{Resolver: nxdomainResolver(&asked)}
	ct := &countingTransport{rt: &http.Transport{DialContext: dialer.DialContext}}
	c, err := NewClient("", WithBaseURL("https://nonexistent.invalid"), WithAPIToken("agent@example.com", "s3cr3t-token"),
		WithHTTPClient(&http.Client{Transport: ct}), WithRetryWait(retryWait, retryWait))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	start := time.Now()
	_, _, err = c.Tickets.Create(ctx, &TicketRequest{Comment: &Comment{Body: "x"}})
	var dnsErr *net.DNSError
	if !errors.As(err, &dnsErr) || !dnsErr.IsNotFound {
		t.Fatalf("err = %v, want a *net.DNSError saying the host is not found", err)
	}
	if !strings.Contains(err.Error(), "nonexistent.invalid") || !strings.Contains(err.Error(), "no such host") {
		t.Errorf("err = %v, want the host named and \"no such host\"", err)
	}
	wantNoSecret(t, "the error", err.Error())
	if asked.Load() == 0 {
		t.Error("the test's DNS server was never asked")
	}
	if n := ct.n.Load(); n != 1 {
		t.Errorf("%d attempts, want 1: an unknown host is not retried", n)
	}
	if took := time.Since(start); took > retryWait/2 {
		t.Errorf("took %s: waited between attempts", took)
	}
}

// nxdomainResolver returns a resolver (Go's own) whose DNS server, reached over an in-memory
// connection, answers every question with NXDOMAIN. asked counts the connections to it.
func nxdomainResolver(asked *atomic.Int32) *net.Resolver {
	return &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, network, address string) (net.Conn, error) {
		asked.Add(1)
		client, server := net.Pipe()
		go answerNXDOMAIN(server)
		return client, nil
	}}
}

// answerNXDOMAIN serves DNS over TCP framing (a net.Pipe is not a PacketConn, so the resolver
// frames its messages as over TCP: a two-byte length, then the message): each question comes
// back as an answer with no records and RCODE 3, "no such domain".
func answerNXDOMAIN(conn net.Conn) {
	defer conn.Close()
	for {
		var size [2]byte
		if _, err := io.ReadFull(conn, size[:]); err != nil {
			return
		}
		q := make([]byte, binary.BigEndian.Uint16(size[:]))
		if _, err := io.ReadFull(conn, q); err != nil || len(q) < 12 {
			return
		}
		end := 12 // the header; then the one question: its name's labels, a zero, type and class
		for end < len(q) && q[end] != 0 {
			end += 1 + int(q[end])
		}
		end += 1 + 4
		if end > len(q) {
			return
		}
		a := append([]byte(nil), q[:end]...)
		a[2] |= 0x80    // QR: an answer; the id, opcode and RD stay the question's
		a[3] = 0x80 | 3 // RA, and RCODE 3: NXDOMAIN
		clear(a[6:12])  // no answer, authority or additional records
		binary.BigEndian.PutUint16(size[:], uint16(len(a)))
		if _, err := conn.Write(append(size[:], a...)); err != nil {
			return
		}
	}
}

// TestFaultCreateWithBrokenAnswerThenSameKey: the server creates the ticket but its answer
// arrives broken (cut, truncated, HTML, empty). The caller gets a *DecodeError whose 201 says
// the ticket exists, and a second call with the same key gets that ticket, not a second one.
func TestFaultCreateWithBrokenAnswerThenSameKey(t *testing.T) {
	answer := `{"ticket":{"id":%d,"subject":"Printer on fire"},"audit":{"id":9}}`
	broken := map[string]func(t *testing.T, w http.ResponseWriter, id int){
		"cut in the body": func(t *testing.T, w http.ResponseWriter, id int) {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err != nil {
				t.Error(err)
				return
			}
			defer conn.Close()
			body := fmt.Sprintf(answer, id)
			fmt.Fprintf(conn, "HTTP/1.1 201 Created\r\nContent-Length: %d\r\n\r\n%s", len(body), body[:len(body)/2])
		},
		"truncated": func(t *testing.T, w http.ResponseWriter, id int) {
			w.WriteHeader(http.StatusCreated)
			fmt.Fprint(w, fmt.Sprintf(answer, id)[:20])
		},
		"HTML": func(t *testing.T, w http.ResponseWriter, id int) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusCreated)
			w.Write([]byte("<html>Created</html>"))
		},
		"empty": func(t *testing.T, w http.ResponseWriter, id int) { w.WriteHeader(http.StatusCreated) },
	}
	for name, breakAnswer := range broken {
		t.Run(name, func(t *testing.T) {
			var mu sync.Mutex
			byKey := map[string]int{}
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				key := r.Header.Get("Idempotency-Key")
				mu.Lock()
				id, replay := byKey[key]
				if !replay {
					id = len(byKey) + 1
					byKey[key] = id
				}
				mu.Unlock()
				if !replay {
					breakAnswer(t, w, id)
					return
				}
				w.Header().Set("Content-Type", "application/json")
				w.Header().Set("X-Idempotency-Lookup", "hit")
				w.WriteHeader(http.StatusCreated)
				fmt.Fprintf(w, answer, id)
			}))
			defer srv.Close()
			c := faultClient(t, srv)
			ctx := ContextWithIdempotencyKey(context.Background(), "order-1234")
			_, _, err := c.Tickets.Create(ctx, &TicketRequest{Comment: &Comment{Body: "x"}})
			var de *DecodeError
			if !errors.As(err, &de) || de.StatusCode != http.StatusCreated {
				t.Fatalf("err = %v, want a *DecodeError of the 201", err)
			}
			tk, _, err := c.Tickets.Create(ctx, &TicketRequest{Comment: &Comment{Body: "x"}})
			if err != nil || tk.ID != 1 {
				t.Fatalf("second call: %+v, %v; want ticket 1", tk, err)
			}
			if len(byKey) != 1 {
				t.Errorf("%d tickets created, want 1", len(byKey))
			}
		})
	}
}
