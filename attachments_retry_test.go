package zendesk_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/ticketsdk/zendesk"
)

// The tests of this file run in synctest bubbles over a fake transport: every wait is bubble
// time, exact and instant, and each attempt is seen with the moment it was made.

const (
	dlBase = "https://acme.zendesk.com"
	dlFile = dlBase + "/attachments/token/T0K3N/?name=report.pdf"
	dlAuth = "Basic YWdlbnRAZXhhbXBsZS5jb20vdG9rZW46czNjcjN0LXRva2Vu" // agent@example.com/token:s3cr3t-token
	dlBody = "%PDF-1.7 the whole file"
)

// dlSeen is one request as the fake transport saw it.
type dlSeen struct {
	at   time.Time
	url  string
	auth string
}

// dlFake answers the requests that reach it with its steps in turn (the last one repeats).
type dlFake struct {
	mu    sync.Mutex
	steps []func(*http.Request) (*http.Response, error)
	seen  []dlSeen
}

func (f *dlFake) RoundTrip(req *http.Request) (*http.Response, error) {
	f.mu.Lock()
	step := f.steps[min(len(f.seen), len(f.steps)-1)]
	f.seen = append(f.seen, dlSeen{at: time.Now(), url: req.URL.String(), auth: req.Header.Get("Authorization")})
	f.mu.Unlock()
	return step(req)
}

func (f *dlFake) requests() []dlSeen {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]dlSeen(nil), f.seen...)
}

// gaps returns the time between one request and the next.
func (f *dlFake) gaps() []time.Duration {
	var gaps []time.Duration
	seen := f.requests()
	for i := 1; i < len(seen); i++ {
		gaps = append(gaps, seen[i].at.Sub(seen[i-1].at))
	}
	return gaps
}

// answer is a step that answers status with body r and header pairs (name, value, …).
func answer(status int, r io.Reader, header ...string) func(*http.Request) (*http.Response, error) {
	return func(*http.Request) (*http.Response, error) {
		h := http.Header{}
		for i := 0; i+1 < len(header); i += 2 {
			h.Set(header[i], header[i+1])
		}
		return &http.Response{StatusCode: status, Header: h, Body: io.NopCloser(r), ContentLength: -1}, nil
	}
}

func status(code int, header ...string) func(*http.Request) (*http.Response, error) {
	return answer(code, strings.NewReader(`{"error":"x"}`), header...)
}

func file(body string) func(*http.Request) (*http.Response, error) {
	return func(req *http.Request) (*http.Response, error) {
		return answer(200, strings.NewReader(body), "Content-Type", "application/pdf")(req)
	}
}

func redirect(to string) func(*http.Request) (*http.Response, error) {
	return func(req *http.Request) (*http.Response, error) {
		return answer(302, strings.NewReader(""), "Location", to)(req)
	}
}

func fail(err error) func(*http.Request) (*http.Response, error) {
	return func(*http.Request) (*http.Response, error) { return nil, err }
}

// errReset is a connection reset by the peer, as the network reports it.
var errReset = &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}

// cutReader gives head and then fails with errReset: a body cut short.
type cutReader struct{ head *strings.Reader }

func (r cutReader) Read(p []byte) (int, error) {
	if r.head.Len() > 0 {
		return r.head.Read(p)
	}
	return 0, errReset
}

// cutFile is a step that answers 200 and sends head of the body before the connection resets.
func cutFile(head string) func(*http.Request) (*http.Response, error) {
	return func(req *http.Request) (*http.Response, error) {
		return answer(200, cutReader{strings.NewReader(head)})(req)
	}
}

// dlClient returns a client whose requests reach f, with extra options last.
func dlClient(t *testing.T, f *dlFake, opts ...zendesk.Option) *zendesk.Client {
	t.Helper()
	c, err := zendesk.NewClient("", append([]zendesk.Option{zendesk.WithBaseURL(dlBase),
		zendesk.WithHTTPClient(&http.Client{Transport: f}), zendesk.WithAPIToken("agent@example.com", "s3cr3t-token"),
		zendesk.WithRetryWait(time.Second, 4*time.Second)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// inBackoff reports whether gap is a wait the backoff may draw before retry number i+1 with
// WithRetryWait(1s, 4s): the upper half of 1s doubled i times, at most 4s.
func inBackoff(gap time.Duration, i int) bool {
	ceiling := min(time.Second<<i, 4*time.Second)
	return gap >= ceiling/2 && gap <= ceiling
}

// TestDownloadRetriesBeforeTheFirstByte: a failure before any byte reached w is retried with
// the API calls' waits, and w ends up holding the file exactly once.
func TestDownloadRetriesBeforeTheFirstByte(t *testing.T) {
	cases := []struct {
		name  string
		steps []func(*http.Request) (*http.Response, error)
		waits []time.Duration // exact waits; nil: each in the backoff's range
	}{
		{"503", steps(status(503), file(dlBody)), nil},
		{"429 with Retry-After: 2", steps(status(429, "Retry-After", "2"), file(dlBody)), []time.Duration{2 * time.Second}},
		{"503 with Retry-After: 3", steps(status(503, "Retry-After", "3"), file(dlBody)), []time.Duration{3 * time.Second}},
		{"500, 502, 504", steps(status(500), status(502), status(504), file(dlBody)), nil},
		{"429 without Retry-After", steps(status(429), file(dlBody)), nil},
		{"connection reset before the answer", steps(fail(errReset), file(dlBody)), nil},
		{"connection reset before the first byte of the body", steps(cutFile(""), cutFile(""), file(dlBody)), nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := &dlFake{steps: tc.steps}
				c := dlClient(t, f)
				var buf bytes.Buffer
				n, err := c.Attachments.Download(context.Background(), dlFile, &buf)
				if err != nil || n != int64(len(dlBody)) || buf.String() != dlBody {
					t.Fatalf("Download = %d, %q, %v; want the file once", n, buf.String(), err)
				}
				if got := len(f.requests()); got != len(tc.steps) {
					t.Errorf("%d attempts, want %d", got, len(tc.steps))
				}
				for i, gap := range f.gaps() {
					if tc.waits != nil && gap != tc.waits[i] || tc.waits == nil && !inBackoff(gap, i) {
						t.Errorf("wait before attempt %d = %s (waits %v)", i+2, gap, tc.waits)
					}
				}
				for _, r := range f.requests() {
					if r.url != dlFile || r.auth != dlAuth {
						t.Errorf("attempt at %s with Authorization %q, want %s with the credential", r.url, r.auth, dlFile)
					}
				}
			})
		})
	}
}

func steps(s ...func(*http.Request) (*http.Response, error)) []func(*http.Request) (*http.Response, error) {
	return s
}

// TestDownloadRetryBudget: WithRetryMax bounds the attempts, and the error after the last one
// says how many were made: APIError.Attempts for a status, the text for a connection error,
// whose cause errors.Is and errors.As still find.
func TestDownloadRetryBudget(t *testing.T) {
	for _, retries := range []int{3, 1, 0} {
		t.Run(fmt.Sprintf("WithRetryMax(%d)", retries), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := &dlFake{steps: steps(status(503))}
				c := dlClient(t, f, zendesk.WithRetryMax(retries))
				var buf bytes.Buffer
				n, err := c.Attachments.Download(context.Background(), dlFile, &buf)
				var apiErr *zendesk.APIError
				if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 || n != 0 || buf.Len() != 0 {
					t.Fatalf("Download = %d, %q, %v; want the 503 and nothing written", n, buf.String(), err)
				}
				if got := len(f.requests()); got != retries+1 || apiErr.Attempts != retries+1 {
					t.Errorf("%d attempts, APIError.Attempts = %d; want %d", got, apiErr.Attempts, retries+1)
				}
				if retries > 0 && !strings.Contains(err.Error(), fmt.Sprintf("(after %d attempts)", retries+1)) {
					t.Errorf("error %q does not tell the attempts", err)
				}
			})
		})
	}
	t.Run("connection reset every time", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			f := &dlFake{steps: steps(fail(errReset))}
			c := dlClient(t, f)
			start := time.Now()
			_, err := c.Attachments.Download(context.Background(), dlFile, io.Discard)
			var opErr *net.OpError
			if !errors.Is(err, syscall.ECONNRESET) || !errors.As(err, &opErr) {
				t.Fatalf("err = %v; want the reset, matchable", err)
			}
			if got := len(f.requests()); got != 4 || !strings.Contains(err.Error(), "(after 4 attempts)") {
				t.Errorf("%d attempts, error %q; want 4, told", got, err)
			}
			if !strings.HasPrefix(err.Error(), "zendesk: GET acme.zendesk.com/attachments/token/[redacted]/") {
				t.Errorf("error %q does not name the call, or shows the file's token", err)
			}
			// Three waits, each in its backoff range: between 3.5 s and 7 s in all.
			if took := time.Since(start); took < 3500*time.Millisecond || took > 7*time.Second {
				t.Errorf("took %s", took)
			}
		})
	})
}

// TestDownloadRetryAfterBounds: a Retry-After past WithMaxRetryAfter, or a wait that would
// outlast the context's deadline, ends the download at once with the last error; a cancel
// during a wait ends it then.
func TestDownloadRetryAfterBounds(t *testing.T) {
	t.Run("past WithMaxRetryAfter", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			f := &dlFake{steps: steps(status(429, "Retry-After", "120"), file(dlBody))}
			c := dlClient(t, f, zendesk.WithMaxRetryAfter(time.Minute))
			start := time.Now()
			_, err := c.Attachments.Download(context.Background(), dlFile, io.Discard)
			var apiErr *zendesk.APIError
			if !errors.Is(err, zendesk.ErrRateLimited) || !errors.As(err, &apiErr) || apiErr.RetryAfter != 2*time.Minute ||
				apiErr.Attempts != 1 || time.Since(start) != 0 || len(f.requests()) != 1 {
				t.Errorf("err = %v (%+v) after %s, %d attempts; want the 429 at once", err, apiErr, time.Since(start), len(f.requests()))
			}
		})
	})
	t.Run("deadline shorter than Retry-After", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			// The 503's second fits in the 2.5 s; the 429's two more do not.
			f := &dlFake{steps: steps(status(503, "Retry-After", "1"), status(429, "Retry-After", "2"), file(dlBody))}
			c := dlClient(t, f)
			ctx, cancel := context.WithTimeout(context.Background(), 2500*time.Millisecond)
			defer cancel()
			start := time.Now()
			_, err := c.Attachments.Download(ctx, dlFile, io.Discard)
			var apiErr *zendesk.APIError
			if !errors.Is(err, zendesk.ErrRateLimited) || !errors.As(err, &apiErr) || apiErr.RetryAfter != 2*time.Second ||
				apiErr.Attempts != 2 || len(f.requests()) != 2 {
				t.Fatalf("err = %v (%+v), %d attempts; want the 429 of the second", err, apiErr, len(f.requests()))
			}
			if took := time.Since(start); took != time.Second {
				t.Errorf("returned after %s, want 1s (the 503's wait, then at once)", took)
			}
		})
	})
	t.Run("deadline shorter than the backoff", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			f := &dlFake{steps: steps(fail(errReset), file(dlBody))}
			c := dlClient(t, f, zendesk.WithRetryWait(10*time.Second, 20*time.Second))
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			defer cancel()
			start := time.Now()
			_, err := c.Attachments.Download(ctx, dlFile, io.Discard)
			if !errors.Is(err, syscall.ECONNRESET) || errors.Is(err, context.DeadlineExceeded) || time.Since(start) != 0 ||
				len(f.requests()) != 1 {
				t.Errorf("err = %v after %s, %d attempts; want the reset at once", err, time.Since(start), len(f.requests()))
			}
		})
	})
	t.Run("cancelled during the wait", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			f := &dlFake{steps: steps(status(503, "Retry-After", "2"), file(dlBody))}
			c := dlClient(t, f)
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(500*time.Millisecond, cancel)
			start := time.Now()
			_, err := c.Attachments.Download(ctx, dlFile, io.Discard)
			if !errors.Is(err, context.Canceled) || time.Since(start) != 500*time.Millisecond || len(f.requests()) != 1 ||
				!strings.HasPrefix(err.Error(), "zendesk: GET acme.zendesk.com/") {
				t.Errorf("err = %v after %s, %d attempts; want context.Canceled, named, at the cancel", err, time.Since(start), len(f.requests()))
			}
		})
	})
}

// TestDownloadNotRetriedAfterTheFirstByte: once part of the file is in w, a failure ends the
// download and says how much was written; a failing writer is not retried either.
func TestDownloadNotRetriedAfterTheFirstByte(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := &dlFake{steps: steps(status(503), cutFile("%PDF-1.7 "), file(dlBody))}
		c := dlClient(t, f)
		var buf bytes.Buffer
		n, err := c.Attachments.Download(context.Background(), dlFile, &buf)
		if n != 9 || buf.String() != "%PDF-1.7 " || !errors.Is(err, syscall.ECONNRESET) {
			t.Fatalf("Download = %d, %q, %v; want the 9 bytes and the reset", n, buf.String(), err)
		}
		if got := len(f.requests()); got != 2 || !strings.Contains(err.Error(), "(after 2 attempts): after 9 bytes") {
			t.Errorf("%d attempts, error %q; want 2, and the bytes told", got, err)
		}
	})
	synctest.Test(t, func(t *testing.T) {
		f := &dlFake{steps: steps(status(503), file(dlBody))}
		c := dlClient(t, f)
		_, err := c.Attachments.Download(context.Background(), dlFile, failWriter{})
		if !errors.Is(err, errDiskFull) || len(f.requests()) != 2 {
			t.Errorf("err = %v, %d attempts; want the writer's error after the one retry of the 503", err, len(f.requests()))
		}
	})
}

var errDiskFull = errors.New("disk full")

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errDiskFull }

// TestDownloadRetryClassifies: which failures are retried (the budget of four attempts used
// up) and which end the download at the first.
func TestDownloadRetryClassifies(t *testing.T) {
	tlsErr := &tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}}
	cases := []struct {
		name     string
		steps    []func(*http.Request) (*http.Response, error)
		requests int // requests made in all (redirects count)
		attempts int // APIError.Attempts; 0 for an error without an answer
		match    error
	}{
		{"connection reset", steps(fail(errReset)), 4, 0, syscall.ECONNRESET},
		{"unexpected EOF", steps(fail(io.ErrUnexpectedEOF)), 4, 0, io.ErrUnexpectedEOF},
		{"500", steps(status(500)), 4, 4, nil},
		{"404", steps(status(404)), 1, 1, zendesk.ErrNotFound},
		{"403", steps(status(403)), 1, 1, nil},
		{"401", steps(status(401)), 1, 1, nil},
		{"501", steps(status(501)), 1, 1, nil},
		{"certificate not verified", steps(fail(tlsErr)), 1, 0, tlsErr},
		{"redirect to a Location that is not a URL", steps(redirect("https://%zz/x")), 1, 0, nil},
		{"300 with a Location that is not a URL", steps(answer(300, strings.NewReader(""), "Location", "https://%zz/x")), 1, 1, nil},
		{"redirect to ftp", steps(redirect("ftp://files.example.com/x")), 1, 0, nil},
		{"redirect loop", steps(redirect(dlFile)), 10, 0, nil}, // the 11th is refused unsent
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := &dlFake{steps: tc.steps}
				c := dlClient(t, f)
				var buf bytes.Buffer
				n, err := c.Attachments.Download(context.Background(), dlFile, &buf)
				if err == nil || n != 0 || buf.Len() != 0 {
					t.Fatalf("Download = %d, %q, %v; want an error and nothing written", n, buf.String(), err)
				}
				if got := len(f.requests()); got != tc.requests {
					t.Errorf("%d requests, want %d (err %v)", got, tc.requests, err)
				}
				var apiErr *zendesk.APIError
				if errors.As(err, &apiErr) != (tc.attempts > 0) || tc.attempts > 0 && apiErr.Attempts != tc.attempts {
					t.Errorf("err = %v (%+v); want an APIError after %d attempts", err, apiErr, tc.attempts)
				}
				if tc.match != nil && !errors.Is(err, tc.match) {
					t.Errorf("err = %v, want it to match %v", err, tc.match)
				}
				if strings.Contains(err.Error(), "T0K3N") {
					t.Errorf("the error shows the file's token: %v", err)
				}
			})
		})
	}
}

// TestDownloadRetryKeepsTheCredentialRule: every attempt starts again at the content URL with
// the credential, and no attempt sends it away from the origin, nor back after leaving.
func TestDownloadRetryKeepsTheCredentialRule(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const away = "https://acme.zdusercontent.com/attachment/1?token=x"
		const back = dlBase + "/attachments/back"
		f := &dlFake{steps: steps(
			redirect(away), redirect(back), status(503), // attempt 1: out, back home, 503
			redirect(away), redirect(back), file(dlBody), // attempt 2: the same way, the file
		)}
		c := dlClient(t, f)
		var buf bytes.Buffer
		if n, err := c.Attachments.Download(context.Background(), dlFile, &buf); err != nil || buf.String() != dlBody {
			t.Fatalf("Download = %d, %q, %v", n, buf.String(), err)
		}
		want := []dlSeen{{url: dlFile, auth: dlAuth}, {url: away}, {url: back}, {url: dlFile, auth: dlAuth}, {url: away}, {url: back}}
		got := f.requests()
		if len(got) != len(want) {
			t.Fatalf("%d requests, want %d: %+v", len(got), len(want), got)
		}
		for i := range want {
			if got[i].url != want[i].url || got[i].auth != want[i].auth {
				t.Errorf("request %d: %s with Authorization %q, want %s with %q", i+1, got[i].url, got[i].auth, want[i].url, want[i].auth)
			}
		}
	})
}

// TestDownloadRetryStreams: a 64 MiB download that is retried once (a reset before the first
// byte, then a 503 with Retry-After) still streams: the live heap grows by less than 16 MiB,
// and w gets every byte once, in order. Under -short it is skipped.
//
//	go test -run TestDownloadRetryStreams -v .
func TestDownloadRetryStreams(t *testing.T) {
	if testing.Short() {
		t.Skip("moves 64 MiB")
	}
	synctest.Test(t, func(t *testing.T) {
		body := &patternReader{n: transferSize, w: &heapWatch{next: 1 << 62}}
		f := &dlFake{steps: steps(cutFile(""), status(503, "Retry-After", "1"), answer(200, body))}
		c := dlClient(t, f)
		w := newHeapWatch(4 << 20)
		out := &patternChecker{w: w}
		n, err := c.Attachments.Download(context.Background(), dlFile, out)
		if err != nil || n != transferSize || out.off != transferSize || out.bad != 0 {
			t.Fatalf("Download = %d bytes, %v; %d written (first wrong byte at %d)", n, err, out.off, out.bad-1)
		}
		if got := len(f.requests()); got != 3 {
			t.Errorf("%d attempts, want 3", got)
		}
		t.Logf("download of %d MiB after two failed attempts: live heap %d KiB at the start, grew by at most %d KiB",
			transferSize>>20, w.base>>10, w.grown()>>10)
		if w.grown() >= heapBound {
			t.Errorf("the download grew the live heap by %d KiB, want under %d KiB", w.grown()>>10, heapBound>>10)
		}
	})
}

// TestDownloadRetryLogs: each retry is logged with its wait, and no line shows the file's
// token (a *url.Error's text is the whole URL).
func TestDownloadRetryLogs(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var logs bytes.Buffer
		logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
		f := &dlFake{steps: steps(fail(errReset), status(503, "Retry-After", "2"), file(dlBody))}
		c := dlClient(t, f, zendesk.WithLogger(logger))
		if _, err := c.Attachments.Download(context.Background(), dlFile, io.Discard); err != nil {
			t.Fatal(err)
		}
		if got := strings.Count(logs.String(), "download failed; retrying"); got != 2 || !strings.Contains(logs.String(), "wait=2s") {
			t.Errorf("logged %d retries, want 2, the second waiting 2s:\n%s", got, logs.String())
		}
		if strings.Contains(logs.String(), "T0K3N") {
			t.Errorf("a log line shows the file's token:\n%s", logs.String())
		}
	})
}
