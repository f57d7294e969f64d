package zendesk

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"
)

func TestAuthHeaders(t *testing.T) {
	basic := func(s string) string { return "Basic " + base64.StdEncoding.EncodeToString([]byte(s)) }
	tests := []struct {
		name string
		opt  Option
		want string
	}{
		{"api token", WithAPIToken("agent@example.com", "tok"), basic("agent@example.com/token:tok")},
		{"basic", WithBasicAuth("agent@example.com", "pw"), basic("agent@example.com:pw")},
		{"oauth token", WithOAuthToken("abc123"), "Bearer abc123"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mock := setupWith(t, tt.opt)
			rec := on(t, mock, "GET", "/api/v2/tickets/1.json", respond(200, `{"ticket":{"id":1}}`))
			if _, err := c.get(context.Background(), "tickets/1.json", nil, nil); err != nil {
				t.Fatal(err)
			}
			if got := rec.last(t).Header.Get("Authorization"); got != tt.want {
				t.Errorf("Authorization = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestRequestHeaders(t *testing.T) {
	c, mock := setup(t, WithUserAgent("acme-sync/2.1"))
	get := on(t, mock, "GET", "/api/v2/tickets/1.json", respond(200, `{}`))
	put := on(t, mock, "PUT", "/api/v2/tickets/1.json", respond(200, `{}`))
	ctx := context.Background()
	if _, err := c.get(ctx, "tickets/1.json", nil, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := c.put(ctx, "tickets/1.json", nil, map[string]string{"a": "b"}, nil); err != nil {
		t.Fatal(err)
	}
	g, p := get.last(t), put.last(t)
	for _, h := range []http.Header{g.Header, p.Header} {
		if got := h.Get("Accept"); got != "application/json" {
			t.Errorf("Accept = %q", got)
		}
		if got, want := h.Get("User-Agent"), "zendesk-go/"+Version+" acme-sync/2.1"; got != want {
			t.Errorf("User-Agent = %q, want %q", got, want)
		}
	}
	if got := g.Header.Get("Content-Type"); got != "" {
		t.Errorf("GET without body has Content-Type %q", got)
	}
	if got := p.Header.Get("Content-Type"); got != "application/json" {
		t.Errorf("PUT Content-Type = %q", got)
	}
	wantJSON(t, p.Body, `{"a":"b"}`)
}

func TestNewClientRefusesBadConfig(t *testing.T) {
	auth := WithAPIToken("a@b.c", "t")
	tests := []struct {
		name      string
		subdomain string
		opts      []Option
		wantErr   string
	}{
		{"subdomain with a host and path", "evil.com/x", []Option{auth}, "invalid subdomain"},
		{"subdomain with a space", "a b", []Option{auth}, "invalid subdomain"},
		{"empty subdomain without base URL", "", []Option{auth}, "invalid subdomain"},
		{"subdomain with a dot", "acme.evil", []Option{auth}, "invalid subdomain"},
		{"subdomain with a leading hyphen", "-acme", []Option{auth}, "invalid subdomain"},
		{"plain http to a remote host", "", []Option{auth, WithBaseURL("http://support.example.com")}, "plain http"},
		{"userinfo in base URL", "", []Option{auth, WithBaseURL("https://user:pw@support.example.com")}, "user or password"},
		{"base URL without host", "", []Option{auth, WithBaseURL("https:///api/v2")}, "no host"},
		{"base URL with query", "", []Option{auth, WithBaseURL("https://x.example.com/?a=b")}, "no query"},
		{"ftp base URL", "", []Option{auth, WithBaseURL("ftp://x.example.com")}, "scheme"},
		{"no credentials", "acme", nil, "no credentials"},
		{"two credentials", "acme", []Option{auth, WithOAuthToken("x")}, "one auth option"},
		{"empty token", "acme", []Option{WithAPIToken("a@b.c", "")}, "needs an email and a token"},
		{"CRLF in user agent", "acme", []Option{auth, WithUserAgent("x\r\nX-Evil: 1")}, "user agent"},
		{"CRLF in OAuth token", "acme", []Option{WithOAuthToken("x\r\nX-Evil: 1")}, "token contains"},
		{"negative retries", "acme", []Option{auth, WithRetryMax(-1)}, "WithRetryMax"},
		{"retry wait min above max", "acme", []Option{auth, WithRetryWait(2, 1)}, "WithRetryWait"},
		{"negative max retry-after", "acme", []Option{auth, WithMaxRetryAfter(-1)}, "WithMaxRetryAfter"},
		{"client credentials without secret", "acme", []Option{WithClientCredentials("id", "")}, "client secret"},
		{"nil token source", "acme", []Option{WithTokenSource(nil)}, "token source"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mock := httpmock.NewMockTransport()
			opts := append([]Option{WithHTTPClient(&http.Client{Transport: mock})}, tt.opts...)
			c, err := NewClient(tt.subdomain, opts...)
			if err == nil {
				t.Fatalf("NewClient(%q) = %v, want an error", tt.subdomain, c.BaseURL())
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %q does not say %q", err, tt.wantErr)
			}
			if strings.Contains(err.Error(), "pw") && strings.Contains(tt.name, "userinfo") {
				t.Errorf("error %q repeats the password", err)
			}
			if n := mock.GetTotalCallCount(); n != 0 {
				t.Errorf("%d requests sent", n)
			}
		})
	}
}

func TestBaseURL(t *testing.T) {
	auth := WithOAuthToken("t")
	tests := []struct {
		subdomain, base, want string
	}{
		{"acme", "", "https://acme.zendesk.com/api/v2/"},
		{"Acme-2", "", "https://Acme-2.zendesk.com/api/v2/"},
		{"", "https://support.example.com", "https://support.example.com/api/v2/"},
		{"", "https://support.example.com/api/v2", "https://support.example.com/api/v2/"},
		{"", "https://support.example.com/zd/", "https://support.example.com/zd/api/v2/"},
		{"", "http://127.0.0.1:8080", "http://127.0.0.1:8080/api/v2/"},
		{"", "http://localhost:9000/api/v2/", "http://localhost:9000/api/v2/"},
		{"", "http://[::1]:9000", "http://[::1]:9000/api/v2/"},
		{"acme", "https://other.example.com", "https://other.example.com/api/v2/"},
	}
	for _, tt := range tests {
		var opts []Option
		if tt.base != "" {
			opts = append(opts, WithBaseURL(tt.base))
		}
		c, err := NewClient(tt.subdomain, append(opts, auth)...)
		if err != nil {
			t.Errorf("NewClient(%q, %q): %v", tt.subdomain, tt.base, err)
			continue
		}
		if got := c.BaseURL().String(); got != tt.want {
			t.Errorf("NewClient(%q, %q) base = %q, want %q", tt.subdomain, tt.base, got, tt.want)
		}
	}
}

func TestServicesShareOneClient(t *testing.T) {
	c, _ := setup(t)
	if c.Tickets.client != c || c.Problems.client != c || c.Twitter.client != c || c.JobStatuses.client != c {
		t.Fatal("a service does not point at its client")
	}
}

func TestDecodeErrorOn2xx(t *testing.T) {
	tests := []struct{ name, contentType, body string }{
		{"html", "text/html", "<html><body>Bad gateway</body></html>"},
		{"truncated", "application/json", `{"ticket": {"id": 1, "subj`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mock := setup(t)
			on(t, mock, "GET", "/api/v2/tickets/1.json", respond(200, tt.body, "Content-Type", tt.contentType))
			var out map[string]any
			_, err := c.get(context.Background(), "tickets/1.json", nil, &out)
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("err = %v, want a *DecodeError", err)
			}
			if de.StatusCode != 200 || de.ContentType != tt.contentType || de.Path != "/api/v2/tickets/1.json" {
				t.Errorf("DecodeError = %+v", de)
			}
		})
	}
}

func TestEmpty2xxBodyIsNotAnErrorWhereDocumented(t *testing.T) {
	c, mock := setup(t)
	on(t, mock, "PUT", "/api/v2/tickets/1/mark_as_spam.json", respond(200, ""))
	var out struct{ Ticket *struct{} }
	r := &request{method: "PUT", path: "tickets/1/mark_as_spam.json", emptyOK: true}
	if _, err := c.do(context.Background(), r, &out); err != nil {
		t.Fatal(err)
	}
	if out.Ticket != nil {
		t.Error("empty body filled the result")
	}
	// Nothing to decode into: the body is not looked at.
	if _, err := c.put(context.Background(), "tickets/1/mark_as_spam.json", nil, nil, nil); err != nil {
		t.Fatal(err)
	}
	// Where an answer is due, its absence is an error.
	var de *DecodeError
	if _, err := c.put(context.Background(), "tickets/1/mark_as_spam.json", nil, nil, &out); !errors.As(err, &de) {
		t.Errorf("err = %v, want a *DecodeError", err)
	}
}

func TestAPIWarningIsLogged(t *testing.T) {
	logs, logger := captureLogs()
	c, mock := setup(t, WithLogger(logger))
	on(t, mock, "PUT", "/api/v2/tickets/1.json", respond(200, `{}`, "X-Zendesk-Api-Warn", `{"removed":["id"]}`))
	if _, err := c.put(context.Background(), "tickets/1.json", nil, map[string]int{"id": 1}, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "removed") {
		t.Errorf("warning not logged; logs:\n%s", logs)
	}
}

func TestNilContextIsRefused(t *testing.T) {
	c, mock := setup(t)
	//lint:ignore SA1012 the nil context is the point of the test
	_, err := c.get(nil, "tickets/1.json", nil, nil) //nolint:staticcheck
	if !errors.Is(err, ErrInvalid) || mock.GetTotalCallCount() != 0 {
		t.Fatalf("err = %v, calls = %d", err, mock.GetTotalCallCount())
	}
	// Named as every other error of a call is: its method and path on the wire.
	if want := "zendesk: GET /api/v2/tickets/1.json: invalid request: nil context"; err.Error() != want {
		t.Errorf("err = %q, want %q", err, want)
	}
}

func TestIDListCommasStayLiteral(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, "GET", "/api/v2/tickets/show_many.json", respond(200, `{"tickets":[]}`))
	if _, err := c.get(context.Background(), "tickets/show_many.json", idsQuery(joinIDs([]int64{1, 2, 3})), nil); err != nil {
		t.Fatal(err)
	}
	if got := rec.last(t).URL.RawQuery; got != "ids=1,2,3" {
		t.Errorf("raw query = %q, want ids=1,2,3", got)
	}
}

// API.md promises that httpmock.ActivateNonDefault on the client given to WithHTTPClient
// intercepts every request of the SDK, token requests included, even when activated after
// NewClient.
func TestActivateNonDefaultAfterNewClient(t *testing.T) {
	hc := &http.Client{}
	c, err := NewClient("acme", WithHTTPClient(hc), WithClientCredentials("id", "secret"))
	if err != nil {
		t.Fatal(err)
	}
	httpmock.ActivateNonDefault(hc)
	t.Cleanup(func() { httpmock.DeactivateAndReset() })
	httpmock.RegisterResponder("POST", "https://acme.zendesk.com/oauth/tokens",
		httpmock.NewStringResponder(200, `{"access_token":"tok","token_type":"bearer","expires_in":1800}`))
	httpmock.RegisterResponder("GET", "https://acme.zendesk.com/api/v2/tickets/1.json",
		httpmock.NewStringResponder(200, `{"ticket":{"id":1,"subject":"Hi"}}`))
	tk, err := c.Tickets.Get(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if tk.Subject != "Hi" || httpmock.GetTotalCallCount() != 2 {
		t.Errorf("ticket %+v after %d intercepted requests, want 2", tk, httpmock.GetTotalCallCount())
	}
}
