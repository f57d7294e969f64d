package zendesk

// Every answer is read here, with json v2 (github.com/go-json-experiment/json, the module form
// of Go 1.27's encoding/json/v2). The models are plain tagged structs; what real traffic needs
// beyond that is written once, below, as rules for types (json.WithUnmarshalers): ids and
// counts as numbers, numeric strings or floats; text that arrives as a number or a bool; bools
// as "true"/"false" strings; null anywhere; times in the forms Zendesk sends; any-typed values
// with numbers as json.Number. A few types whose JSON changes shape (Via, SatisfactionRating,
// JobResult, a job's results, AuditMetadata, AuditEvent, Collaborator) have a rule of their
// own. This file and pagedecode.go are the only ones that import json v2: when Go 1.27 is the
// oldest supported release, the import moves to the standard library and nothing else changes.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// maxValueDepth bounds how deep a value decoded into a Go any (a custom field value, an audit
// event's value, metadata, a map given to Client.Do) may nest. Deeper is a *DecodeError:
// Zendesk sends nothing near it, and a bound keeps a hostile answer from costing more than its
// size. Values that are skipped or kept as raw JSON are read in linear time whatever their depth.
const maxValueDepth = 64

// defaultMaxResponseBytes is the default bound on the bytes read from one 2xx answer (after
// gzip is undone); see [WithMaxResponseBytes]. The largest real answers (an incremental export
// page of 1,000 tickets with side-loads) stay well under it.
const defaultMaxResponseBytes = 64 << 20

// pageSlack is how many items past twice the page size asked for a page may hold before it is
// refused: a server may round a size up, never by that much.
const pageSlack = 50

// decodeOptions are the options of every read: exact key matching (v2's default, never its
// case-insensitive mode, which also ignores '_' and '-'), duplicate keys and invalid UTF-8
// accepted as encoding/json accepts them, and the rules below.
var decodeOptions jsonv2.Options

func init() { // not an initializer: the rules themselves read decodeOptions
	decodeOptions = jsonv2.JoinOptions(
		jsontext.AllowDuplicateNames(true),
		jsontext.AllowInvalidUTF8(true),
		jsonv2.WithUnmarshalers(jsonv2.JoinUnmarshalers(
			// Scalars that real traffic sends in other types.
			jsonv2.UnmarshalFromFunc(func(dec *jsontext.Decoder, v *int64) error { return readInt(dec, v) }),
			jsonv2.UnmarshalFromFunc(func(dec *jsontext.Decoder, v *int) error {
				var n int64
				err := readInt(dec, &n)
				*v = int(n)
				return err
			}),
			jsonv2.UnmarshalFromFunc(readText[string]),
			jsonv2.UnmarshalFromFunc(readText[TicketType]),
			jsonv2.UnmarshalFromFunc(readText[Priority]),
			jsonv2.UnmarshalFromFunc(readText[Status]),
			jsonv2.UnmarshalFromFunc(readText[JobState]),
			jsonv2.UnmarshalFromFunc(readBool),
			jsonv2.UnmarshalFromFunc(readTime),
			jsonv2.UnmarshalFromFunc(func(dec *jsontext.Decoder, v *any) error {
				var err error
				*v, err = readAny(dec, false)
				return err
			}),
			jsonv2.UnmarshalFromFunc(readListOrNil[int64]),
			jsonv2.UnmarshalFromFunc(readListOrNil[string]),

			// The models: each decodes into a fresh value (v2 merges an object into a non-zero
			// struct), and through its plain twin, so that encoding/json's UnmarshalJSON method,
			// kept for callers who decode a model themselves, is never called from here.
			plain[Ticket, ticketPlain](),
			plain[Audit, auditPlain](),
			plain[User, userPlain](),
			plain[Group, groupPlain](),
			plain[Organization, organizationPlain](),
			plain[Sideloads, sideloadsPlain](),
			plain[JobStatus, jobStatusPlain](),
			plain[TicketRelated, ticketRelatedPlain](),
			plain[TicketComment, ticketCommentPlain](),
			plain[Attachment, attachmentPlain](),
			plain[Upload, uploadPlain](),
			plain[TicketField, ticketFieldPlain](),
			plain[FieldOption, fieldOptionPlain](),
			plain[DeletedTicket, deletedTicketPlain](),
			plain[DeletedBy, deletedByPlain](),
			plain[TwicketStatus, twicketStatusPlain](),
			jsonv2.UnmarshalFromFunc(readTicketEvent),
			jsonv2.UnmarshalFromFunc(readVia),
			jsonv2.UnmarshalFromFunc(readViaSource),
			jsonv2.UnmarshalFromFunc(readViaEndpoint),
			jsonv2.UnmarshalFromFunc(readSatisfactionRating),
			jsonv2.UnmarshalFromFunc(readCustomField),
			jsonv2.UnmarshalFromFunc(readAuditMetadata),
			jsonv2.UnmarshalFromFunc(readAuditEvent),
			jsonv2.UnmarshalFromFunc(readJobResult),
			jsonv2.UnmarshalFromFunc(readJobResults),
			jsonv2.UnmarshalFromFunc(readCollaborator),
			jsonv2.UnmarshalFromFunc(readTweetTicketAnswer),
			jsonv2.UnmarshalFromFunc(readStreamed),
		)),
	)
}

// unmarshal decodes b into v with the SDK's rules. The models' UnmarshalJSON methods call it,
// so that a caller decoding a model with encoding/json (from a cache, a queue, a webhook) gets
// the tolerance the SDK's own reads have.
func unmarshal(b []byte, v any) error {
	return jsonv2.Unmarshal(b, v, decodeOptions)
}

// plain is the rule of a model M whose JSON is an object of its fields: it zeroes the value and
// decodes it as P, M's twin without methods (which *M hands out, checked when compiled).
func plain[M, P any, PM interface {
	*M
	plain() *P
}]() *jsonv2.Unmarshalers {
	return jsonv2.UnmarshalFromFunc(func(dec *jsontext.Decoder, m PM) error {
		var zero M
		*m = zero
		return jsonv2.UnmarshalDecode(dec, m.plain())
	})
}

// Each model's plain twin, for the rule above.
func (t *Ticket) plain() *ticketPlain               { return (*ticketPlain)(t) }
func (a *Audit) plain() *auditPlain                 { return (*auditPlain)(a) }
func (u *User) plain() *userPlain                   { return (*userPlain)(u) }
func (g *Group) plain() *groupPlain                 { return (*groupPlain)(g) }
func (o *Organization) plain() *organizationPlain   { return (*organizationPlain)(o) }
func (s *Sideloads) plain() *sideloadsPlain         { return (*sideloadsPlain)(s) }
func (j *JobStatus) plain() *jobStatusPlain         { return (*jobStatusPlain)(j) }
func (r *TicketRelated) plain() *ticketRelatedPlain { return (*ticketRelatedPlain)(r) }
func (c *TicketComment) plain() *ticketCommentPlain { return (*ticketCommentPlain)(c) }
func (a *Attachment) plain() *attachmentPlain       { return (*attachmentPlain)(a) }
func (u *Upload) plain() *uploadPlain               { return (*uploadPlain)(u) }
func (f *TicketField) plain() *ticketFieldPlain     { return (*ticketFieldPlain)(f) }
func (o *FieldOption) plain() *fieldOptionPlain     { return (*fieldOptionPlain)(o) }
func (d *DeletedTicket) plain() *deletedTicketPlain { return (*deletedTicketPlain)(d) }
func (d *DeletedBy) plain() *deletedByPlain         { return (*deletedByPlain)(d) }
func (s *TwicketStatus) plain() *twicketStatusPlain { return (*twicketStatusPlain)(s) }
func (e *TicketEvent) plain() *ticketEventPlain     { return (*ticketEventPlain)(e) }

type (
	ticketPlain        Ticket
	auditPlain         Audit
	userPlain          User
	groupPlain         Group
	organizationPlain  Organization
	sideloadsPlain     Sideloads
	jobStatusPlain     JobStatus
	ticketRelatedPlain TicketRelated
	ticketCommentPlain TicketComment
	attachmentPlain    Attachment
	uploadPlain        Upload
	ticketFieldPlain   TicketField
	fieldOptionPlain   FieldOption
	deletedTicketPlain DeletedTicket
	deletedByPlain     DeletedBy
	twicketStatusPlain TwicketStatus
	ticketEventPlain   TicketEvent
	viaPlain           Via
	viaSourcePlain     ViaSource
	viaEndpointPlain   ViaEndpoint
	ratingPlain        SatisfactionRating
	customFieldPlain   CustomField
	auditEventPlain    AuditEvent
	jobResultPlain     JobResult
)

// readInt reads an id or a count: a number (an integral float such as 1e3 too), a numeric
// string (" 123 " too) or null. Anything else (a fraction, a number past int64, a
// non-numeric string, a bool, a list, an object) gives 0 rather than failing the answer.
func readInt(dec *jsontext.Decoder, v *int64) error {
	*v = 0
	switch dec.PeekKind() {
	case '0':
		b, err := dec.ReadValue()
		*v = parseInt(b)
		return err
	case '"':
		b, err := dec.ReadValue()
		if err != nil {
			return err
		}
		s, err := unquote(b)
		*v = parseInt([]byte(strings.TrimSpace(s)))
		return err
	}
	return dec.SkipValue()
}

// parseInt parses the text of an integer, or of a float with an integral value within int64;
// anything else gives 0.
func parseInt(b []byte) int64 {
	// The common case, up to 18 digits, without a string or an error value to allocate.
	if n := len(b); n > 0 && n <= 18 {
		neg := b[0] == '-'
		digits := b
		if neg {
			digits = b[1:]
		}
		var x int64
		ok := len(digits) > 0
		for _, c := range digits {
			if c < '0' || c > '9' {
				ok = false
				break
			}
			x = x*10 + int64(c-'0')
		}
		if ok {
			if neg {
				return -x
			}
			return x
		}
	}
	if len(b) == 0 || !(b[0] == '-' || (b[0] >= '0' && b[0] <= '9')) {
		return 0
	}
	if n, err := strconv.ParseInt(string(b), 10, 64); err == nil {
		return n
	}
	if f, err := strconv.ParseFloat(string(b), 64); err == nil && f == math.Trunc(f) &&
		f >= math.MinInt64 && f < math.MaxInt64 {
		return int64(f)
	}
	return 0
}

// readText reads text: a string or null as v2 does; a number or a bool as its JSON text (an
// integer channel 4 is "4"); a list or an object as its compact JSON text.
func readText[S ~string](dec *jsontext.Decoder, v *S) error {
	switch dec.PeekKind() {
	case '"', 'n', 0:
		return errors.ErrUnsupported // v2's own way, the fast one
	case '0', 't', 'f':
		b, err := dec.ReadValue()
		*v = S(b)
		return err
	}
	b, err := dec.ReadValue()
	if err != nil {
		return err
	}
	b = bytes.Clone(b)
	if err := b.Compact(); err != nil {
		return err
	}
	*v = S(b)
	return nil
}

// readBool reads true, false and null as v2 does, and also "true"/"false" strings and 1/0 (as
// strconv.ParseBool reads them); anything else is false.
func readBool(dec *jsontext.Decoder, v *bool) error {
	switch dec.PeekKind() {
	case 't', 'f', 'n', 0:
		return errors.ErrUnsupported
	case '"', '0':
		b, err := dec.ReadValue()
		if err != nil {
			return err
		}
		s := string(b)
		if b[0] == '"' {
			if s, err = unquote(b); err != nil {
				return err
			}
		}
		*v, _ = strconv.ParseBool(strings.TrimSpace(s))
		return nil
	}
	*v = false
	return dec.SkipValue()
}

// readTime reads a time: RFC 3339 (any offset, any fraction of a second), the same without an
// offset (read as UTC), a bare date (2026-01-02, the form Zendesk takes for due_at and some old
// records echo), or a number of Unix seconds; null is the zero time. Another string is an
// error, which does not quote it (it could be anything).
func readTime(dec *jsontext.Decoder, v *time.Time) error {
	*v = time.Time{}
	switch dec.PeekKind() {
	case 'n':
		_, err := dec.ReadToken()
		return err
	case '0':
		b, err := dec.ReadValue()
		if err != nil {
			return err
		}
		f, err := strconv.ParseFloat(string(b), 64)
		if err != nil || math.Abs(f) > 1e11 {
			return errors.New("a time in Unix seconds is out of range")
		}
		sec, frac := math.Modf(f)
		*v = time.Unix(int64(sec), int64(frac*1e9)).UTC()
		return nil
	case '"':
	default:
		return errors.ErrUnsupported // v2 reports the JSON kind it got
	}
	b, err := dec.ReadValue()
	if err != nil {
		return err
	}
	s, err := unquote(b)
	if err != nil {
		return err
	}
	if t, ok := parseUTCSeconds(s); ok {
		*v = t
		return nil
	}
	for _, layout := range [...]string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			*v = t
			return nil
		}
	}
	return fmt.Errorf("cannot parse a time of %d bytes (want RFC 3339 or a date)", len(s))
}

// parseUTCSeconds parses "2006-01-02T15:04:05Z", the form nearly every time arrives in, by
// hand: time.Parse would allocate for the error it keeps when a layout does not match.
func parseUTCSeconds(s string) (time.Time, bool) {
	if len(s) != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z' {
		return time.Time{}, false
	}
	num := func(i, n int) int {
		x := 0
		for _, c := range []byte(s[i : i+n]) {
			if c < '0' || c > '9' {
				return -1
			}
			x = x*10 + int(c-'0')
		}
		return x
	}
	y, mo, d, h, mi, sec := num(0, 4), num(5, 2), num(8, 2), num(11, 2), num(14, 2), num(17, 2)
	if y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(mo), d, h, mi, sec, 0, time.UTC)
	if t.Day() != d { // 31 February and the like: let time.Parse refuse it
		return time.Time{}, false
	}
	return t, true
}

// readListOrNil reads a list as v2 does (its elements through their own rules) and null as
// nil; anything else (a string "1,2", an object) is nil rather than an error.
func readListOrNil[E any](dec *jsontext.Decoder, v *[]E) error {
	switch dec.PeekKind() {
	case '[', 'n', 0:
		return errors.ErrUnsupported
	}
	*v = nil
	return dec.SkipValue()
}

// readAny reads any JSON value as encoding/json reads it into an any, except that numbers are
// json.Number (so they encode again exactly as sent, and large integers keep their digits)
// unless asFloat. Lists and objects are never nil, and nest at most maxValueDepth levels.
func readAny(dec *jsontext.Decoder, asFloat bool) (any, error) {
	return readAnyAt(dec, asFloat, dec.StackDepth())
}

func readAnyAt(dec *jsontext.Decoder, asFloat bool, base int) (any, error) {
	switch dec.PeekKind() {
	case 'n':
		_, err := dec.ReadToken()
		return nil, err
	case 't', 'f':
		tok, err := dec.ReadToken()
		if err != nil {
			return nil, err
		}
		return tok.Bool(), nil
	case '"':
		b, err := dec.ReadValue()
		if err != nil {
			return nil, err
		}
		return unquote(b)
	case '0':
		b, err := dec.ReadValue()
		if err != nil {
			return nil, err
		}
		if asFloat {
			return strconv.ParseFloat(string(b), 64)
		}
		return json.Number(b), nil
	case '[', '{':
		if dec.StackDepth()-base >= maxValueDepth {
			return nil, fmt.Errorf("a value nests deeper than %d levels", maxValueDepth)
		}
	}
	tok, err := dec.ReadToken()
	if err != nil {
		return nil, err
	}
	switch tok.Kind() {
	case '[':
		l := []any{}
		for dec.PeekKind() != ']' {
			v, err := readAnyAt(dec, asFloat, base)
			if err != nil {
				return nil, err
			}
			l = append(l, v)
		}
		_, err := dec.ReadToken()
		return l, err
	case '{':
		m := map[string]any{}
		for dec.PeekKind() != '}' {
			name, err := dec.ReadValue()
			if err != nil {
				return nil, err
			}
			key, err := unquote(name)
			if err != nil {
				return nil, err
			}
			if m[key], err = readAnyAt(dec, asFloat, base); err != nil {
				return nil, err
			}
		}
		_, err := dec.ReadToken()
		return m, err
	}
	return nil, fmt.Errorf("unexpected JSON %v", tok.Kind())
}

// unquote returns the content of the JSON string b. Invalid UTF-8 becomes U+FFFD, as
// encoding/json has it.
func unquote(b []byte) (string, error) {
	if len(b) >= 2 && b[0] == '"' && bytes.IndexByte(b, '\\') < 0 {
		if in := b[1 : len(b)-1]; utf8.Valid(in) {
			return string(in), nil
		}
	}
	if !utf8.Valid(b) {
		b = replaceInvalidUTF8(b)
	}
	out, err := jsontext.AppendUnquote(nil, b)
	return string(out), err
}

// replaceInvalidUTF8 replaces each byte that is not part of valid UTF-8 with U+FFFD, one for
// one, as encoding/json does.
func replaceInvalidUTF8(b []byte) []byte {
	out := make([]byte, 0, len(b)+8)
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n == 1 {
			out = utf8.AppendRune(out, utf8.RuneError)
		} else {
			out = append(out, b[:n]...)
		}
		b = b[n:]
	}
	return out
}

// nameIs reports whether the object name b (a JSON string) is s.
func nameIs(b []byte, s string) bool {
	if len(b) == len(s)+2 && string(b[1:len(b)-1]) == s {
		return true
	}
	if bytes.IndexByte(b, '\\') < 0 {
		return false
	}
	u, err := unquote(b)
	return err == nil && u == s
}

// errTooLarge ends the read of an answer past the client's byte bound.
type errTooLarge struct{ limit int64 }

func (e *errTooLarge) Error() string {
	return fmt.Sprintf("the answer is larger than the %d-byte bound (WithMaxResponseBytes)", e.limit)
}

// cappedReader reads at most limit bytes of r and then fails with *errTooLarge (not io.EOF,
// which would read as a truncated answer). It notes whether anything but white space came, to
// tell an empty answer from a cut one.
type cappedReader struct {
	r        io.Reader
	left     int64
	limit    int64
	nonSpace bool
}

func (c *cappedReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		// One byte more tells an answer of exactly limit bytes from a longer one.
		var one [1]byte
		if n, err := c.r.Read(one[:]); n == 0 {
			return 0, err
		}
		return 0, &errTooLarge{c.limit}
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	if !c.nonSpace && len(bytes.TrimLeft(p[:n], " \t\r\n")) > 0 {
		c.nonSpace = true
	}
	return n, err
}

// streamDecoder is an answer that reads itself from the decoder (a page, item by item).
type streamDecoder interface {
	decodeFrom(dec *jsontext.Decoder) error
}

// streamed hands the decoder to a streamDecoder; it has a rule of its own.
type streamed struct{ sd streamDecoder }

func readStreamed(dec *jsontext.Decoder, s *streamed) error { return s.sd.decodeFrom(dec) }

// decodeAnswer reads the JSON of a 2xx answer from body into out, reading at most limit bytes
// (0: the default bound). An empty body (or only white space) gives io.EOF; anything after the
// JSON value but white space is an error. Nothing is held whole: values are decoded as they
// arrive, and unknown keys are skipped as they stream past.
func decodeAnswer(body io.Reader, out any, limit int64) error {
	if limit <= 0 {
		limit = defaultMaxResponseBytes
	}
	if sd, ok := out.(streamDecoder); ok {
		out = &streamed{sd}
	}
	r := &cappedReader{r: body, left: limit, limit: limit}
	err := jsonv2.UnmarshalRead(r, out, decodeOptions)
	if err != nil && !r.nonSpace && errors.Is(err, io.ErrUnexpectedEOF) {
		return io.EOF
	}
	return err
}

// decodeBody decodes the 2xx answer resp to r into out. An empty body is a *DecodeError unless
// r.emptyOK, as is a body that is not the JSON expected or is longer than the client's bound;
// the request's credentials (authValue, see secretsOf) are kept out of the error's text. They
// are worked out only when there is an error to clean.
func (c *Client) decodeBody(r *request, resp *http.Response, out any, authValue string) error {
	err := decodeAnswer(resp.Body, out, c.maxResponseBytes)
	if err == io.EOF {
		if r.emptyOK {
			return nil
		}
		err = errors.New("the answer is empty or ends too soon")
	}
	if err != nil {
		return c.decodeError(r.method, c.pathOf(r), resp, err, secretsOf(authValue)...)
	}
	return nil
}
