package zendesk

import (
	"bytes"
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzAPIError feeds any body to the error decoder: it must not panic, and Error() must stay
// one line.
func FuzzAPIError(f *testing.F) {
	for _, s := range []string{
		`{"error":"RecordNotFound","description":"Not found"}`,
		`{"error":{"title":"Forbidden","message":"no"}}`,
		`{"errors":[{"code":"TooManyRequests","title":"t"}]}`,
		`{"error":"RecordInvalid","description":"d","details":{"status":[{"description":"x","type":"y"}],"b":"s","c":{"error":"e"}}}`,
		`<html>oops</html>`, ``, `null`, `{"details":[1]}`, `{"error":null,"description":7}`,
	} {
		f.Add(429, s, "1")
	}
	f.Fuzz(func(t *testing.T, status int, body, retryAfter string) {
		e := newAPIError("GET", "/api/v2/tickets/1.json", status, http.Header{"Retry-After": {retryAfter}}, []byte(body))
		msg := e.Error()
		if strings.ContainsAny(msg, "\r\n") {
			t.Errorf("Error() spans lines: %q", msg)
		}
		if e.RetryAfter < 0 {
			t.Errorf("negative RetryAfter %s", e.RetryAfter)
		}
	})
}

// FuzzPage feeds any body to the streaming page decoder.
func FuzzPage(f *testing.F) {
	for _, s := range []string{
		`{"tickets":[{"id":1}],"meta":{"has_more":true,"after_cursor":"a"},"links":{"next":null}}`,
		`{"tickets":null,"meta":null}`, `{"users":[{"id":"2"}]}`, `[]`, `{"tickets":[{"id":1}`, `{"meta":{"has_more":"yes"}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		p := &pageBody[Ticket]{key: "tickets"}
		_ = p.decodeFrom(bytes.NewReader(b))
		u := &pageBody[User]{key: "users"}
		_ = u.decodeFrom(bytes.NewReader(b))
	})
}

// FuzzDecodeAudit feeds any body to the create/update answer decoder.
func FuzzDecodeAudit(f *testing.F) {
	f.Add([]byte(`{"ticket":{"id":1},"audit":{"id":2,"events":[{"type":"Change","field_name":"tags","value":["a"],"previous_value":null}],"metadata":{"custom":{"k":1},"system":{}}}}`))
	f.Add([]byte(`{"audit":{"events":[{"value":{"a":[1,{"b":null}]}},7,"x"]}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var out struct {
			Ticket *Ticket `json:"ticket"`
			Audit  *Audit  `json:"audit"`
		}
		_ = json.Unmarshal(b, &out)
	})
}

// FuzzTicketRequest builds requests from any strings and numbers: encoding must not fail, and
// what it writes must be JSON that says what was set.
func FuzzTicketRequest(f *testing.F) {
	f.Add("Help", "body\r\n<b>x</b>", "a@b.c", "tag", int64(42), int64(-1), true, "2026-01-02T03:04:05Z")
	f.Add("", "", "", "", int64(0), int64(0), false, "")
	f.Fuzz(func(t *testing.T, subject, body, email, tag string, id, field int64, public bool, due string) {
		r := TicketRequest{
			Subject:       Set(subject),
			Comment:       &Comment{Body: body, Public: Set(public), Uploads: []string{tag}},
			Requester:     &Requester{Name: subject, Email: email},
			Tags:          Set([]string{tag}),
			AssigneeID:    Set(id),
			Collaborators: Set([]Collaborator{CollaboratorID(id), CollaboratorEmail(email), NewCollaborator(subject, email)}),
			CustomFields:  []CustomField{{ID: field, Value: tag}, {ID: id, Value: nil}},
			Metadata:      map[string]any{tag: body},
		}
		if d, err := time.Parse(time.RFC3339, due); err == nil {
			r.DueAt = Set(d)
		} else {
			r.DueAt = Null[time.Time]()
		}
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		var back map[string]any
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, b)
		}
		if utf8.ValidString(subject) && back["subject"] != subject {
			t.Errorf("subject %q came back as %v", subject, back["subject"])
		}
		m := MergeRequest{IDs: []int64{id}, TargetComment: body, SourceComment: subject, TargetCommentIsPublic: Set(public)}
		if _, err := json.Marshal(m); err != nil {
			t.Fatalf("merge marshal: %v", err)
		}
	})
}

// FuzzDecodeAny checks the hand walk of nested values against encoding/json with UseNumber:
// on valid JSON both give the same value; on anything else decodeAny must not panic.
func FuzzDecodeAny(f *testing.F) {
	for _, s := range []string{
		`"745"`, `12.5`, `-0.25`, `1e+21`, `true`, `false`, `null`, `["a","b"]`, `[]`, `{}`,
		`{"a":1,"b":[1,{"c":null}],"d":"x\"y"}`, ` [ 1 , "two" , [ ] , { } ] `, `{"A\u00e9":"\u00e9"}`,
		`[1,`, `{"a"}`, `{"a":1,}`, `["unterminated]`, `{"k":tru}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := decodeAny(b)
		if !json.Valid(b) || len(bytes.TrimSpace(b)) == 0 {
			return
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		var want any
		if dec.Decode(&want) != nil {
			return
		}
		if err != nil {
			t.Fatalf("decodeAny(%s): %v", b, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("decodeAny(%s) = %#v, want %#v", b, got, want)
		}
	})
}
