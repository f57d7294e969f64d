package zendesk

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// Param is one field of a request body that can say three things: leave the field as it is
// (the zero Param, omitted from the JSON by the `omitzero` tag), set it to a value ([Set]), or
// clear it ([Null], sent as JSON null).
//
// Request structs such as [TicketRequest] use Param for every field whose absence, value and
// null mean different things to Zendesk: an unset AssigneeID keeps the assignee, Set assigns,
// Null unassigns.
type Param[T any] struct {
	value T
	state paramState
}

type paramState uint8

const (
	paramUnset paramState = iota
	paramValue
	paramNull
)

// Set returns a Param that sends v. Set([]string{}) sends an empty list, which clears a list
// field such as tags.
func Set[T any](v T) Param[T] { return Param[T]{value: v, state: paramValue} }

// Null returns a Param that sends JSON null, which clears the field on the server.
func Null[T any]() Param[T] { return Param[T]{state: paramNull} }

// Get returns the value and true when p was made by [Set]; the zero value and false for an
// unset or null Param.
func (p Param[T]) Get() (v T, ok bool) { return p.value, p.state == paramValue }

// IsNull reports whether p was made by [Null].
func (p Param[T]) IsNull() bool { return p.state == paramNull }

// IsZero reports whether p is unset. encoding/json calls it for the `omitzero` tag option, so
// an unset Param is left out of the request body.
func (p Param[T]) IsZero() bool { return p.state == paramUnset }

// MarshalJSON sends the value, or null for an unset or null Param.
func (p Param[T]) MarshalJSON() ([]byte, error) {
	if p.state != paramValue {
		return []byte("null"), nil
	}
	// The values most request fields hold are written here, byte for byte as json.Marshal
	// writes them, without its reflection and its copy of the result; the rest go to it.
	switch v := any(p.value).(type) {
	case int64:
		return strconv.AppendInt(make([]byte, 0, 20), v, 10), nil
	case bool:
		return strconv.AppendBool(make([]byte, 0, 5), v), nil
	case string:
		return marshalString(v)
	case TicketType:
		return marshalString(string(v))
	case Priority:
		return marshalString(string(v))
	case Status:
		return marshalString(string(v))
	case wireTime:
		return v.MarshalJSON()
	}
	return json.Marshal(p.value)
}

// marshalString writes s as json.Marshal does: quoted as it is when it holds only printable
// ASCII that needs no escape (json.Marshal also escapes <, > and &), by json.Marshal otherwise.
func marshalString(s string) ([]byte, error) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return json.Marshal(s)
		}
	}
	b := make([]byte, 0, len(s)+2)
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"'), nil
}

// UnmarshalJSON reads null as [Null] and anything else as [Set], so request structs round-trip.
func (p *Param[T]) UnmarshalJSON(b []byte) error {
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		*p = Null[T]()
		return nil
	}
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*p = Set(v)
	return nil
}
