package zendesk

// The rules of the values that change shape on the wire (a via, a satisfaction rating, a
// custom field, audit metadata and events, a ticket event's child events, a job's results, a
// collaborator): each reads what
// Zendesk sends in any of its forms and never fails a whole answer over one odd value. They are
// registered with the scalar rules in decode.go.

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// objectOrSkip reports whether an object comes next; anything else is skipped.
func objectOrSkip(dec *jsontext.Decoder) (bool, error) {
	if dec.PeekKind() == '{' {
		return true, nil
	}
	return false, dec.SkipValue()
}

// readVia reads a Via, never failing on its content: anything but an object is the zero Via.
func readVia(dec *jsontext.Decoder, v *Via) error {
	*v = Via{}
	if ok, err := objectOrSkip(dec); !ok {
		return err
	}
	return jsonv2.UnmarshalDecode(dec, (*viaPlain)(v))
}

func readViaSource(dec *jsontext.Decoder, s *ViaSource) error {
	*s = ViaSource{}
	if ok, err := objectOrSkip(dec); !ok {
		return err
	}
	return jsonv2.UnmarshalDecode(dec, (*viaSourcePlain)(s))
}

// readViaEndpoint reads an endpoint's common keys and keeps the whole object in Raw (nil for {}
// and for anything but an object).
func readViaEndpoint(dec *jsontext.Decoder, e *ViaEndpoint) error {
	*e = ViaEndpoint{}
	if ok, err := objectOrSkip(dec); !ok {
		return err
	}
	b, err := dec.ReadValue()
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(b[1:len(b)-1])) == 0 {
		return nil
	}
	raw := bytes.Clone(b)
	_ = jsonv2.Unmarshal(raw, (*viaEndpointPlain)(e), decodeOptions) // lenient by design
	e.Raw = json.RawMessage(raw)
	return nil
}

// readSatisfactionRating reads every shape a rating arrives in: an object, a bare string (the
// score) or null; anything else is the empty rating.
func readSatisfactionRating(dec *jsontext.Decoder, r *SatisfactionRating) error {
	*r = SatisfactionRating{}
	switch dec.PeekKind() {
	case '{':
		return jsonv2.UnmarshalDecode(dec, (*ratingPlain)(r))
	case '"':
		return jsonv2.UnmarshalDecode(dec, &r.Score)
	}
	return dec.SkipValue()
}

// readCustomField reads one custom field; null is the zero field.
func readCustomField(dec *jsontext.Decoder, f *CustomField) error {
	*f = CustomField{}
	switch dec.PeekKind() {
	case '{':
		return jsonv2.UnmarshalDecode(dec, (*customFieldPlain)(f))
	case 'n':
		_, err := dec.ReadToken()
		return err
	case 0:
		return dec.SkipValue() // the error that stopped PeekKind
	}
	return errors.New("a custom field is not an object")
}

// readAuditMetadata reads the two maps, with numbers as float64 (as encoding/json reads them
// into an any), leaving out a part that is not an object.
func readAuditMetadata(dec *jsontext.Decoder, m *AuditMetadata) error {
	*m = AuditMetadata{}
	switch dec.PeekKind() {
	case 'n':
		_, err := dec.ReadToken()
		return err
	case '{':
	case 0:
		return dec.SkipValue() // the error that stopped PeekKind
	default:
		return errors.New("audit metadata is not an object")
	}
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	for dec.PeekKind() != '}' {
		name, err := dec.ReadValue()
		if err != nil {
			return err
		}
		var dst *map[string]any
		switch {
		case nameIs(name, "custom"):
			dst = &m.Custom
		case nameIs(name, "system"):
			dst = &m.System
		}
		if dst == nil || dec.PeekKind() != '{' {
			if err := dec.SkipValue(); err != nil {
				return err
			}
			continue
		}
		v, err := readAny(dec, true)
		if err != nil {
			return err
		}
		*dst = v.(map[string]any)
	}
	_, err := dec.ReadToken()
	return err
}

// readAuditEvent reads an event and keeps its whole JSON in Raw; null is the zero event.
func readAuditEvent(dec *jsontext.Decoder, e *AuditEvent) error {
	*e = AuditEvent{}
	switch dec.PeekKind() {
	case '{':
	case 'n':
		_, err := dec.ReadToken()
		return err
	case 0:
		return dec.SkipValue() // the error that stopped PeekKind
	default:
		return errors.New("an audit event is not an object")
	}
	b, err := dec.ReadValue()
	if err != nil {
		return err
	}
	raw := bytes.Clone(b)
	if err := jsonv2.Unmarshal(raw, (*auditEventPlain)(e), decodeOptions); err != nil {
		return err
	}
	e.Raw = json.RawMessage(raw)
	return nil
}

// readTicketEvent reads an event of the ticket event export as the plain rule does (a fresh
// value, through its plain twin), then gives its child events an audit event's form (see
// childEvent), so that an event a caller decodes itself reads as the export yields it.
func readTicketEvent(dec *jsontext.Decoder, e *TicketEvent) error {
	*e = TicketEvent{}
	if err := jsonv2.UnmarshalDecode(dec, e.plain()); err != nil {
		return err
	}
	for i := range e.ChildEvents {
		childEvent(&e.ChildEvents[i])
	}
	return nil
}

// readJobResult reads a result; an entry that is not an object (never documented) is kept as
// Details rather than failing the job status, and null is the zero result.
func readJobResult(dec *jsontext.Decoder, r *JobResult) error {
	*r = JobResult{}
	switch dec.PeekKind() {
	case '{':
		return jsonv2.UnmarshalDecode(dec, (*jobResultPlain)(r))
	}
	return jsonv2.UnmarshalDecode(dec, &r.Details) // through readText
}

// readJobResults reads a job's results: null, a list, or one object such as {"success": true}
// (a list of that one result); anything else is no results.
func readJobResults(dec *jsontext.Decoder, l *[]JobResult) error {
	switch dec.PeekKind() {
	case '[', 'n', 0:
		return errors.ErrUnsupported
	case '{':
		*l = make([]JobResult, 1)
		return readJobResult(dec, &(*l)[0])
	}
	*l = nil
	return dec.SkipValue()
}

// readCollaborator reads the three forms: an id (a JSON integer), an email (a string, never an
// id) or an object; null is the zero collaborator, and anything else an error.
func readCollaborator(dec *jsontext.Decoder, c *Collaborator) error {
	*c = Collaborator{}
	switch dec.PeekKind() {
	case 'n':
		_, err := dec.ReadToken()
		return err
	case '"':
		return jsonv2.UnmarshalDecode(dec, &c.email)
	case '{':
		var w struct {
			ID    int64  `json:"id"`
			Name  string `json:"name"`
			Email string `json:"email"`
		}
		err := jsonv2.UnmarshalDecode(dec, &w)
		*c = Collaborator{id: w.ID, name: w.Name, email: w.Email}
		return err
	case '0':
		b, err := dec.ReadValue()
		if err != nil {
			return err
		}
		if c.id, err = strconv.ParseInt(string(b), 10, 64); err != nil {
			return errors.New("a collaborator id is not an integer")
		}
		return nil
	case 0:
		return dec.SkipValue() // the error that stopped PeekKind
	}
	return errors.New("a collaborator is neither an id, an email nor an object")
}

// readTweetTicketAnswer reads the 201 of Twitter.CreateTicket: the JSON string "" (the OpenAPI
// spec's example) or an object with the ticket.
func readTweetTicketAnswer(dec *jsontext.Decoder, a *tweetTicketAnswer) error {
	*a = tweetTicketAnswer{}
	if ok, err := objectOrSkip(dec); !ok {
		return err
	}
	var w struct {
		Ticket *Ticket `json:"ticket"`
	}
	err := jsonv2.UnmarshalDecode(dec, &w)
	a.ticket = w.Ticket
	return err
}
