package zendesk

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

// sameAsSDK decodes b two ways, with encoding/json through the model's UnmarshalJSON method
// and with the SDK's own reader, and fails when they disagree: on whether b decodes, or on the
// value. A user who reads a model from a cache must get what the SDK would have read.
func sameAsSDK[T any](t *testing.T, b []byte) {
	t.Helper()
	var viaJSON, viaSDK T
	errJSON := json.Unmarshal(b, &viaJSON)
	errSDK := decodeAnswer(bytes.NewReader(b), &viaSDK, 0)
	if (errJSON == nil) != (errSDK == nil) {
		t.Fatalf("%T: encoding/json says %v, the SDK's reader %v", viaSDK, errJSON, errSDK)
	}
	if errJSON == nil && !reflect.DeepEqual(viaJSON, viaSDK) {
		t.Fatalf("%T: encoding/json gives %+v\nthe SDK's reader gives %+v", viaSDK, viaJSON, viaSDK)
	}
	if errJSON == nil {
		if _, err := json.Marshal(viaSDK); err != nil {
			t.Fatalf("%T decoded but does not encode: %v", viaSDK, err)
		}
	}
}

// addSeeds adds each string as a seed.
func addSeeds(f *testing.F, seeds ...string) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
}

// FuzzDecodeTicketComment: a comment, and a comments page with side-loaded users, decode
// without panicking, the same way with encoding/json as with the SDK's reader.
func FuzzDecodeTicketComment(f *testing.F) {
	fuzzSeeds(f, "ticket_comment", "comment")
	f.Add(fixture(f, "ticket_comments_page.json"))
	addSeeds(f, `{"id":"7","public":"false","author_id":1e3,"attachments":null,"via":"web","metadata":[],"created_at":1700000000}`,
		`{"attachments":[{"id":"1","thumbnails":[{"id":2,"thumbnails":7}]},null,"x"],"metadata":{"system":{"n":1.5}}}`,
		`{"comments":[{"id":1}],"users":[{"id":"2"}],"meta":{"has_more":true,"after_cursor":"a"}}`)
	f.Fuzz(func(t *testing.T, b []byte) {
		sameAsSDK[TicketComment](t, b)
		p := &pageBody[TicketComment]{key: "comments", size: 2}
		if decodeAnswer(bytes.NewReader(b), p, 0) == nil && len(p.page.Items) > 2*2+pageSlack {
			t.Errorf("a page of %d comments was kept when 2 were asked for", len(p.page.Items))
		}
	})
}

// FuzzDecodeAttachment: an attachment and an upload decode the same way with encoding/json as
// with the SDK's reader, thumbnails nested in thumbnails included.
func FuzzDecodeAttachment(f *testing.F) {
	fuzzSeeds(f, "attachment", "attachment")
	fuzzSeeds(f, "upload", "upload")
	addSeeds(f, `{"id":"1","size":"12","width":1.0,"height":null,"inline":"true","deleted":1,"thumbnails":[{"id":2}]}`,
		`{"token":7,"expires_at":"2026-03-08 09:20:11 UTC","attachment":null,"attachments":[null,{"id":"x"}]}`)
	f.Fuzz(func(t *testing.T, b []byte) {
		sameAsSDK[Attachment](t, b)
		sameAsSDK[Upload](t, b)
	})
}

// FuzzDecodeTicketField: a ticket field and a field option decode the same way with
// encoding/json as with the SDK's reader, and a FieldMap built from whatever decodes never
// panics, and sends for a drop-down only a tag of one of its options.
func FuzzDecodeTicketField(f *testing.F) {
	fuzzSeeds(f, "ticket_field", "ticket_field")
	addSeeds(f, `{"id":"5","type":"tagger","title":"T","custom_field_options":[{"id":"1","name":"A","value":"a","position":"0","default":"false"}]}`,
		`{"id":1,"type":"regexp","title":"R","regexp_for_validation":"(?P<x"}`,
		`{"id":1,"type":"multiselect","title":"M","custom_field_options":null}`,
		`{"custom_field_options":[{"id":1,"name":"A","value":"a"}],"meta":{"has_more":false}}`)
	f.Fuzz(func(t *testing.T, b []byte) {
		sameAsSDK[TicketField](t, b)
		sameAsSDK[FieldOption](t, b)
		_ = decodeAnswer(bytes.NewReader(b), &pageBody[FieldOption]{key: "custom_field_options"}, 0)

		var field TicketField
		if json.Unmarshal(b, &field) != nil || field.Title == "" {
			return
		}
		m := fieldMapOf(field)
		for _, v := range []any{"a", field.Title, []string{"a"}, true, 3, 2.5, nil} {
			cf, err := m.Set(field.Title, v)
			if err != nil || field.Type != "tagger" || cf.Value == nil {
				continue
			}
			tag, _ := cf.Value.(string)
			known := false
			for _, o := range field.CustomFieldOptions {
				known = known || o.Value == tag
			}
			if !known {
				t.Errorf("Set(%q, %v) sends %q, not the tag of an option", field.Title, v, tag)
			}
		}
		tk := &Ticket{CustomFields: []CustomField{{ID: field.ID, Value: "a"}, {ID: field.ID, Value: []any{"a", 1}}}}
		_, _ = m.Value(tk, field.Title)
	})
}

// fieldMapOf builds a FieldMap from fields already read, as Refresh does.
func fieldMapOf(fields ...TicketField) *FieldMap {
	m := &FieldMap{}
	m.load(fields)
	return m
}

// FuzzDecodeDeletedTicket: a deleted ticket, and a page of them, decode the same way with
// encoding/json as with the SDK's reader.
func FuzzDecodeDeletedTicket(f *testing.F) {
	fuzzSeeds(f, "deleted_tickets", "deleted_tickets")
	addSeeds(f, `{"id":"581","actor":{"id":"3","name":7},"deleted_at":"2026-11-28T17:45:12Z","previous_state":null}`,
		`{"actor":"system","deleted_at":""}`, `{"actor":null}`)
	f.Fuzz(func(t *testing.T, b []byte) {
		sameAsSDK[DeletedTicket](t, b)
		sameAsSDK[DeletedBy](t, b)
		p := &pageBody[DeletedTicket]{key: "deleted_tickets", size: 1}
		if decodeAnswer(bytes.NewReader(b), p, 0) == nil && len(p.page.Items) > 2+pageSlack {
			t.Errorf("a page of %d deleted tickets was kept when 1 was asked for", len(p.page.Items))
		}
	})
}

// FuzzDecodeSideloads: side-loads, groups and organizations decode the same way with
// encoding/json as with the SDK's reader, and a page carries side-loads exactly when the
// answer had a side-load list.
func FuzzDecodeSideloads(f *testing.F) {
	f.Add(fixture(f, "ticket_sideloads.json"))
	f.Add(fixture(f, "tickets_page_sideloads.json"))
	addSeeds(f, `{"users":[{"id":"1"}],"groups":[{"id":2,"default":"true","deleted":null}],"organizations":[{"id":3,"domain_names":"x","organization_fields":{"n":1}}]}`,
		`{"groups":null,"organizations":[null,7]}`, `{"tickets":[],"users":null}`)
	f.Fuzz(func(t *testing.T, b []byte) {
		sameAsSDK[Sideloads](t, b)
		sameAsSDK[Group](t, b)
		sameAsSDK[Organization](t, b)
		p := &pageBody[Ticket]{key: "tickets"}
		if decodeAnswer(bytes.NewReader(b), p, 0) != nil {
			return
		}
		var keys map[string]json.RawMessage
		if json.Unmarshal(b, &keys) != nil {
			return // not an object (null), or one encoding/json reads otherwise
		}
		_, u := keys["users"]
		_, g := keys["groups"]
		_, o := keys["organizations"]
		// A side-load key given as null counts as not given.
		for _, k := range []string{"users", "groups", "organizations"} {
			if string(bytes.TrimSpace(keys[k])) == "null" {
				switch k {
				case "users":
					u = false
				case "groups":
					g = false
				case "organizations":
					o = false
				}
			}
		}
		if (p.page.Sideloads != nil) != (u || g || o) {
			t.Errorf("Sideloads = %+v for an answer with users %v, groups %v, organizations %v", p.page.Sideloads, u, g, o)
		}
	})
}

// FuzzDecodeCounts: the count answers (`{"count": {"value": N}}` of comments and audits, and
// the plain `"count": N` of offset pages) decode without panicking, and a count that decodes
// is never taken from anything but its own key.
func FuzzDecodeCounts(f *testing.F) {
	f.Add(fixture(f, "ticket_comments_count.json"))
	f.Add(fixture(f, "ticket_audits_count.json"))
	f.Add(fixture(f, "search_count.json"))
	addSeeds(f, `{"count":{"value":"3","refreshed_at":null}}`, `{"count":{"value":1.5e300}}`, `{"count":7}`,
		`{"count":null}`, `{"count":{"value":-1}}`, `{"users":[],"count":"12","next_page":"x"}`,
		`{"meta":{"count":5},"count":{"value":3}}`)
	f.Fuzz(func(t *testing.T, b []byte) {
		out := &keyBody[countValue]{key: "count"}
		if decodeAnswer(bytes.NewReader(b), out, 0) == nil && out.v != nil && out.v.Value != 0 {
			var keys map[string]json.RawMessage
			if json.Unmarshal(b, &keys) == nil && keys["count"] == nil {
				t.Errorf("count %d from an answer without a count key", out.v.Value)
			}
		}
		p := &pageBody[User]{key: "users"}
		_ = decodeAnswer(bytes.NewReader(b), p, 0)
	})
}

// FuzzOneKeyAnswers: the one-record answers every Get-like method reads through doKey, and the
// lists of the new endpoints, decode without panicking; a record read from its key is the one
// encoding/json reads from that key through the model's UnmarshalJSON (and a tweet status read
// whole, the same both ways).
func FuzzOneKeyAnswers(f *testing.F) {
	for _, name := range []string{"user.json", "attachment.json", "upload.json", "ticket_field.json", "ticket_audit.json",
		"ticket_tags.json", "webhook_signing_secret.json", "ticket_audits_page.json", "ticket_field_options.json"} {
		f.Add(fixture(f, name))
	}
	addSeeds(f, `{"user":{"id":"1"},"x":[{"user":2}],"user":{"id":3}}`, `{"attachment":null}`, `{"tags":["a",1,null]}`,
		`{"audit":{"events":[{"type":"Comment","attachments":[{"id":"9"}]}]},"audits":[{"id":1}],"meta":{"has_more":true}}`)
	f.Fuzz(func(t *testing.T, b []byte) {
		sameUnderKey[User](t, b, "user")
		sameUnderKey[Attachment](t, b, "attachment")
		sameUnderKey[Upload](t, b, "upload")
		sameUnderKey[TicketField](t, b, "ticket_field")
		sameUnderKey[TicketComment](t, b, "comment")
		sameUnderKey[Audit](t, b, "audit")
		sameUnderKey[JobStatus](t, b, "job_status")
		sameAsSDK[TwicketStatus](t, b)
		_ = decodeAnswer(bytes.NewReader(b), &keyBody[[]string]{key: "tags"}, 0)
		_ = decodeAnswer(bytes.NewReader(b), &keyBody[signingSecret]{key: "signing_secret"}, 0)
		_ = decodeAnswer(bytes.NewReader(b), &pageBody[Audit]{key: "audits"}, 0)
	})
}

// sameUnderKey reads b's key with keyBody and, when that succeeds with a record, checks that
// encoding/json reads the same record from the same key.
func sameUnderKey[T any](t *testing.T, b []byte, key string) {
	t.Helper()
	body := &keyBody[T]{key: key}
	if decodeAnswer(bytes.NewReader(b), body, 0) != nil || body.v == nil {
		return
	}
	var keys map[string]json.RawMessage
	if json.Unmarshal(b, &keys) != nil {
		return // duplicate keys or invalid UTF-8 that encoding/json reads otherwise
	}
	var viaJSON T
	if err := json.Unmarshal(keys[key], &viaJSON); err != nil {
		t.Fatalf("%T: the SDK read %+v from %q, encoding/json fails: %v", viaJSON, *body.v, key, err)
	}
	if !reflect.DeepEqual(viaJSON, *body.v) {
		t.Fatalf("%T under %q: encoding/json gives %+v\nthe SDK's reader gives %+v", viaJSON, key, viaJSON, *body.v)
	}
}
