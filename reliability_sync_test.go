package zendesk

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"golang.org/x/oauth2"
)

// blockingSource is a token source whose Token blocks until release is closed, as one stuck on
// a slow identity provider does; it takes no context, so only the client can give up on it.
type blockingSource struct{ release chan struct{} }

func (s blockingSource) Token() (*oauth2.Token, error) {
	<-s.release
	return &oauth2.Token{AccessToken: "late"}, nil
}

// TestTokenSourceBlockingHonoursContext (issue 12, item 5): a call whose context ends while the
// token source is still blocked returns the context's error at its deadline, and so does a
// second call queued behind the same fetch.
func TestTokenSourceBlockingHonoursContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := blockingSource{release: make(chan struct{})}
		c, mock := setupWith(t, WithTokenSource(src))
		api := on(t, mock, "GET", "/api/v2/tickets/1.json", respond(200, `{}`))
		for _, d := range []time.Duration{200 * time.Millisecond, 300 * time.Millisecond} {
			ctx, cancel := context.WithTimeout(context.Background(), d)
			start := time.Now()
			_, err := c.get(ctx, "tickets/1.json", nil, nil)
			cancel()
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("err = %v, want context.DeadlineExceeded", err)
			}
			if waited := time.Since(start); waited != d {
				t.Errorf("waited %s for a %s deadline", waited, d)
			}
		}
		close(src.release)
		if _, err := c.get(context.Background(), "tickets/1.json", nil, nil); err != nil {
			t.Fatal(err)
		}
		if got := api.last(t).Header.Get("Authorization"); got != "Bearer late" {
			t.Errorf("Authorization = %q", got)
		}
	})
}

// TestTokenFailureSharedByWaiters (issue 12, item 6): ten calls that need a token while one
// token request is failing share its failure: the endpoint sees one request and its retries
// (4), not ten rounds of them (40).
func TestTokenFailureSharedByWaiters(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mock := setupWith(t, WithClientCredentials("id", "secret"))
		release := make(chan struct{})
		var once sync.Once
		tok := on(t, mock, "POST", "/oauth/tokens", func(req *http.Request) (*http.Response, error) {
			once.Do(func() { <-release }) // the first request waits until every caller queues
			return respond(500, `{"error":"server_error"}`)(req)
		})
		api := on(t, mock, "GET", "/api/v2/tickets/1.json", respond(200, `{}`))
		errs := make([]error, 10)
		var wg sync.WaitGroup
		for i := range errs {
			wg.Go(func() { _, errs[i] = c.get(context.Background(), "tickets/1.json", nil, nil) })
		}
		synctest.Wait()
		close(release)
		wg.Wait()
		if n := tok.count(); n != 4 {
			t.Errorf("%d token requests for 10 waiting calls, want 4 (one fetch and its 3 retries)", n)
		}
		for i, err := range errs {
			var apiErr *APIError
			if !errors.As(err, &apiErr) || apiErr.StatusCode != 500 || apiErr.Path != "/oauth/tokens" {
				t.Errorf("call %d: err = %v, want the token endpoint's 500", i, err)
			}
		}
		if api.count() != 0 {
			t.Errorf("%d API requests without a token", api.count())
		}
	})
}
