package zendesk

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Sentinel errors, for use with [errors.Is]. An [*APIError] matches the sentinel of its status
// code; errors found before a request is sent match [ErrInvalid].
var (
	// ErrNotFound matches a 404 answer: the ticket, user or job does not exist (or no longer).
	ErrNotFound = errors.New("not found")
	// ErrUnauthorized matches a 401 answer, and a refused OAuth token request.
	ErrUnauthorized = errors.New("unauthorized")
	// ErrForbidden matches a 403 answer, e.g. an OAuth token without the needed scope.
	ErrForbidden = errors.New("forbidden")
	// ErrConflict matches a 409 answer, e.g. a safe_update whose updated_stamp is stale.
	ErrConflict = errors.New("conflict")
	// ErrRateLimited matches a 429 answer that was not (or no longer) retried; see
	// [APIError.RetryAfter] for how long the server asked to wait.
	ErrRateLimited = errors.New("rate limited")
	// ErrInvalid matches 400 and 422 answers, and input refused by the SDK before any request
	// is sent (bulk limits, empty id lists, bad page sizes, zero ids).
	ErrInvalid = errors.New("invalid request")
	// ErrJobFailed matches the error of [JobStatusesService.Wait] for a job that ended failed or
	// killed.
	ErrJobFailed = errors.New("job failed")
	// ErrOutcomeUnknown matches the error of a request that must not be sent twice (an update
	// that adds a comment, see [TicketsService.Update]) whose answer was lost after it may have
	// reached Zendesk: it may or may not have been carried out, and it was not retried. Read
	// the state back before trying again.
	ErrOutcomeUnknown = errors.New("outcome unknown")
	// ErrSearchLimit matches the error that ends an iteration over search results at the most
	// Zendesk serves for one query (1,000): the request for more, which Zendesk would refuse,
	// is never sent. To read every match, use Search.ExportTickets, which pages by cursor
	// without that cap.
	ErrSearchLimit = errors.New("search result limit reached")
	// ErrTooManyComments matches the 422 answer to a comment on a ticket that already holds
	// the 5,000 comments Zendesk keeps on one ticket. The ticket takes no more comments (other
	// changes still pass): continue in a follow-up ticket (TicketRequest.ViaFollowupSourceID).
	// Such an error also matches [ErrInvalid], and its text says so.
	//
	// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_comments/
	ErrTooManyComments = errors.New("a ticket holds at most 5,000 comments")
)

// maxComments is the most comments Zendesk keeps on one ticket.
const maxComments = 5000

// maxErrorBody bounds how much of an error answer is read and kept: enough for any JSON error
// Zendesk sends, small enough that a misbehaving proxy cannot make the client buffer megabytes.
const maxErrorBody = 64 << 10

// APIError is the error for every answer with a status outside 2xx.
//
// Zendesk sends its errors in several shapes (`{"error": "RecordNotFound", "description": …}`,
// `{"error": {"title": …, "message": …}}`, `{"errors": [{"code": …, "title": …}]}`, and HTML or
// empty bodies from proxies); all of them fill the same fields here.
type APIError struct {
	// StatusCode is the HTTP status of the answer.
	StatusCode int
	// Code is the API's error code, such as "RecordInvalid", "RecordNotFound" or
	// "TooManyValues"; empty when the body had none.
	Code string
	// Description is the API's human-readable explanation, when it gave one.
	Description string
	// Details lists per-field validation errors of a 422 RecordInvalid answer, keyed by field.
	Details map[string][]ErrorDetail
	// RetryAfter is the wait the server asked for in its Retry-After header (429 and 503); a
	// wait past 1,000,000 s (about 11.5 days) reads as that bound, never as no wait.
	RetryAfter time.Duration
	// RequestID is Zendesk's id of the request (X-Request-Id or X-Zendesk-Request-Id), worth
	// quoting to Zendesk support.
	RequestID string
	// Method and Path name the request that failed (the path without query).
	Method, Path string
	// Body is the raw answer, at most 64 KiB of it.
	Body []byte
	// Attempts is how many times the request was sent before this answer was given up on:
	// 1 when it was not retried, 4 for a 500 answered to the first try and three retries. It
	// is 0 for errors not made by sending a request through the client.
	Attempts int
}

// ErrorDetail is one validation error of one field in [APIError.Details].
type ErrorDetail struct {
	// Error is the machine-readable reason, e.g. "InvalidValue" (older answers call it "type").
	Error string `json:"error"`
	// Description is the human-readable message.
	Description string `json:"description"`
}

// UnmarshalJSON accepts the current `{"error", "description"}` form, the older `{"type", …}`
// form, and a bare string.
func (d *ErrorDetail) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		*d = ErrorDetail{Description: s}
		return nil
	}
	var raw struct {
		Error       string `json:"error"`
		Type        string `json:"type"`
		Description string `json:"description"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	*d = ErrorDetail{Error: raw.Error, Description: raw.Description}
	if d.Error == "" {
		d.Error = raw.Type
	}
	return nil
}

// Error returns one line: the request, the status, and what the API said. It never contains
// credentials, the query string or the body.
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("zendesk: ")
	if e.Method != "" {
		b.WriteString(e.Method + " " + e.Path + ": ")
	}
	b.WriteString(strconv.Itoa(e.StatusCode))
	if text := http.StatusText(e.StatusCode); text != "" {
		b.WriteString(" " + text)
	}
	if e.Code != "" {
		b.WriteString(": " + oneLine(e.Code))
	}
	if e.Description != "" {
		b.WriteString(": " + oneLine(e.Description))
	}
	for _, field := range slices.Sorted(maps.Keys(e.Details)) {
		for _, d := range e.Details[field] {
			b.WriteString("; " + oneLine(field) + ": " + oneLine(firstNonEmpty(d.Description, d.Error)))
		}
	}
	if e.tooManyComments() {
		b.WriteString(" (a ticket holds at most 5,000 comments: continue in a follow-up ticket)")
	}
	if e.RetryAfter > 0 {
		b.WriteString(" (retry after " + e.RetryAfter.String() + ")")
	}
	if e.Attempts > 1 {
		b.WriteString(" (after " + strconv.Itoa(e.Attempts) + " attempts)")
	}
	if e.RequestID != "" {
		b.WriteString(" (request id " + oneLine(e.RequestID) + ")")
	}
	return b.String()
}

// Is makes errors.Is(err, ErrNotFound) and the other sentinels work on an *APIError.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrConflict:
		return e.StatusCode == http.StatusConflict
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrInvalid:
		return e.StatusCode == http.StatusBadRequest || e.StatusCode == http.StatusUnprocessableEntity
	case ErrTooManyComments:
		return e.tooManyComments()
	}
	return false
}

// tooManyComments reports whether e is Zendesk's refusal of a comment past the 5,000 a ticket
// keeps. Zendesk documents the limit but not the body of that 422, so the error is known by a
// TooManyComments code (zendesktest's), or by a message that speaks of "comments" and of
// 5,000 or "too many".
func (e *APIError) tooManyComments() bool {
	if e.StatusCode != http.StatusUnprocessableEntity {
		return false
	}
	says := func(texts ...string) bool {
		t := strings.ToLower(strings.Join(texts, " "))
		if strings.Contains(t, "toomanycomments") {
			return true
		}
		limit := strconv.Itoa(maxComments)
		// "comments", plural: a comment too long ("Comment is too long (maximum is …)") is
		// another error.
		return strings.Contains(t, "comments") && (strings.Contains(t, limit) ||
			strings.Contains(t, limit[:1]+","+limit[1:]) || strings.Contains(t, "too many"))
	}
	if says(e.Code, e.Description) {
		return true
	}
	for field, list := range e.Details {
		for _, d := range list {
			if says(field, d.Error, d.Description) {
				return true
			}
		}
	}
	return false
}

// newAPIError builds the error of a non-2xx answer from its status, headers and (bounded) body.
func newAPIError(method, path string, status int, h http.Header, body []byte) *APIError {
	e := &APIError{
		StatusCode: status,
		Method:     method,
		Path:       path,
		Body:       body,
		RequestID:  firstNonEmpty(h.Get("X-Request-Id"), h.Get("X-Zendesk-Request-Id")),
		RetryAfter: parseRetryAfter(h.Get("Retry-After"), time.Now()),
	}
	e.decodeBody(body)
	return e
}

// decodeBody fills Code, Description and Details from any of the JSON shapes Zendesk uses. A
// body that is not JSON leaves them empty: the status alone then says what happened.
func (e *APIError) decodeBody(body []byte) {
	var raw struct {
		Error            json.RawMessage `json:"error"`
		Description      json.RawMessage `json:"description"`
		ErrorDescription string          `json:"error_description"` // OAuth's shape
		Message          string          `json:"message"`
		Details          map[string]json.RawMessage
		Errors           []struct {
			Code   string `json:"code"`
			Title  string `json:"title"`
			Detail string `json:"detail"`
		} `json:"errors"`
	}
	if len(body) == 0 || json.Unmarshal(body, &raw) != nil {
		return
	}
	var s string
	switch {
	case json.Unmarshal(raw.Error, &s) == nil:
		// A code such as "RecordNotFound", or a sentence such as "Couldn't authenticate you".
		if strings.ContainsRune(s, ' ') {
			e.Description = s
		} else {
			e.Code = s
		}
	case len(raw.Error) > 0:
		var obj struct{ Title, Message string }
		if json.Unmarshal(raw.Error, &obj) == nil {
			e.Code, e.Description = obj.Title, obj.Message
		}
	case len(raw.Errors) > 0:
		first := raw.Errors[0]
		e.Code, e.Description = first.Code, firstNonEmpty(first.Detail, first.Title)
	}
	if json.Unmarshal(raw.Description, &s) == nil && s != "" {
		e.Description = s
	}
	e.Description = firstNonEmpty(e.Description, raw.ErrorDescription, raw.Message)
	for field, v := range raw.Details {
		var list []ErrorDetail
		if json.Unmarshal(v, &list) != nil {
			var one ErrorDetail
			if json.Unmarshal(v, &one) != nil {
				continue
			}
			list = []ErrorDetail{one}
		}
		if e.Details == nil {
			e.Details = make(map[string][]ErrorDetail, len(raw.Details))
		}
		e.Details[field] = list
	}
}

// redact replaces every secret (shorter ones are left: they would match ordinary text) in
// what the error shows and keeps.
func (e *APIError) redact(secrets ...string) {
	clean := func(s string) string { return redactString(s, secrets) }
	e.Code, e.Description, e.RequestID, e.Method, e.Path = clean(e.Code), clean(e.Description), clean(e.RequestID), clean(e.Method), clean(e.Path)
	if body := string(e.Body); redactString(body, secrets) != body {
		e.Body = []byte(redactString(body, secrets))
	}
	for field, list := range e.Details {
		for i := range list {
			list[i].Error, list[i].Description = clean(list[i].Error), clean(list[i].Description)
		}
		if cleaned := clean(field); cleaned != field {
			delete(e.Details, field)
			e.Details[cleaned] = list
		}
	}
}

// redact replaces every secret in what the error shows: the content type, and the text of the
// decoding error (an unparsable value is quoted in it). When the text had a secret, Err becomes
// an error with the cleaned text that still matches what the original matched with errors.Is
// (io.ErrUnexpectedEOF, …), but no longer unwraps to it: its values would show the secret.
func (e *DecodeError) redact(secrets ...string) {
	e.ContentType = redactString(e.ContentType, secrets)
	if e.Err == nil {
		return
	}
	if msg := e.Err.Error(); redactString(msg, secrets) != msg {
		e.Err = &redactedError{msg: redactString(msg, secrets), err: e.Err}
	}
}

// redactedError is an error whose text had a secret cleaned out of it; see DecodeError.redact.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }

// Is matches what the original error matched, without handing the original out.
func (e *redactedError) Is(target error) bool { return errors.Is(e.err, target) }

// redactString replaces each secret in s with "[redacted]". A secret of 8 bytes or more is
// also found cut short, by any prefix of 8 bytes or more (an error that quotes the first 40
// bytes of a value may quote half a token); a shorter one only whole, and one under 4 bytes
// not at all (it would match ordinary text).
func redactString(s string, secrets []string) string {
	for _, secret := range secrets {
		switch {
		case len(secret) < 4:
		case len(secret) < minSecretPrefix:
			s = strings.ReplaceAll(s, secret, "[redacted]")
		default:
			s = redactPrefixes(s, secret)
		}
	}
	return s
}

// minSecretPrefix is the shortest part of a secret's start that redactString cleans.
const minSecretPrefix = 8

func redactPrefixes(s, secret string) string {
	head := secret[:minSecretPrefix]
	if !strings.Contains(s, head) {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, head)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		n := minSecretPrefix
		for n < len(secret) && i+n < len(s) && s[i+n] == secret[n] {
			n++
		}
		b.WriteString(s[:i])
		b.WriteString("[redacted]")
		s = s[i+n:]
	}
}

// wrapError puts where an error happened in front of it: "zendesk: <where>: <err>", with the
// "zendesk: " that err's own text may start with said once, not twice.
type wrapError struct {
	where string
	err   error
}

func wrap(err error, where string) error { return &wrapError{where: where, err: err} }

func (e *wrapError) Error() string {
	return "zendesk: " + e.where + ": " + strings.TrimPrefix(e.err.Error(), "zendesk: ")
}

func (e *wrapError) Unwrap() error { return e.err }

// outcomeUnknownError is a lost answer to a request that was not retried for fear of doing it
// twice; it matches ErrOutcomeUnknown and unwraps to the connection error.
type outcomeUnknownError struct{ err error }

func (e *outcomeUnknownError) Error() string {
	return "outcome unknown: the answer was lost after the request may have reached Zendesk, and it is not retried (it must not be carried out twice): " + e.err.Error()
}

func (e *outcomeUnknownError) Is(target error) bool { return target == ErrOutcomeUnknown }
func (e *outcomeUnknownError) Unwrap() error        { return e.err }

// DecodeError reports a 2xx answer whose body could not be read as the JSON the endpoint
// documents: an HTML page from a proxy, a truncated body, or the wrong shape.
type DecodeError struct {
	// Method and Path name the request (the path without query).
	Method, Path string
	// StatusCode and ContentType describe the answer.
	StatusCode  int
	ContentType string
	// Err is the underlying decoding or reading error.
	Err error
}

// Error returns one line naming the request and the cause.
func (e *DecodeError) Error() string {
	return fmt.Sprintf("zendesk: %s %s: cannot decode %d answer (%s): %s",
		e.Method, e.Path, e.StatusCode, oneLine(firstNonEmpty(e.ContentType, "no content type")),
		strings.TrimPrefix(fmt.Sprint(e.Err), "zendesk: "))
}

// Unwrap returns the underlying error.
func (e *DecodeError) Unwrap() error { return e.Err }

// invalid returns a client-side validation error matching ErrInvalid; op names the method.
func invalid(op, format string, args ...any) error {
	return fmt.Errorf("zendesk: %s: %w: %s", op, ErrInvalid, fmt.Sprintf(format, args...))
}

// maxRetryAfterHeader bounds what parseRetryAfter returns: a longer wait (nonsense, or
// hostile) is read as this one, still far past any WithMaxRetryAfter, so that the call returns
// at once instead of retrying as if the server had asked for no wait.
const maxRetryAfterHeader = 1e6 * time.Second

// parseRetryAfter reads a Retry-After header: seconds, or an HTTP date. The result is within
// [0, maxRetryAfterHeader]; what is not a number or a date, or not in the future, is 0.
func parseRetryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
		// Written so that NaN, which compares false with everything, is refused too.
		if !(secs > 0) {
			return 0
		}
		if secs > maxRetryAfterHeader.Seconds() {
			return maxRetryAfterHeader
		}
		return time.Duration(secs * float64(time.Second))
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return min(t.Sub(now), maxRetryAfterHeader)
	}
	return 0
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// oneLine keeps a server-provided string from breaking the one-line error format.
func oneLine(s string) string {
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == '\t' {
			return ' '
		}
		return r
	}, s)
}
