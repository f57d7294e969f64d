package zendesk

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/google/go-querystring/query"
	"github.com/hashicorp/go-retryablehttp"
)

// request is one API call: everything that differs between endpoints.
type request struct {
	method string
	path   string     // relative to the base URL, e.g. "tickets/12.json"
	query  url.Values // nil for none
	body   any        // marshalled as JSON; nil for none
	// idempotencyKey, when set on a POST, is sent as Idempotency-Key and makes the request safe
	// to retry.
	idempotencyKey string
	// safeToRetry marks a POST that only reads (such as problem autocomplete), so repeating it
	// after a 5xx or a connection error cannot change anything.
	safeToRetry bool
	// emptyOK marks an endpoint documented to answer 2xx without a body. Elsewhere an empty
	// answer (a proxy's, or one cut short) is an error, not an empty result.
	emptyOK bool
	// onceOnly marks a request that must not reach the server twice (see callState.onceOnly):
	// an update whose TicketRequest carries a Comment, which a repeat would post again.
	onceOnly bool
	// stream, in place of body, is a raw body sent as it is read (an upload). One that cannot
	// be rewound is sent once: never retried, nor sent again after a 401.
	stream *streamBody
}

func (c *Client) get(ctx context.Context, path string, query url.Values, out any) (*http.Response, error) {
	return c.do(ctx, &request{method: http.MethodGet, path: path, query: query}, out)
}

func (c *Client) post(ctx context.Context, path string, body, out any) (*http.Response, error) {
	return c.do(ctx, &request{method: http.MethodPost, path: path, body: body}, out)
}

func (c *Client) put(ctx context.Context, path string, query url.Values, body, out any) (*http.Response, error) {
	return c.do(ctx, &request{method: http.MethodPut, path: path, query: query, body: body}, out)
}

func (c *Client) delete(ctx context.Context, path string, query url.Values, out any) (*http.Response, error) {
	return c.do(ctx, &request{method: http.MethodDelete, path: path, query: query}, out)
}

// do sends r and decodes a 2xx JSON answer into out (when out is non-nil and the status is not
// 204). An empty body is a *DecodeError unless r.emptyOK. A non-2xx answer becomes an
// *APIError that says how many attempts were made. Every other error names the call, the
// context's own included (still matching context.Canceled and context.DeadlineExceeded). The
// response is returned with its body closed, for callers that need the status or headers.
func (c *Client) do(ctx context.Context, r *request, out any) (*http.Response, error) {
	if ctx == nil {
		return nil, invalid(c.callOf(r), "nil context")
	}
	if err := ctx.Err(); err != nil {
		return nil, wrap(err, c.callOf(r))
	}
	var body []byte
	if r.body != nil {
		var err error
		if be, ok := r.body.(bodyEncoder); ok {
			body, err = be.encodeJSON()
		} else {
			body, err = json.Marshal(r.body)
		}
		if err != nil {
			return nil, wrap(err, c.callOf(r)+": encoding the request body")
		}
	}
	if r.idempotencyKey != "" && !validIdempotencyKey(r.idempotencyKey) {
		return nil, invalid(c.callOf(r), "idempotency key must be 1 to 255 printable ASCII characters")
	}
	u := c.baseStr + r.path
	if len(r.query) > 0 {
		// Commas stay literal (`ids=1,2,3`), as Zendesk writes its lists; they mean the same
		// escaped or not.
		u += "?" + strings.ReplaceAll(r.query.Encode(), "%2C", ",")
	}
	// Whether a retry can repeat the request's effect decides whether it may be retried after a
	// connection error or a 5xx. CheckRetry gets no request, so the context carries it, and
	// brings back how many attempts were made.
	oneShot := r.stream != nil && r.stream.rewind == nil
	st := &callState{
		retryable: r.method != http.MethodPost || r.idempotencyKey != "" || r.safeToRetry,
		onceOnly:  r.onceOnly,
		sendOnce:  oneShot,
	}
	ctx = withCallState(ctx, st)

	var resp *http.Response
	var authValue string
	for attempt := 0; ; attempt++ {
		var err error
		authValue, err = c.auth.header(ctx)
		if err != nil {
			return nil, wrap(err, c.callOf(r))
		}
		// A GET or DELETE without a body gets none, not an empty reader: net/http would probe
		// that reader with a goroutine and a timer on every request to learn it is empty. A
		// POST or PUT without one goes as it always has (chunked, empty).
		var raw any
		if body != nil || r.method != http.MethodGet && r.method != http.MethodDelete {
			raw = body
		}
		if r.stream != nil {
			raw = nil // a one-shot stream becomes the Body below, unseen by retryablehttp
			if !oneShot {
				raw = retryablehttp.ReaderFunc(r.stream.rewind) // from the start on each attempt
			}
		}
		req, err := retryablehttp.NewRequestWithContext(ctx, r.method, u, raw)
		if err != nil {
			return nil, wrap(err, c.callOf(r))
		}
		contentType := ""
		switch {
		case r.stream != nil:
			contentType = r.stream.contentType
			if oneShot {
				req.Body, req.ContentLength = io.NopCloser(r.stream.once), -1 // the caller closes its reader
			}
		case body != nil:
			contentType = "application/json"
		}
		setHeaders(req.Header, c.userAgent, authValue, contentType, r.idempotencyKey)
		resp, err = c.rc.Do(req)
		if err != nil {
			return nil, c.transportError(ctx, r, st, err)
		}
		if resp.StatusCode == http.StatusUnauthorized && attempt == 0 && !oneShot && c.auth.renew(ctx, authValue) {
			drainAndClose(resp.Body)
			c.log(ctx, slog.LevelInfo, "zendesk: 401 with a cached OAuth token; sending once more with a fresh one",
				"method", r.method, "path", r.path)
			continue
		}
		break
	}
	defer resp.Body.Close()
	if warn := resp.Header.Get("X-Zendesk-Api-Warn"); warn != "" {
		c.log(ctx, slog.LevelWarn, "zendesk: API warning", "method", r.method, "path", r.path, "warning", warn)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		apiErr := newAPIError(r.method, c.pathOf(r), resp.StatusCode, resp.Header, b)
		apiErr.Attempts = st.attempts
		apiErr.redact(append(secretsOf(authValue), c.secrets()...)...) // an answer that echoes the request stays clean
		c.log(ctx, slog.LevelDebug, "zendesk: request failed", "method", r.method, "path", r.path,
			"status", resp.StatusCode, "code", apiErr.Code, "request_id", apiErr.RequestID, "attempts", st.attempts)
		return resp, apiErr
	}
	if out == nil || resp.StatusCode == http.StatusNoContent {
		return resp, nil
	}
	return resp, c.decodeBody(r, resp, out, authValue)
}

// setHeaders sets the headers of a request: Accept, User-Agent and Authorization, and
// Content-Type and Idempotency-Key unless empty. h is a new request's, still empty. The values
// share one backing array, one allocation where Header.Set makes one per header; each is
// capped at its own length, so an append to one cannot reach another.
func setHeaders(h http.Header, userAgent, authValue, contentType, idempotencyKey string) {
	vs := []string{"application/json", userAgent, authValue, contentType, idempotencyKey}
	h["Accept"], h["User-Agent"], h["Authorization"] = vs[0:1:1], vs[1:2:2], vs[2:3:3]
	if contentType != "" {
		h["Content-Type"] = vs[3:4:4]
	}
	if idempotencyKey != "" {
		h["Idempotency-Key"] = vs[4:5:5]
	}
}

// callOf names r for errors: its method and its path on the wire, e.g.
// "GET /api/v2/tickets.json".
func (c *Client) callOf(r *request) string { return r.method + " " + c.pathOf(r) }

// decodeError is the one way a *DecodeError is made: the content type and the decoding error
// (which may quote a value of the answer) are cleaned of the client's credentials and of
// extra, so that a server echoing them shows nothing.
func (c *Client) decodeError(method, path string, resp *http.Response, err error, extra ...string) *DecodeError {
	e := &DecodeError{Method: method, Path: path, StatusCode: resp.StatusCode,
		ContentType: resp.Header.Get("Content-Type"), Err: err}
	e.redact(append(extra, c.secrets()...)...)
	return e
}

// pathOf is the path of r as it goes on the wire, under the base URL's own path, for errors
// and logs.
func (c *Client) pathOf(r *request) string { return c.base.Path + r.path }

// missingKey is the error of a 2xx answer that lacks the key the endpoint documents.
func (c *Client) missingKey(r *request, resp *http.Response, key string) error {
	return c.decodeError(r.method, c.pathOf(r), resp, errors.New(`no "`+key+`" in the answer`))
}

// doKey sends r and returns what its 2xx answer holds under key (`{"user": …}`), the one
// way a call reads a single record. An answer without the key, or with null there, is a
// *DecodeError that names the key, never a nil value with a nil error.
func doKey[T any](ctx context.Context, c *Client, r *request, key string) (*T, *http.Response, error) {
	body := &keyBody[T]{key: key}
	resp, err := c.do(ctx, r, body)
	if err != nil {
		return nil, resp, err
	}
	if body.v == nil {
		return nil, resp, c.missingKey(r, resp, key)
	}
	return body.v, resp, nil
}

// bodyEncoder is a request body that writes its own JSON. json.Marshal would check and copy
// again what a MarshalJSON method returns; a body that wraps one (a ticket request) spares
// that by writing the wrapper itself.
type bodyEncoder interface{ encodeJSON() ([]byte, error) }

// transportError wraps an error that left no answer: it names the call and the attempts made,
// the context's own error stays matchable with errors.Is, a lost answer to a request that must
// not be repeated matches ErrOutcomeUnknown, and nothing of the request but its method and path
// is quoted.
func (c *Client) transportError(ctx context.Context, r *request, st *callState, err error) error {
	c.log(ctx, slog.LevelDebug, "zendesk: request failed", "method", r.method, "path", r.path, "error", err,
		"attempts", st.attempts)
	call := c.callOf(r)
	if st.attempts > 1 {
		call += " (after " + strconv.Itoa(st.attempts) + " attempts)"
	}
	if ctxErr := contextError(err); ctxErr != nil && ctx.Err() != nil {
		return wrap(ctxErr, call)
	}
	err = unwrapURLError(err)
	if st.outcomeUnknown {
		err = &outcomeUnknownError{err: err}
	}
	return wrap(err, call)
}

func (c *Client) log(ctx context.Context, level slog.Level, msg string, args ...any) {
	if c.logger != nil {
		c.logger.Log(ctx, level, msg, args...)
	}
}

func drainAndClose(body io.ReadCloser) {
	_, _ = io.Copy(io.Discard, io.LimitReader(body, 4096))
	_ = body.Close()
}

// validIdempotencyKey keeps keys to printable ASCII, so a key cannot split a header.
func validIdempotencyKey(k string) bool {
	if len(k) == 0 || len(k) > 255 {
		return false
	}
	for i := 0; i < len(k); i++ {
		if k[i] < 0x21 || k[i] > 0x7e {
			return false
		}
	}
	return true
}

// encodeQuery is the one way an options struct becomes a query string: its `url:"…"` tags, read
// by go-querystring. Validation is the options' own, before this. op names the method for the
// error.
func encodeQuery(op string, opts any) (url.Values, error) {
	q, err := query.Values(opts)
	if err != nil {
		return nil, invalid(op, "options: %v", err)
	}
	return q, nil
}

// Do sends a request to any endpoint of the API, for the endpoints this package has no method
// for, with everything the methods have: auth, retries, rate-limit pacing, *APIError for an
// error status, and the same tolerant decoding of the answer.
//
// path is relative to the base URL's /api/v2/ and may carry a query, e.g.
// "macros.json?active=true". A path that is absolute, names a scheme or host, or climbs out of
// /api/v2/ (a ".." segment, escaped or not) is refused with [ErrInvalid] before anything is
// sent. body, when non-nil, is sent as JSON. A 2xx answer is decoded into out when out is
// non-nil and the answer has a body: out's fields need `json:"…"` tags, whose names match keys
// exactly; ids, numbers, times and text get the same tolerance as this package's models, and
// numbers inside values of type any come as [encoding/json.Number]. The response is returned
// for its status and headers; its body has already been read and closed.
//
// GET, PUT and DELETE are retried after a 5xx or a lost connection; a POST only when ctx carries
// a key from [ContextWithIdempotencyKey], which is then sent as Idempotency-Key.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/
func (c *Client) Do(ctx context.Context, method, path string, body, out any) (*http.Response, error) {
	const op = "Client.Do"
	if ctx == nil {
		return nil, invalid(op, "nil context")
	}
	switch method {
	case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
	default:
		return nil, invalid(op, "method %q is not one of GET, POST, PUT, PATCH or DELETE", method)
	}
	rel, q, err := apiPath(path)
	if err != nil {
		return nil, invalid(op, "path %q: %v", path, err)
	}
	r := &request{method: method, path: rel, query: q, body: body, emptyOK: true}
	if k, ok := ctx.Value(idempotencyKeyCtx{}).(string); ok && method == http.MethodPost {
		r.idempotencyKey = k // the caller's only: Do never makes a POST retryable by itself
	}
	return c.do(ctx, r, out)
}

// apiPath splits a path given to Do into the part under /api/v2/ and its query, refusing what
// could reach outside the API.
func apiPath(p string) (string, url.Values, error) {
	rawPath, rawQuery, _ := strings.Cut(p, "?")
	switch {
	case rawPath == "":
		return "", nil, errors.New("empty")
	case strings.ContainsAny(p, "#\\") || strings.ContainsFunc(p, func(r rune) bool { return r < 0x21 || r == 0x7f }):
		return "", nil, errors.New("a fragment, a backslash, white space or a control character")
	case strings.HasPrefix(rawPath, "/"):
		return "", nil, errors.New("absolute: give it relative to /api/v2/")
	}
	u, err := url.Parse(rawPath)
	if err != nil {
		return "", nil, err
	}
	if u.Scheme != "" || u.Host != "" || u.Opaque != "" {
		return "", nil, errors.New("names a scheme or host")
	}
	for _, seg := range strings.Split(u.Path, "/") {
		if seg == ".." || seg == "." {
			return "", nil, errors.New("climbs out of /api/v2/")
		}
	}
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return "", nil, err
	}
	return rawPath, q, nil
}
