package zendesk

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"
	"unicode/utf8"
)

// isNull reports whether b is the JSON null (with any white space around it).
func isNull(b []byte) bool { return string(bytes.TrimSpace(b)) == "null" }

// The lenient JSON types below let the read models survive what real traffic sends: ids as
// strings, integers where strings belong, nulls everywhere. None of them fails on valid JSON,
// and each parses its bytes directly instead of calling back into encoding/json.

// flexID is an int64 that also accepts a numeric string ("123"), an integral float (1e3), and
// null. Anything else (a non-numeric string, a bool, a list) decodes to 0 rather than failing
// the enclosing object.
type flexID int64

func (id *flexID) UnmarshalJSON(b []byte) error {
	*id = flexID(parseID(b))
	return nil
}

func parseID(b []byte) int64 {
	b = bytes.TrimSpace(b)
	if len(b) >= 2 && b[0] == '"' {
		s, ok := unquote(b)
		if !ok {
			return 0
		}
		b = bytes.TrimSpace([]byte(s))
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

// flexInt is an int with the leniency of [flexID], for counts such as a job's total.
type flexInt int

func (n *flexInt) UnmarshalJSON(b []byte) error {
	*n = flexInt(parseID(b))
	return nil
}

// flexIDs is a list of ids whose elements are decoded like [flexID]; null gives nil.
type flexIDs []int64

func (ids *flexIDs) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] != '[' {
		*ids = nil
		return nil
	}
	// The common case, numbers only, is split by hand: b is valid JSON, so without strings,
	// lists or objects inside every comma separates two elements.
	if in := b[1 : len(b)-1]; !bytes.ContainsAny(in, `"[{`) {
		if len(bytes.TrimSpace(in)) == 0 {
			*ids = []int64{}
			return nil
		}
		out := make([]int64, 0, bytes.Count(in, []byte{','})+1)
		for part := range bytes.SplitSeq(in, []byte{','}) {
			out = append(out, parseID(part))
		}
		*ids = out
		return nil
	}
	var raw []flexID
	if err := json.Unmarshal(b, &raw); err != nil {
		*ids = nil
		return nil
	}
	out := make([]int64, len(raw))
	for i, v := range raw {
		out[i] = int64(v)
	}
	*ids = out
	return nil
}

// flexText is a string that also accepts null (""), numbers and bools (their JSON text, so an
// integer channel 4 becomes "4"), and objects or lists (their compact JSON text).
type flexText string

func (s *flexText) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || string(b) == "null":
		*s = ""
	case b[0] == '"':
		v, _ := unquote(b)
		*s = flexText(v)
	case b[0] == '{' || b[0] == '[':
		var buf bytes.Buffer
		if json.Compact(&buf, b) != nil {
			*s = flexText(b)
			return nil
		}
		*s = flexText(buf.String())
	default:
		*s = flexText(b)
	}
	return nil
}

// flexBool is a bool that also accepts "true"/"false" strings and 1/0; anything else is false.
type flexBool bool

func (v *flexBool) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		s, _ := unquote(b)
		b = []byte(s)
	}
	ok, err := strconv.ParseBool(string(b))
	*v = flexBool(err == nil && ok)
	return nil
}

// flexTime is a time that accepts RFC 3339 and a bare date (2026-01-02, the form Zendesk
// accepts for due_at and which old records may echo back). null leaves it unchanged.
type flexTime time.Time

func (t *flexTime) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		return nil
	}
	s, ok := unquote(b)
	if !ok {
		return fmt.Errorf("zendesk: time is not a JSON string: %.40s", b)
	}
	for _, layout := range [...]string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
		if v, err := time.Parse(layout, s); err == nil {
			*t = flexTime(v)
			return nil
		}
	}
	return fmt.Errorf("zendesk: cannot parse time %q", s)
}

// unquote returns the content of the JSON string b; ok is false when b is not a string.
func unquote(b []byte) (string, bool) {
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return "", false
	}
	in := b[1 : len(b)-1]
	if bytes.IndexByte(in, '\\') < 0 && utf8.Valid(in) {
		return string(in), true
	}
	return unquoteSlow(b)
}

// unquoteSlow leaves escapes and invalid UTF-8 to encoding/json. It is apart from unquote
// because the string it decodes into escapes to the heap.
func unquoteSlow(b []byte) (string, bool) {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return "", false
	}
	return s, true
}

// isEmptyObject reports whether b is {} (with any white space inside).
func isEmptyObject(b []byte) bool {
	b = bytes.TrimSpace(b)
	return len(b) >= 2 && b[0] == '{' && len(bytes.TrimSpace(b[1:len(b)-1])) == 0
}

// decodeAny decodes one JSON value like encoding/json into an any, except that numbers become
// [json.Number] so they re-encode unchanged. Scalars take a fast path; lists and objects go
// through a decoder with UseNumber. Empty input (an absent key) gives nil.
func decodeAny(b []byte) (any, error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return nil, nil
	}
	switch c := b[0]; {
	case c == 'n':
		return nil, nil
	case c == 't':
		return true, nil
	case c == 'f':
		return false, nil
	case c == '"':
		s, ok := unquote(b)
		if !ok {
			return nil, fmt.Errorf("zendesk: invalid JSON string %.40s", b)
		}
		return s, nil
	case c == '-' || (c >= '0' && c <= '9'):
		return json.Number(b), nil
	}
	var err error
	note := func(e error) {
		if err == nil {
			err = e
		}
	}
	switch b[0] {
	case '[':
		l := []any{}
		if !eachElement(b, func(val []byte) {
			v, e := decodeAny(val)
			note(e)
			l = append(l, v)
		}) {
			note(errBadJSON)
		}
		return l, err
	case '{':
		m := map[string]any{}
		if !eachMember(b, func(key, val []byte) {
			v, e := decodeAny(val)
			note(e)
			m[string(key)] = v
		}) {
			note(errBadJSON)
		}
		return m, err
	}
	return nil, fmt.Errorf("zendesk: invalid JSON value %.40s", b)
}

// textOf decodes a lenient string; see [flexText].
func textOf(b []byte) string {
	var s flexText
	_ = s.UnmarshalJSON(b)
	return string(s)
}

// boolOf decodes a lenient bool; see [flexBool].
func boolOf(b []byte) bool {
	var v flexBool
	_ = v.UnmarshalJSON(b)
	return bool(v)
}
