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
		if decodeAnswer(bytes.NewReader(b), p, 0) == nil && len(p.page.Items) > 2*maxPageSize+pageSlack {
			t.Errorf("a page of %d items was kept", len(p.page.Items))
		}
		u := &pageBody[User]{key: "users", size: 2}
		_ = decodeAnswer(bytes.NewReader(b), u, 0)
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

// FuzzDecodeAny checks the rule for values of type any against encoding/json with UseNumber:
// on valid JSON both give the same value (unless it nests past maxValueDepth); on anything else
// the rule must not panic.
func FuzzDecodeAny(f *testing.F) {
	for _, s := range []string{
		`"745"`, `12.5`, `-0.25`, `1e+21`, `true`, `false`, `null`, `["a","b"]`, `[]`, `{}`,
		`{"a":1,"b":[1,{"c":null}],"d":"x\"y"}`, ` [ 1 , "two" , [ ] , { } ] `, `{"A\u00e9":"\u00e9"}`,
		`[1,`, `{"a"}`, `{"a":1,}`, `["unterminated]`, `{"k":tru}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var got any
		err := unmarshal(b, &got)
		if !json.Valid(b) || len(bytes.TrimSpace(b)) == 0 {
			return
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		var want any
		if dec.Decode(&want) != nil {
			return
		}
		if err != nil && strings.Contains(err.Error(), "nests deeper") {
			return
		}
		if err != nil {
			t.Fatalf("decode %s: %v", b, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("decode %s = %#v, want %#v", b, got, want)
		}
	})
}

// FuzzDecodeUsers feeds any body to the collaborators answer (`{"users": [...]}`) and to one
// user: decoding must not panic, and what decodes must encode again.
func FuzzDecodeUsers(f *testing.F) {
	fuzzSeeds(f, "users_", "users")
	f.Add([]byte(`{"id":"360000000001","organization_id":null,"locale_id":"1","created_at":"2026-01-02T03:04:05Z"}`))
	f.Add([]byte(`{"users":[{"id":1e3,"name":null,"role":7},null,"x"]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var body struct {
			Users []User `json:"users"`
		}
		if json.Unmarshal(b, &body) == nil {
			if _, err := json.Marshal(body.Users); err != nil {
				t.Errorf("decoded users do not encode: %v", err)
			}
		}
		var u User
		_ = json.Unmarshal(b, &u)
	})
}

// FuzzCollaborator decodes any value as a collaborator, and checks that a collaborator built
// with the constructors comes back from its own JSON unchanged.
func FuzzCollaborator(f *testing.F) {
	for _, s := range []string{`123`, `"jane@example.org"`, `{"name":"Jane","email":"jane@example.org"}`,
		`{"id":"42"}`, `null`, `1.5`, `-7`, `[1]`, `"\u0000"`, `{"id":{}}`} {
		f.Add([]byte(s), int64(42), "Jane", "jane@example.org")
	}
	f.Fuzz(func(t *testing.T, b []byte, id int64, name, email string) {
		var c Collaborator
		if json.Unmarshal(b, &c) == nil {
			if _, err := json.Marshal(c); err != nil {
				t.Errorf("decoded collaborator does not encode: %v", err)
			}
		}
		if !utf8.ValidString(name) || !utf8.ValidString(email) {
			return // encoding/json replaces invalid UTF-8, so no exact round trip
		}
		for _, want := range []Collaborator{CollaboratorID(id), CollaboratorEmail(email), NewCollaborator(name, email)} {
			out, err := json.Marshal(want)
			if err != nil {
				t.Fatalf("marshal %+v: %v", want, err)
			}
			var back Collaborator
			if err := json.Unmarshal(out, &back); err != nil {
				t.Fatalf("%s does not decode: %v", out, err)
			}
			if want.name == "" && want.email == "" && want.id == 0 {
				want = Collaborator{} // the zero collaborator is null
			}
			if back != want {
				t.Errorf("%+v came back as %+v via %s", want, back, out)
			}
		}
	})
}

// FuzzMergeRequest encodes merge requests from any ids and comments: the JSON must decode
// back to the same ids and comments, and public flags must be sent only when set.
func FuzzMergeRequest(f *testing.F) {
	f.Add(int64(35001), int64(35002), "Merged into #35000", "Closing: merged into #35000", true, false, uint8(3))
	f.Add(int64(-1), int64(0), "", "\r\n\"</script>", false, true, uint8(0))
	f.Fuzz(func(t *testing.T, a, b int64, target, source string, targetPublic, sourcePublic bool, which uint8) {
		m := MergeRequest{IDs: []int64{a, b}, TargetComment: target, SourceComment: source}
		if which&1 != 0 {
			m.TargetCommentIsPublic = Set(targetPublic)
		}
		if which&2 != 0 {
			m.SourceCommentIsPublic = Set(sourcePublic)
		}
		out, err := json.Marshal(m)
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		var back map[string]json.RawMessage
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, out)
		}
		var ids []int64
		if err := json.Unmarshal(back["ids"], &ids); err != nil || len(ids) != 2 || ids[0] != a || ids[1] != b {
			t.Errorf("ids %s, want [%d,%d]", back["ids"], a, b)
		}
		var gotTarget string
		_ = json.Unmarshal(back["target_comment"], &gotTarget)
		if utf8.ValidString(target) && gotTarget != target {
			t.Errorf("target_comment %q, want %q", gotTarget, target)
		}
		if _, sent := back["target_comment_is_public"]; sent != (which&1 != 0) {
			t.Errorf("target_comment_is_public sent = %v with which = %d", sent, which)
		}
		if _, sent := back["source_comment_is_public"]; sent != (which&2 != 0) {
			t.Errorf("source_comment_is_public sent = %v with which = %d", sent, which)
		}
	})
}

// FuzzDecodeTicketRelated feeds any body to the related-information decoder.
func FuzzDecodeTicketRelated(f *testing.F) {
	f.Add(fixture(f, "ticket_related.json"))
	for _, s := range []string{`{"topic_id":"12","jira_issue_ids":null,"followup_source_ids":"x","from_archive":"true","incidents":"3"}`,
		`{"jira_issue_ids":{"a":1},"incidents":1.5e300}`, `{"followup_source_ids":[1e19,-1,"9223372036854775808"]}`, `[]`, `null`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var r TicketRelated
		if json.Unmarshal(b, &r) != nil {
			return
		}
		if _, err := json.Marshal(r); err != nil {
			t.Errorf("decoded related information does not encode: %v", err)
		}
	})
}

// FuzzErrorDetail feeds any value to one validation error detail.
func FuzzErrorDetail(f *testing.F) {
	for _, s := range []string{`{"description":"Status: closed prevents ticket update","error":"InvalidValue"}`,
		`{"description":"d","type":"blank"}`, `"is invalid"`, `null`, `7`, `{"error":{"x":1}}`, `[{"error":"e"}]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var d ErrorDetail
		_ = json.Unmarshal(b, &d)
		var list map[string][]ErrorDetail
		_ = json.Unmarshal(b, &list)
	})
}

// FuzzParseRetryAfter reads any Retry-After header: the wait is never negative and never
// longer than the bound the parser promises.
func FuzzParseRetryAfter(f *testing.F) {
	now := time.Date(2026, 3, 5, 12, 0, 0, 0, time.UTC)
	for _, s := range []string{"1", "93", "0", "-5", "1.5", "", " 7 ", "Thu, 05 Mar 2026 12:01:00 GMT",
		"Wed, 21 Oct 2015 07:28:00 GMT", "1e6", "1e7", "NaN", "Inf", "0x1p4"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		d := parseRetryAfter(v, now)
		if d < 0 || d > maxRetryAfterHeader {
			t.Errorf("parseRetryAfter(%q) = %s, want within [0, %s]", v, d, maxRetryAfterHeader)
		}
	})
}
