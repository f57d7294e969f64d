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

// retryableKey marks in a request's context whether repeating the request is harmless: GET,
// PUT and DELETE are, and so is a POST that carries an Idempotency-Key.
type retryableKey struct{}

// sendOnceKey marks in a request's context a request that must not be sent again at all, not
// even after a 429 or 503: its body was streamed from a reader that cannot be rewound.
type sendOnceKey struct{}

// newRetryClient builds the retrying transport over the caller's *http.Client, with the policy
// of the package doc: method-aware, Retry-After honoured up to a bound, silent unless a logger
// is given, and the last answer passed through rather than replaced by "giving up".
func (c *Client) newRetryClient(cfg config) *retryablehttp.Client {
	maxRetryAfter := cfg.maxRetryAfter
	rc := &retryablehttp.Client{
		HTTPClient:   c.transport.client(),
		RetryMax:     cfg.retryMax,
		RetryWaitMin: cfg.retryWaitMin,
		RetryWaitMax: cfg.retryWaitMax,
		CheckRetry: func(ctx context.Context, resp *http.Response, err error) (bool, error) {
			return checkRetry(ctx, resp, err, maxRetryAfter)
		},
		Backoff:      backoff,
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
	}
	if cfg.logger != nil { // a nil *slog.Logger in the interface would not be a nil Logger
		rc.Logger = cfg.logger
	}
	return rc
}

// checkRetry decides whether an attempt is tried again.
//
// 429 and 503 mean the server did not act, so every method is retried, but only when the wait
// the server asked for fits under maxRetryAfter and before the context's deadline; otherwise the
// answer goes back to the caller at once with its RetryAfter. Other 5xx (but 501) and connection
// errors are retried only for requests whose repetition is harmless.
func checkRetry(ctx context.Context, resp *http.Response, err error, maxRetryAfter time.Duration) (bool, error) {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return false, ctxErr
	}
	if once, _ := ctx.Value(sendOnceKey{}).(bool); once {
		return false, nil
	}
	retryable, _ := ctx.Value(retryableKey{}).(bool)
	if err != nil {
		return retryable && !permanentTransportError(err), nil
	}
	switch code := resp.StatusCode; {
	case code == http.StatusTooManyRequests || code == http.StatusServiceUnavailable:
		wait := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
		if wait > maxRetryAfter {
			return false, nil
		}
		if deadline, ok := ctx.Deadline(); ok && time.Now().Add(wait).After(deadline) {
			return false, nil
		}
		return true, nil
	case code >= 500 && code != http.StatusNotImplemented:
		return retryable, nil
	}
	return false, nil
}

// backoff waits what Retry-After asks on 429 and 503 (checkRetry has already bounded it), and
// otherwise grows exponentially from minWait to maxWait with jitter, so that many clients
// retrying together do not arrive together.
func backoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil && (resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable) {
		if wait := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); wait > 0 {
			return wait
		}
	}
	wait := minWait << min(attempt, 30)
	if wait > maxWait || wait <= 0 {
		wait = maxWait
	}
	if wait <= 0 {
		return 0
	}
	// Full jitter in the upper half: never less than half the computed wait.
	return wait/2 + rand.N(wait/2+1)
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
