package zendesk

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// callState is what the retry policy knows of one call and learns while it runs. CheckRetry
// and Backoff get no request, only its context (and the answer), so the call's context carries
// it; it is made fresh for every call and used by one goroutine at a time.
type callState struct {
	// retryable: repeating the request cannot repeat its effect (GET, PUT and DELETE, a POST
	// that carries an Idempotency-Key, a token request), so it is retried after a 5xx or a
	// connection error.
	retryable bool
	// onceOnly: the request must not reach the server twice (an update that adds a comment,
	// which is not idempotent), so it is retried only where the server cannot have acted: 429,
	// 503, and a connection that failed before anything was sent.
	onceOnly bool
	// sendOnce: the body was streamed from a reader that cannot be rewound, so the request is
	// never sent again, not even after a 429 or 503.
	sendOnce bool

	attempts       int           // attempts made so far
	nextWait       time.Duration // the wait chosen for the next attempt, for backoff
	outcomeUnknown bool          // the last attempt failed after the server may have acted on it
}

type callStateKey struct{}

func withCallState(ctx context.Context, st *callState) context.Context {
	return context.WithValue(ctx, callStateKey{}, st)
}

func callStateOf(ctx context.Context) *callState {
	st, _ := ctx.Value(callStateKey{}).(*callState)
	return st
}

// newRetryClient builds the retrying transport over the caller's *http.Client, with the policy
// of the package doc: method-aware, Retry-After honoured up to a bound, silent unless a logger
// is given, and the last answer passed through rather than replaced by "giving up".
func (c *Client) newRetryClient(cfg config) *retryablehttp.Client {
	maxRetryAfter, minWait, maxWait := cfg.maxRetryAfter, cfg.retryWaitMin, cfg.retryWaitMax
	rc := &retryablehttp.Client{
		HTTPClient:   c.transport.client(),
		RetryMax:     cfg.retryMax,
		RetryWaitMin: cfg.retryWaitMin,
		RetryWaitMax: cfg.retryWaitMax,
		CheckRetry: func(ctx context.Context, resp *http.Response, err error) (bool, error) {
			return checkRetry(ctx, resp, err, maxRetryAfter, minWait, maxWait)
		},
		Backoff:      backoff,
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
	}
	if c.logger != nil { // a nil *slog.Logger in the interface would not be a nil Logger
		rc.Logger = c.logger
	}
	return rc
}

// checkRetry decides whether an attempt is tried again, and how long to wait before it.
//
// 429 and 503 mean the server did not act, so every method is retried, but only when the wait
// the server asked for fits under maxRetryAfter; otherwise the answer goes back to the caller at
// once with its RetryAfter. Other 5xx (but 501) and connection errors are retried only for
// requests whose repetition is harmless (see callState). No retry waits past the context's
// deadline: when the wait would outlive it, the last answer or error goes back at once.
func checkRetry(ctx context.Context, resp *http.Response, err error, maxRetryAfter, minWait, maxWait time.Duration) (bool, error) {
	st := callStateOf(ctx)
	if st == nil {
		st = &callState{} // a request sent without do's state: retried only where harmless for all
	}
	st.attempts++
	st.nextWait, st.outcomeUnknown = 0, false
	if ctxErr := ctx.Err(); ctxErr != nil {
		return false, ctxErr
	}
	if st.sendOnce {
		return false, nil
	}
	attempt := st.attempts - 1
	var wait time.Duration
	switch {
	case err != nil:
		if !st.retryable || permanentTransportError(err) {
			return false, nil
		}
		if st.onceOnly && !notSent(err) {
			st.outcomeUnknown = true
			return false, nil
		}
		// Backoff gets no answer here to find the state in, and draws its own jitter: judge
		// the deadline by the longest wait it can draw.
		wait = backoffCeiling(minWait, maxWait, attempt)
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable:
		wait = parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
		if wait > maxRetryAfter {
			return false, nil
		}
		if wait == 0 {
			wait = jitter(backoffCeiling(minWait, maxWait, attempt))
		}
	case resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented:
		if !st.retryable || st.onceOnly {
			return false, nil
		}
		wait = jitter(backoffCeiling(minWait, maxWait, attempt))
	default:
		return false, nil
	}
	if deadline, ok := ctx.Deadline(); ok && time.Now().Add(wait).After(deadline) {
		return false, nil
	}
	st.nextWait = wait
	return true, nil
}

// backoff returns the wait checkRetry chose for the answer's call; without one (a connection
// error, which leaves no answer to find the call by) it draws an exponential wait from minWait
// to maxWait with jitter, so that many clients retrying together do not arrive together.
func backoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil && resp.Request != nil {
		if st := callStateOf(resp.Request.Context()); st != nil && st.nextWait > 0 {
			return st.nextWait
		}
	}
	if resp != nil && (resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable) {
		if wait := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); wait > 0 {
			return wait
		}
	}
	return jitter(backoffCeiling(minWait, maxWait, attempt))
}

// backoffCeiling is the exponential wait before retry number attempt+1: minWait doubled each
// time, at most maxWait.
func backoffCeiling(minWait, maxWait time.Duration, attempt int) time.Duration {
	wait := minWait << min(attempt, 30)
	if wait > maxWait || wait <= 0 {
		wait = maxWait
	}
	return max(wait, 0)
}

// jitter draws a wait in the upper half of wait: never less than half of it.
func jitter(wait time.Duration) time.Duration {
	if wait <= 0 {
		return 0
	}
	return wait/2 + rand.N(wait/2+1)
}

// notSent reports a connection error that ended the attempt before any of the request was
// written: the dial failed (refused, unreachable, timed out), so the server cannot have acted.
func notSent(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// permanentTransportError reports errors that a retry cannot cure: certificates that do not
// verify, a host that does not exist (a mistyped subdomain: the resolver's "no such host",
// not its timeouts), and a rate-limit wait that would outlive the context.
func permanentTransportError(err error) bool {
	var (
		unknownAuthority x509.UnknownAuthorityError
		certInvalid      x509.CertificateInvalidError
		hostname         x509.HostnameError
		verification     *tls.CertificateVerificationError
		dns              *net.DNSError
	)
	return errors.As(err, &unknownAuthority) || errors.As(err, &certInvalid) || errors.As(err, &hostname) ||
		errors.As(err, &verification) || errors.As(err, &dns) && dns.IsNotFound || errors.Is(err, ErrRateLimited)
}

// contextError returns the context's error when err was caused by it, so callers can match
// context.Canceled and context.DeadlineExceeded with errors.Is.
func contextError(err error) error {
	switch {
	case errors.Is(err, context.Canceled):
		return context.Canceled
	case errors.Is(err, context.DeadlineExceeded):
		return context.DeadlineExceeded
	}
	return nil
}

// unwrapURLError drops a *url.Error's wrapping, whose text repeats the whole URL.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
