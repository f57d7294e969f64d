package zendesk_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"golang.org/x/oauth2"

	"github.com/ticketsdk/zendesk"
)

// The tests of this file check that Download renews an OAuth token the origin answered 401 to,
// once, as API calls do; and nothing else. They reuse the fake transport and the steps of
// attachments_retry_test.go, in synctest bubbles.

// dlHost is a file host other than the base URL's origin, as Zendesk serves files from.
const dlHost = "https://acme.zdusercontent.com/attachments/token/H0ST/?name=report.pdf"

// denied is a 401 as Zendesk answers an expired token.
var denied = func(req *http.Request) (*http.Response, error) {
	return answer(401, strings.NewReader(`{"error":"invalid_token","error_description":"The access token provided is expired, revoked, malformed or invalid."}`),
		"Content-Type", "application/json")(req)
}

// tokenFake serves POST /oauth/tokens on the base URL's origin with "tok-1", "tok-2", … and
// passes every other request to files.
type tokenFake struct {
	files *dlFake
	mu    sync.Mutex
	n     int // tokens given
}

func (f *tokenFake) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Host != "acme.zendesk.com" || req.URL.Path != "/oauth/tokens" {
		return f.files.RoundTrip(req)
	}
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		req.Body.Close()
	}
	f.mu.Lock()
	f.n++
	tok := fmt.Sprintf(`{"access_token":"tok-%d","token_type":"bearer","expires_in":3600}`, f.n)
	f.mu.Unlock()
	return answer(200, strings.NewReader(tok), "Content-Type", "application/json")(req)
}

func (f *tokenFake) tokens() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.n
}

// oauthClient returns a client with the client credentials grant whose requests, token
// requests included, reach f; extra options last.
func oauthClient(t *testing.T, f *tokenFake, opts ...zendesk.Option) *zendesk.Client {
	t.Helper()
	c, err := zendesk.NewClient("", append([]zendesk.Option{zendesk.WithBaseURL(dlBase),
		zendesk.WithHTTPClient(&http.Client{Transport: f}), zendesk.WithClientCredentials("app", "cl13nt-s3cr3t"),
		zendesk.WithRetryWait(time.Second, 4*time.Second)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// countingSource gives "src-1", "src-2", … one a call.
type countingSource struct {
	mu sync.Mutex
	n  int
}

func (s *countingSource) Token() (*oauth2.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n++
	return &oauth2.Token{AccessToken: fmt.Sprintf("src-%d", s.n), TokenType: "Bearer", Expiry: time.Now().Add(time.Hour)}, nil
}

// wantAttempts checks what each attempt at the file went to and carried.
func wantAttempts(t *testing.T, f *dlFake, want ...dlSeen) {
	t.Helper()
	got := f.requests()
	if len(got) != len(want) {
		t.Errorf("%d requests for the file, want %d: %+v", len(got), len(want), got)
		return
	}
	for i := range want {
		if got[i].url != want[i].url || got[i].auth != want[i].auth {
			t.Errorf("request %d went to %s with Authorization %q, want %s with %q", i+1, got[i].url, got[i].auth, want[i].url, want[i].auth)
		}
	}
}

// TestDownloadRenewsAnExpiredToken: a 401 from the origin to the cached OAuth token fetches a
// fresh one and downloads once more; the file arrives, once, with nothing of the 401 in w. The
// renewal is not one of the retries WithRetryMax counts, and retries before and after it work
// as before.
func TestDownloadRenewsAnExpiredToken(t *testing.T) {
	cases := []struct {
		name     string
		retryMax int
		steps    []func(*http.Request) (*http.Response, error)
		auths    []string // the Authorization of each attempt
		tokens   int
	}{
		{"401 then the file", 3, steps(denied, file(dlBody)), []string{"Bearer tok-1", "Bearer tok-2"}, 2},
		{"WithRetryMax(0)", 0, steps(denied, file(dlBody)), []string{"Bearer tok-1", "Bearer tok-2"}, 2},
		{"503, 401, 503, the file with WithRetryMax(2)", 2, steps(status(503), denied, status(503), file(dlBody)),
			[]string{"Bearer tok-1", "Bearer tok-1", "Bearer tok-2", "Bearer tok-2"}, 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := &tokenFake{files: &dlFake{steps: tc.steps}}
				c := oauthClient(t, f, zendesk.WithRetryMax(tc.retryMax))
				var buf bytes.Buffer
				n, err := c.Attachments.Download(context.Background(), dlFile, &buf)
				if err != nil || n != int64(len(dlBody)) || buf.String() != dlBody {
					t.Fatalf("Download = %d, %q, %v; want the file once", n, buf.String(), err)
				}
				var want []dlSeen
				for _, a := range tc.auths {
					want = append(want, dlSeen{url: dlFile, auth: a})
				}
				wantAttempts(t, f.files, want...)
				if got := f.tokens(); got != tc.tokens {
					t.Errorf("%d token requests, want %d", got, tc.tokens)
				}
			})
		})
	}
}

// TestDownloadSendsTheFreshToken: the attempt after the renewal carries the new token, not the
// one refused, whichever way the client gets its tokens; and the next call uses it too.
func TestDownloadSendsTheFreshToken(t *testing.T) {
	cases := []struct {
		name  string
		auth  func(*tokenFake) zendesk.Option
		first string
		fresh string
	}{
		{"WithClientCredentials", func(*tokenFake) zendesk.Option { return zendesk.WithClientCredentials("app", "cl13nt-s3cr3t") },
			"Bearer tok-1", "Bearer tok-2"},
		{"WithTokenSource", func(*tokenFake) zendesk.Option { return zendesk.WithTokenSource(&countingSource{}) },
			"Bearer src-1", "Bearer src-2"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := &tokenFake{files: &dlFake{steps: steps(denied, file(dlBody), file(dlBody))}}
				c, err := zendesk.NewClient("", zendesk.WithBaseURL(dlBase), zendesk.WithHTTPClient(&http.Client{Transport: f}), tc.auth(f))
				if err != nil {
					t.Fatal(err)
				}
				for range 2 {
					var buf bytes.Buffer
					if n, err := c.Attachments.Download(context.Background(), dlFile, &buf); err != nil || buf.String() != dlBody {
						t.Fatalf("Download = %d, %q, %v; want the file", n, buf.String(), err)
					}
				}
				wantAttempts(t, f.files, dlSeen{url: dlFile, auth: tc.first}, dlSeen{url: dlFile, auth: tc.fresh},
					dlSeen{url: dlFile, auth: tc.fresh})
			})
		})
	}
}

// TestDownloadSecond401IsFinal: the fresh token refused too, the 401 is returned, after two
// attempts and one renewal, with nothing written.
func TestDownloadSecond401IsFinal(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := &tokenFake{files: &dlFake{steps: steps(denied, denied, file(dlBody))}}
		c := oauthClient(t, f)
		var buf bytes.Buffer
		n, err := c.Attachments.Download(context.Background(), dlFile, &buf)
		var apiErr *zendesk.APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 401 || !errors.Is(err, zendesk.ErrUnauthorized) {
			t.Fatalf("Download error = %v, want an *APIError 401", err)
		}
		if apiErr.Attempts != 2 {
			t.Errorf("Attempts = %d, want 2", apiErr.Attempts)
		}
		if n != 0 || buf.Len() != 0 {
			t.Errorf("Download wrote %d bytes (%q), want none", n, buf.String())
		}
		wantAttempts(t, f.files, dlSeen{url: dlFile, auth: "Bearer tok-1"}, dlSeen{url: dlFile, auth: "Bearer tok-2"})
		if got := f.tokens(); got != 2 {
			t.Errorf("%d token requests, want 2 (one renewal)", got)
		}
		if strings.Contains(err.Error(), "tok-") || strings.Contains(err.Error(), "T0K3N") {
			t.Errorf("error %q quotes a token", err)
		}
	})
}

// TestDownload401FromAnotherOriginIsFinal: a 401 to a request that carried no credentials (a
// file on the attachment host, or reached by a redirect that left the origin, even back to
// it) says nothing of the token: it is returned at once, and no token is asked for. The first
// case, a 401 from the origin to the token, shows that a renewal would be seen.
func TestDownload401FromAnotherOriginIsFinal(t *testing.T) {
	cases := []struct {
		name     string
		url      string
		steps    []func(*http.Request) (*http.Response, error)
		want     []dlSeen
		tokens   int
		renewed  bool
		attempts int
	}{
		{"control: the origin, with the token", dlFile, steps(denied, file(dlBody)),
			[]dlSeen{{url: dlFile, auth: "Bearer tok-1"}, {url: dlFile, auth: "Bearer tok-2"}}, 2, true, 2},
		{"a file on the attachment host", dlHost, steps(denied, file(dlBody)),
			[]dlSeen{{url: dlHost}}, 0, false, 1},
		{"redirected from the origin to the attachment host", dlFile, steps(redirect(dlHost), denied, file(dlBody)),
			[]dlSeen{{url: dlFile, auth: "Bearer tok-1"}, {url: dlHost}}, 1, false, 1},
		{"redirected away and back to the origin", dlFile, steps(redirect(dlHost), redirect(dlFile), denied, file(dlBody)),
			[]dlSeen{{url: dlFile, auth: "Bearer tok-1"}, {url: dlHost}, {url: dlFile}}, 1, false, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := &tokenFake{files: &dlFake{steps: tc.steps}}
				c := oauthClient(t, f)
				var buf bytes.Buffer
				n, err := c.Attachments.Download(context.Background(), tc.url, &buf)
				if tc.renewed {
					if err != nil || buf.String() != dlBody {
						t.Fatalf("Download = %d, %q, %v; want the file after a renewal", n, buf.String(), err)
					}
				} else {
					var apiErr *zendesk.APIError
					if !errors.As(err, &apiErr) || apiErr.StatusCode != 401 {
						t.Fatalf("Download = %d, %v; want the 401", n, err)
					}
					if apiErr.Attempts != tc.attempts {
						t.Errorf("Attempts = %d, want %d", apiErr.Attempts, tc.attempts)
					}
					if n != 0 || buf.Len() != 0 {
						t.Errorf("Download wrote %d bytes, want none", n)
					}
				}
				wantAttempts(t, f.files, tc.want...)
				if got := f.tokens(); got != tc.tokens {
					t.Errorf("%d token requests, want %d", got, tc.tokens)
				}
			})
		})
	}
}

// TestDownload401WithStaticCredentialsIsFinal: an API token, a password or a fixed OAuth token
// cannot be renewed: the origin's 401 is returned after one attempt. The OAuth case shows the
// same answers would be renewed past.
func TestDownload401WithStaticCredentialsIsFinal(t *testing.T) {
	cases := []struct {
		name    string
		auth    zendesk.Option
		header  string
		renewed bool
	}{
		{"control: WithClientCredentials", zendesk.WithClientCredentials("app", "cl13nt-s3cr3t"), "Bearer tok-1", true},
		{"WithAPIToken", zendesk.WithAPIToken("agent@example.com", "s3cr3t-token"), dlAuth, false},
		{"WithBasicAuth", zendesk.WithBasicAuth("agent@example.com", "pa55word"), "Basic YWdlbnRAZXhhbXBsZS5jb206cGE1NXdvcmQ=", false},
		{"WithOAuthToken", zendesk.WithOAuthToken("f1xed"), "Bearer f1xed", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := &tokenFake{files: &dlFake{steps: steps(denied, file(dlBody))}}
				c, err := zendesk.NewClient("", zendesk.WithBaseURL(dlBase), zendesk.WithHTTPClient(&http.Client{Transport: f}), tc.auth)
				if err != nil {
					t.Fatal(err)
				}
				var buf bytes.Buffer
				n, err := c.Attachments.Download(context.Background(), dlFile, &buf)
				if tc.renewed {
					if err != nil || buf.String() != dlBody || len(f.files.requests()) != 2 {
						t.Fatalf("Download = %d, %q, %v after %d requests; want the file after a renewal", n, buf.String(), err, len(f.files.requests()))
					}
					return
				}
				var apiErr *zendesk.APIError
				if !errors.As(err, &apiErr) || apiErr.StatusCode != 401 || apiErr.Attempts != 1 {
					t.Fatalf("Download = %d, %v; want the 401 after one attempt", n, err)
				}
				if n != 0 || buf.Len() != 0 {
					t.Errorf("Download wrote %d bytes, want none", n)
				}
				wantAttempts(t, f.files, dlSeen{url: dlFile, auth: tc.header})
				if got := f.tokens(); got != 0 {
					t.Errorf("%d token requests, want none", got)
				}
			})
		})
	}
}
