package zendesk

// Request bodies that are sent often (a ticket create or update) are written here in one pass,
// byte for byte as encoding/json writes them: the same field order, the same omitted fields,
// the same escapes (HTML characters included). encoding/json would call each set Param's
// MarshalJSON, then check and copy what it returns; writing straight into one buffer spares
// that. Values of any type (custom field values, metadata) still go to json.Marshal unless
// they are of a few plain kinds. encode_test.go proves the equivalence.

import (
	"encoding/json"
	"math"
	"strconv"
	"time"
	"unicode/utf8"
)

// objectWriter writes one JSON object's members into b, a comma before all but the first.
// The first error stops it.
type objectWriter struct {
	b   []byte
	n   int // members written
	err error
}

// begin starts the object.
func (w *objectWriter) begin() { w.b = append(w.b, '{') }

// end closes the object and returns the buffer.
func (w *objectWriter) end() ([]byte, error) {
	if w.err != nil {
		return nil, w.err
	}
	return append(w.b, '}'), nil
}

// key writes the member name k, which must need no escape (the field tags below).
func (w *objectWriter) key(k string) {
	if w.n > 0 {
		w.b = append(w.b, ',')
	}
	w.n++
	w.b = append(w.b, '"')
	w.b = append(w.b, k...)
	w.b = append(w.b, '"', ':')
}

// str writes k and s when s is not empty (`omitempty`).
func (w *objectWriter) str(k, s string) {
	if s != "" {
		w.key(k)
		w.b = appendJSONString(w.b, s)
	}
}

// int writes k and n when n is not 0 (`omitempty`).
func (w *objectWriter) int(k string, n int64) {
	if n != 0 {
		w.key(k)
		w.b = strconv.AppendInt(w.b, n, 10)
	}
}

// writeParam writes k and p when p is set or null (`omitzero`).
func writeParam[T any](w *objectWriter, k string, p Param[T]) {
	if p.state == paramUnset || w.err != nil {
		return
	}
	w.key(k)
	w.b, w.err = p.appendJSON(w.b)
}

// writeWireTime writes k and p as a [wireTime] when p is set or null (`omitzero`).
func writeWireTime(w *objectWriter, k string, p Param[time.Time]) {
	switch p.state {
	case paramUnset:
		return
	case paramNull:
		w.key(k)
		w.b = append(w.b, "null"...)
	default:
		w.key(k)
		w.b = appendWireTime(w.b, p.value)
	}
}

// appendWireTime writes t as wireTime.MarshalJSON does.
func appendWireTime(b []byte, t time.Time) []byte {
	b = append(b, '"')
	b = t.UTC().Truncate(time.Second).AppendFormat(b, time.RFC3339)
	return append(b, '"')
}

// appendList writes l as json.Marshal writes a slice, each element by elem: null for a nil l.
func appendList[E any](b []byte, l []E, elem func([]byte, *E) []byte) []byte {
	if l == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i := range l {
		if i > 0 {
			b = append(b, ',')
		}
		b = elem(b, &l[i])
	}
	return append(b, ']')
}

// appendMarshal appends json.Marshal(v): the way for values of any type.
func appendMarshal(b []byte, v any) ([]byte, error) {
	j, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return append(b, j...), nil
}

// appendAny writes v as json.Marshal does: nil, strings, bools, ints and finite floats here,
// anything else (json.Number, maps, lists, named types, NaN) by json.Marshal.
func appendAny(b []byte, v any) ([]byte, error) {
	switch v := v.(type) {
	case nil:
		return append(b, "null"...), nil
	case string:
		return appendJSONString(b, v), nil
	case bool:
		return strconv.AppendBool(b, v), nil
	case int:
		return strconv.AppendInt(b, int64(v), 10), nil
	case int64:
		return strconv.AppendInt(b, v, 10), nil
	case float64:
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			return appendFloat64(b, v), nil
		}
	}
	return appendMarshal(b, v)
}

// appendFloat64 writes a finite f as encoding/json does: the shortest form that reads back as
// f, in exponent form only below 1e-6 or from 1e21 on, with a two-digit negative exponent
// shortened (1e-07 is written 1e-7).
func appendFloat64(b []byte, f float64) []byte {
	format := byte('f')
	if a := math.Abs(f); a != 0 && (a < 1e-6 || a >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// appendJSONString writes s quoted as json.Marshal does: '"' and '\' escaped with a backslash;
// \b, \f, \n, \r and \t in their short forms; other control characters and the HTML
// characters <, > and & as \u00XX; U+2028 and U+2029 as \u2028 and \u2029; each byte of
// invalid UTF-8 as \ufffd. Everything else is written as it is.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	done := 0 // s[:done] is written
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[done:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			done = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[done:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[done:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		done = i
	}
	b = append(b, s[done:]...)
	return append(b, '"')
}
