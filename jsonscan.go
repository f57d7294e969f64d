package zendesk

// A small reader of JSON text for the lenient nested values of a ticket (via, custom fields,
// satisfaction rating). Their UnmarshalJSON gets bytes that encoding/json has already checked,
// so handing them back to json.Unmarshal would check them again and decode them once more;
// walking them here reads them once. The walk still stops safely on malformed input (an
// UnmarshalJSON can be called with anything), reporting it instead of guessing.

import (
	"bytes"
	"errors"
)

var errBadJSON = errors.New("zendesk: malformed JSON")

// skipSpace returns the index of the first non-space byte of b at or after i.
func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// stringEnd returns the index just past the JSON string that starts at b[i] (a quote), or -1.
func stringEnd(b []byte, i int) int {
	for i++; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return -1
}

// valueEnd returns the index just past the JSON value that starts at b[i], or -1.
func valueEnd(b []byte, i int) int {
	if i >= len(b) {
		return -1
	}
	switch b[i] {
	case '"':
		return stringEnd(b, i)
	case '{', '[':
		depth := 0
		for ; i < len(b); i++ {
			switch b[i] {
			case '"':
				if i = stringEnd(b, i); i < 0 {
					return -1
				}
				i--
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return i + 1
				}
			}
		}
		return -1
	}
	start := i
	for i < len(b) {
		switch b[i] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			if i == start {
				return -1
			}
			return i
		}
		i++
	}
	if i == start {
		return -1
	}
	return i
}

// eachMember calls f with the key (its bytes, unescaped; valid only during the call) and the
// raw value of each member of the JSON object b. It returns false, having called f for what
// came before, when b is not an object or is malformed; null and other non-objects call
// nothing. It is small enough to be inlined, so f and what it captures stay on the stack.
func eachMember(b []byte, f func(key, val []byte)) bool {
	it := jsonIter{b: b, open: '{', close: '}'}
	for it.next() {
		f(it.key, it.val)
	}
	return it.good
}

// eachElement calls f with each raw element of the JSON list b; like eachMember it returns
// false when b is not a list or is malformed.
func eachElement(b []byte, f func(val []byte)) bool {
	it := jsonIter{b: b, open: '[', close: ']'}
	for it.next() {
		f(it.val)
	}
	return it.good
}

// jsonIter walks the members of an object or the elements of a list.
type jsonIter struct {
	b           []byte
	open, close byte
	i           int // where the next member starts; 0 before the first
	key, val    []byte
	good        bool // the walk reached the closing bracket
	done        bool
}

// next moves to the next member or element, reporting false at the end or on malformed input
// (good tells which).
func (it *jsonIter) next() bool {
	if it.done {
		return false
	}
	b, i := it.b, it.i
	if i == 0 {
		i = skipSpace(b, 0)
		if i >= len(b) || b[i] != it.open {
			return it.stop(false)
		}
		if i = skipSpace(b, i+1); i < len(b) && b[i] == it.close {
			return it.stop(true)
		}
	}
	if it.open == '{' {
		if i >= len(b) || b[i] != '"' {
			return it.stop(false)
		}
		end := stringEnd(b, i)
		if end < 0 {
			return it.stop(false)
		}
		it.key = b[i+1 : end-1]
		if bytes.IndexByte(it.key, '\\') >= 0 {
			s, ok := unquote(b[i:end])
			if !ok {
				return it.stop(false)
			}
			it.key = []byte(s)
		}
		if i = skipSpace(b, end); i >= len(b) || b[i] != ':' {
			return it.stop(false)
		}
		i = skipSpace(b, i+1)
	}
	end := valueEnd(b, i)
	if end < 0 {
		return it.stop(false)
	}
	it.val = b[i:end]
	if i = skipSpace(b, end); i >= len(b) {
		return it.stop(false)
	}
	switch b[i] {
	case it.close:
		it.done, it.good = true, true // this member is still to be handed out
	case ',':
		it.i = skipSpace(b, i+1)
	default:
		return it.stop(false)
	}
	return true
}

func (it *jsonIter) stop(good bool) bool {
	it.done, it.good = true, good
	return false
}

// fieldKey returns key as encoding/json would match it against a lower-case field name: as
// is, or lower-cased (ASCII, into a copy) when it has upper-case letters, since encoding/json
// matches keys case-insensitively.
func fieldKey(key []byte) []byte {
	for i, c := range key {
		if 'A' <= c && c <= 'Z' {
			b := bytes.ToLower(key[i:])
			return append(key[:i:i], b...)
		}
	}
	return key
}
