package zendesk

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"golang.org/x/oauth2"
)

// TestCredentialsNeverLeak runs every auth kind through every fault kind with a logger at debug
// level, and looks for the credentials in everything the caller can see: the error's text and
// its fields, every log line, and the client printed with %v, %+v and %#v.
func TestCredentialsNeverLeak(t *testing.T) {
	t.Parallel()
	auths := map[string]func() Option{
		"API token":          func() Option { return WithAPIToken("agent@example.com", "s3cr3t-token") },
		"password":           func() Option { return WithBasicAuth("agent@example.com", "s3cr3t-password") },
		"OAuth token":        func() Option { return WithOAuthToken("s3cr3t-oauth") },
		"client credentials": func() Option { return WithClientCredentials("client-id", "s3cr3t-client", "read", "write") },
		"token source": func() Option {
			return WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "s3cr3t-oauth", TokenType: "Bearer"}))
		},
	}
	// A fault answers the API call (and the token request of client credentials) badly. It
	// returns true when it has answered.
	type fault func(t *testing.T, w http.ResponseWriter, r *http.Request, n int) bool
	echo := func(w http.ResponseWriter, r *http.Request, status int) {
		body, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(body))
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Request-Id", r.Header.Get("Authorization"))
		w.WriteHeader(status)
		fmt.Fprintf(w, `{"error":%q,"description":%q,"error_description":%q,"details":{"auth":[{"description":%q}]}}`,
			r.Header.Get("Authorization"), "you sent "+r.Header.Get("Authorization")+" "+form.Get("client_secret"),
			"bad secret "+form.Get("client_secret"), r.Header.Get("Authorization"))
	}
	faults := map[string]fault{
		"500 then 200": func(t *testing.T, w http.ResponseWriter, r *http.Request, n int) bool {
			if n == 0 {
				w.WriteHeader(500)
				return true
			}
			return false
		},
		"503 every time": func(t *testing.T, w http.ResponseWriter, r *http.Request, n int) bool {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(503)
			return true
		},
		"connection reset every time": func(t *testing.T, w http.ResponseWriter, r *http.Request, n int) bool {
			if conn := resetConn(t, w); conn != nil {
				conn.Close()
			}
			return true
		},
		"401 every time": func(t *testing.T, w http.ResponseWriter, r *http.Request, n int) bool {
			w.WriteHeader(401)
			w.Write([]byte(`{"error":"Couldn't authenticate you"}`))
			return true
		},
		"error body echoes the request's credentials": func(t *testing.T, w http.ResponseWriter, r *http.Request, n int) bool {
			echo(w, r, 400)
			return true
		},
		"token endpoint echoes the secret": nil, // see below
		"token endpoint reset":             nil,
	}
	for authName, auth := range auths {
		for faultName, fault := range faults {
			t.Run(authName+"/"+faultName, func(t *testing.T) {
				var apiCalls atomic.Int32
				srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if r.URL.Path == "/oauth/tokens" {
						switch faultName {
						case "token endpoint echoes the secret":
							echo(w, r, 401)
						case "token endpoint reset":
							if conn := resetConn(t, w); conn != nil {
								conn.Close()
							}
						default:
							n := apiCalls.Load()
							w.Header().Set("Content-Type", "application/json")
							fmt.Fprintf(w, `{"access_token":"s3cr3t-minted-%d","token_type":"bearer","expires_in":3600}`, n)
						}
						return
					}
					n := int(apiCalls.Add(1)) - 1
					if fault != nil && fault(t, w, r, n) {
						return
					}
					w.Header().Set("Content-Type", "application/json")
					w.Write([]byte(ticketOne))
				}))
				defer srv.Close()
				logs, logger := captureLogs()
				c := faultClient(t, srv, auth(), WithLogger(logger), WithRetryMax(2))
				seen := []string{fmt.Sprintf("%v", c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c), fmt.Sprintf("%+v", *c)}
				ctx := context.Background()
				_, err1 := c.Tickets.Get(ctx, 1)
				_, _, err2 := c.Tickets.Create(ctx, &TicketRequest{Comment: &Comment{Body: "x"}})
				_, err3 := c.Tickets.List(ctx, nil)
				for _, err := range []error{err1, err2, err3} {
					if err == nil {
						continue
					}
					seen = append(seen, err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err))
					if e := (*APIError)(nil); errors.As(err, &e) {
						seen = append(seen, string(e.Body))
					}
				}
				seen = append(seen, logs.String())
				for _, s := range seen {
					wantNoSecret(t, "what the caller sees", s)
				}
				applies := !strings.HasPrefix(faultName, "token endpoint") || authName == "client credentials"
				if applies && faultName != "500 then 200" && err1 == nil {
					t.Errorf("no error from %s", faultName)
				}
			})
		}
	}
}
