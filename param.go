package zendesk

import (
	"bytes"
	"encoding/json"
	"strconv"
	"time"
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
func (p Param[T]) MarshalJSON() ([]byte, error) { return p.appendJSON(nil) }

// appendJSON writes what MarshalJSON returns after b. The values request fields hold are
// written here, byte for byte as json.Marshal writes them, without its reflection and its
// copy of the result; the rest go to it.
func (p Param[T]) appendJSON(b []byte) ([]byte, error) {
	if p.state != paramValue {
		return append(b, "null"...), nil
	}
	switch v := any(p.value).(type) {
	case int64:
		return strconv.AppendInt(b, v, 10), nil
	case bool:
		return strconv.AppendBool(b, v), nil
	case string:
		return appendJSONString(b, v), nil
	case TicketType:
		return appendJSONString(b, string(v)), nil
	case Priority:
		return appendJSONString(b, string(v)), nil
	case Status:
		return appendJSONString(b, string(v)), nil
	case wireTime:
		return appendWireTime(b, time.Time(v)), nil
	case []int64:
		return appendList(b, v, func(b []byte, n *int64) []byte { return strconv.AppendInt(b, *n, 10) }), nil
	case []string:
		return appendList(b, v, func(b []byte, s *string) []byte { return appendJSONString(b, *s) }), nil
	case []Collaborator:
		return appendList(b, v, func(b []byte, c *Collaborator) []byte { return c.appendJSON(b) }), nil
	case []CCChange:
		return appendList(b, v, func(b []byte, c *CCChange) []byte { return c.appendJSON(b) }), nil
	}
	return appendMarshal(b, p.value)
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
