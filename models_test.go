package zendesk

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

// decodeFixture decodes testdata/name into v, failing the test on any error.
func decodeFixture(t testing.TB, name string, v any) {
	t.Helper()
	if err := json.Unmarshal(fixture(t, name), v); err != nil {
		t.Fatalf("decode %s: %v", name, err)
	}
}

// decodeTicket decodes a {"ticket": …} fixture.
func decodeTicket(t testing.TB, name string) Ticket {
	t.Helper()
	var body struct {
		Ticket Ticket `json:"ticket"`
	}
	decodeFixture(t, name, &body)
	return body.Ticket
}

// jsonEqual compares two JSON texts semantically (key order and spacing do not matter).
func jsonEqual(t testing.TB, got []byte, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("got invalid JSON %s: %v", got, err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("want invalid JSON %s: %v", want, err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("JSON mismatch\n got: %s\nwant: %s", got, want)
	}
}

func mustTime(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestDecodeTicketFull(t *testing.T) {
	tk := decodeTicket(t, "ticket.json")
	due := mustTime(t, "2026-03-10T12:00:00Z")
	cf := []CustomField{
		{ID: 27642, Value: "745"},
		{ID: 27643, Value: json.Number("12.5")},
		{ID: 27644, Value: true},
		{ID: 27645, Value: []any{"a", "b"}},
		{ID: 27646, Value: nil},
	}
	want := Ticket{
		ID:          35436,
		URL:         "https://acme.zendesk.com/api/v2/tickets/35436.json",
		EncodedID:   "ZP7EYR-VK4Q",
		ExternalID:  "ahg35h3jh",
		Type:        TypeIncident,
		Subject:     "Help, my printer is on fire!",
		RawSubject:  "{{dc.printer_on_fire}}",
		Description: "The fire is very colorful.",
		Priority:    PriorityHigh, Status: StatusOpen, CustomStatusID: 3612009,
		Recipient:   "support@acme.zendesk.com",
		RequesterID: 20978392, SubmitterID: 76872, AssigneeID: 235323,
		OrganizationID: 509974, GroupID: 98738,
		CollaboratorIDs: []int64{35334, 234}, EmailCCIDs: []int64{234}, FollowerIDs: []int64{35334},
		ForumTopicID: 72648221, ProblemID: 9873764,
		IsPublic: true,
		DueAt:    &due,
		Tags:     []string{"enterprise", "printer", "fire"},
		Via: Via{Channel: "email", Source: ViaSource{
			From: ViaEndpoint{Address: "jane.doe@example.org", Name: "Jane Doe",
				Raw: json.RawMessage(`{"address": "jane.doe@example.org", "name": "Jane Doe"}`)},
			To: ViaEndpoint{Address: "support@acme.zendesk.com", Name: "Acme Support",
				Raw: json.RawMessage(`{"name": "Acme Support", "address": "support@acme.zendesk.com"}`)},
		}},
		CustomFields:        cf,
		Fields:              cf,
		SatisfactionRating:  &SatisfactionRating{ID: 1234, Score: "good", Comment: "Great support!", Reason: "No reason provided"},
		SharingAgreementIDs: []int64{84432},
		FollowupIDs:         []int64{},
		TicketFormID:        360000094652,
		BrandID:             360001128151,
		AllowAttachments:    true,
		GeneratedTimestamp:  1772643731,
		CreatedAt:           mustTime(t, "2026-03-02T09:15:27Z"),
		UpdatedAt:           mustTime(t, "2026-03-04T17:02:11Z"),
	}
	if !reflect.DeepEqual(tk, want) {
		t.Errorf("ticket mismatch\n got: %+v\nwant: %+v", tk, want)
	}
}

func TestDecodeTicketNulls(t *testing.T) {
	tk := decodeTicket(t, "ticket_nulls.json")
	if tk.ID != 35437 || tk.Status != StatusNew || tk.RequesterID != 20978392 {
		t.Fatalf("basic fields wrong: %+v", tk)
	}
	zeros := map[string]any{
		"ExternalID": tk.ExternalID, "Type": string(tk.Type), "Priority": string(tk.Priority),
		"Recipient": tk.Recipient, "AssigneeID": tk.AssigneeID, "OrganizationID": tk.OrganizationID,
		"GroupID": tk.GroupID, "ForumTopicID": tk.ForumTopicID, "ProblemID": tk.ProblemID,
		"CustomStatusID": tk.CustomStatusID,
	}
	for name, v := range zeros {
		if !reflect.ValueOf(v).IsZero() {
			t.Errorf("%s = %v, want zero for null", name, v)
		}
	}
	if tk.DueAt != nil {
		t.Errorf("DueAt = %v, want nil", tk.DueAt)
	}
	if tk.SatisfactionRating != nil {
		t.Errorf("SatisfactionRating = %+v, want nil", tk.SatisfactionRating)
	}
	if want := []CustomField{{ID: 27642}}; !reflect.DeepEqual(tk.CustomFields, want) {
		t.Errorf("CustomFields = %+v, want %+v", tk.CustomFields, want)
	}
	if tk.Via.Channel != "api" || tk.Via.Source.From.Raw != nil || tk.Via.Source.To.Raw != nil {
		t.Errorf("Via = %+v, want api with empty endpoints", tk.Via)
	}
}

func TestDecodeTicketOdd(t *testing.T) {
	tk := decodeTicket(t, "ticket_odd.json")
	checks := []struct {
		name      string
		got, want any
	}{
		{"Status", tk.Status, Status("escalated")},
		{"Priority", tk.Priority, Priority("critical")},
		{"Type", tk.Type, TicketType("incident_report")},
		{"RequesterID from string", tk.RequesterID, int64(20978392)},
		{"GroupID from string", tk.GroupID, int64(123)},
		{"AssigneeID from empty string", tk.AssigneeID, int64(0)},
		{"OrganizationID from non-number", tk.OrganizationID, int64(0)},
		{"CollaboratorIDs mixed", tk.CollaboratorIDs, []int64{35334, 234, 0}},
		{"TicketFormID from float", tk.TicketFormID, int64(360000094652)},
		{"BrandID from string", tk.BrandID, int64(360001128151)},
		{"DueAt date only", *tk.DueAt, mustTime(t, "2012-05-01T00:00:00Z")},
		{"SatisfactionRating string", *tk.SatisfactionRating, SatisfactionRating{Score: "offered"}},
		{"CustomFields id from string", tk.CustomFields, []CustomField{{ID: 27642, Value: "745"}}},
		{"Via.Channel integer", tk.Via.Channel, "4"},
		{"Via.Source.Rel integer", tk.Via.Source.Rel, "7"},
		{"Via.Source.From.ID string", tk.Via.Source.From.ID, int64(88)},
		{"Via.Source.To list", tk.Via.Source.To, ViaEndpoint{}},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s = %#v, want %#v", c.name, c.got, c.want)
		}
	}
}

func TestDecodeTicketVia(t *testing.T) {
	tests := []struct {
		fixture string
		want    Via
	}{
		{"ticket_web.json", Via{Channel: "web"}},
		{"ticket_rule.json", Via{Channel: "rule", Source: ViaSource{
			From: ViaEndpoint{ID: 22472716, Title: "Assign to first responder", RevisionID: 3},
			Rel:  "trigger",
		}}},
		{"ticket.json", Via{Channel: "email", Source: ViaSource{
			From: ViaEndpoint{Address: "jane.doe@example.org", Name: "Jane Doe"},
			To:   ViaEndpoint{Address: "support@acme.zendesk.com", Name: "Acme Support"},
		}}},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			got := decodeTicket(t, tt.fixture).Via
			got.Source.From.Raw, got.Source.To.Raw = nil, nil // Raw is checked elsewhere
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Via = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestDecodeTicketStatesAndRatings(t *testing.T) {
	tests := []struct {
		fixture  string
		typ      TicketType
		priority Priority
		status   Status
		rating   *SatisfactionRating
		due      string
	}{
		{"ticket.json", TypeIncident, PriorityHigh, StatusOpen,
			&SatisfactionRating{ID: 1234, Score: "good", Comment: "Great support!", Reason: "No reason provided"}, "2026-03-10T12:00:00Z"},
		{"ticket_nulls.json", "", "", StatusNew, nil, ""},
		{"ticket_web.json", TypeQuestion, PriorityNormal, StatusPending, &SatisfactionRating{Score: "offered"}, ""},
		{"ticket_rule.json", TypeTask, PriorityLow, StatusHold, &SatisfactionRating{Score: "unoffered"}, "2026-03-05T16:30:00Z"},
		{"ticket_create.json", TypeProblem, PriorityUrgent, StatusOpen, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			tk := decodeTicket(t, tt.fixture)
			if tk.Type != tt.typ || tk.Priority != tt.priority || tk.Status != tt.status {
				t.Errorf("type/priority/status = %q/%q/%q, want %q/%q/%q",
					tk.Type, tk.Priority, tk.Status, tt.typ, tt.priority, tt.status)
			}
			if !reflect.DeepEqual(tk.SatisfactionRating, tt.rating) {
				t.Errorf("SatisfactionRating = %+v, want %+v", tk.SatisfactionRating, tt.rating)
			}
			switch {
			case tt.due == "" && tk.DueAt != nil:
				t.Errorf("DueAt = %v, want nil", tk.DueAt)
			case tt.due != "" && (tk.DueAt == nil || !tk.DueAt.Equal(mustTime(t, tt.due))):
				t.Errorf("DueAt = %v, want %s", tk.DueAt, tt.due)
			}
		})
	}
}

func TestDecodeTicketsPage(t *testing.T) {
	var page struct {
		Tickets []Ticket `json:"tickets"`
		Meta    struct {
			HasMore      bool   `json:"has_more"`
			AfterCursor  string `json:"after_cursor"`
			BeforeCursor string `json:"before_cursor"`
		} `json:"meta"`
	}
	decodeFixture(t, "tickets_page.json", &page)
	var ids []int64
	for _, tk := range page.Tickets {
		ids = append(ids, tk.ID)
	}
	if want := []int64{35436, 35438, 35439}; !reflect.DeepEqual(ids, want) {
		t.Errorf("ids = %v, want %v", ids, want)
	}
	if !page.Meta.HasMore || page.Meta.AfterCursor == "" || page.Meta.BeforeCursor == "" {
		t.Errorf("meta = %+v", page.Meta)
	}
	if got := decodeTicket(t, "ticket.json"); !reflect.DeepEqual(page.Tickets[0].CustomFields, got.CustomFields) {
		t.Errorf("page ticket differs from the single ticket: %+v", page.Tickets[0].CustomFields)
	}
}

// TestDecodeTicketTolerance feeds one field at a time in the shapes real traffic has sent.
func TestDecodeTicketTolerance(t *testing.T) {
	checkTicketCases(t, []ticketCase{
		{"id as string", `{"id":"35436"}`, func(t Ticket) bool { return t.ID == 35436 }},
		{"group_id as string", `{"group_id":"123"}`, func(t Ticket) bool { return t.GroupID == 123 }},
		{"group_id as padded string", `{"group_id":" 123 "}`, func(t Ticket) bool { return t.GroupID == 123 }},
		{"group_id not a number", `{"group_id":"abc","subject":"kept"}`, func(t Ticket) bool { return t.GroupID == 0 && t.Subject == "kept" }},
		{"group_id bool", `{"group_id":true}`, func(t Ticket) bool { return t.GroupID == 0 }},
		{"group_id fractional", `{"group_id":1.5}`, func(t Ticket) bool { return t.GroupID == 0 }},
		{"group_id huge", `{"group_id":99999999999999999999}`, func(t Ticket) bool { return t.GroupID == 0 }},
		{"negative id", `{"submitter_id":-1}`, func(t Ticket) bool { return t.SubmitterID == -1 }},
		{"big id exact", `{"brand_id":9007199254740993}`, func(t Ticket) bool { return t.BrandID == 9007199254740993 }},
		{"ids null", `{"collaborator_ids":null}`, func(t Ticket) bool { return t.CollaboratorIDs == nil }},
		{"ids not a list", `{"collaborator_ids":"1,2"}`, func(t Ticket) bool { return t.CollaboratorIDs == nil }},
		{"ids empty", `{"collaborator_ids":[ ]}`, func(t Ticket) bool { return t.CollaboratorIDs != nil && len(t.CollaboratorIDs) == 0 }},
		{"ids spaced with literals", `{"collaborator_ids":[ 1 , null, true, -2 ]}`, func(t Ticket) bool {
			return reflect.DeepEqual(t.CollaboratorIDs, []int64{1, 0, 0, -2})
		}},
		{"ids with nested list", `{"collaborator_ids":[1,[2,3],"4"]}`, func(t Ticket) bool { return reflect.DeepEqual(t.CollaboratorIDs, []int64{1, 0, 4}) }},
		{"custom field null entry", `{"custom_fields":[null,{"id":1,"value":"x"}]}`, func(t Ticket) bool {
			return reflect.DeepEqual(t.CustomFields, []CustomField{{}, {ID: 1, Value: "x"}})
		}},
		{"custom fields empty", `{"fields":[]}`, func(t Ticket) bool { return t.Fields != nil && len(t.Fields) == 0 }},
		{"unknown field", `{"id":1,"whatever":{"a":[1,2]}}`, func(t Ticket) bool { return t.ID == 1 }},
		{"via null", `{"via":null}`, func(t Ticket) bool { return reflect.DeepEqual(t.Via, Via{}) }},
		{"via string", `{"via":"web"}`, func(t Ticket) bool { return t.Via.Channel == "" }},
		{"via source null", `{"via":{"channel":"web","source":null}}`, func(t Ticket) bool { return t.Via.Channel == "web" }},
		{"via from string", `{"via":{"channel":"web","source":{"from":"x","rel":"r"}}}`, func(t Ticket) bool { return t.Via.Source.Rel == "r" }},
		{"rating null", `{"satisfaction_rating":null}`, func(t Ticket) bool { return t.SatisfactionRating == nil }},
		{"rating number", `{"satisfaction_rating":5}`, func(t Ticket) bool { return *t.SatisfactionRating == SatisfactionRating{} }},
		{"rating unoffered", `{"satisfaction_rating":"unoffered"}`, func(t Ticket) bool { return t.SatisfactionRating.Score == "unoffered" }},
		{"rating id string", `{"satisfaction_rating":{"id":"7","score":"bad"}}`, func(t Ticket) bool {
			return *t.SatisfactionRating == SatisfactionRating{ID: 7, Score: "bad"}
		}},
		{"due_at with offset", `{"due_at":"2026-03-10T14:00:00+02:00"}`, func(t Ticket) bool {
			return t.DueAt != nil && t.DueAt.Equal(time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC))
		}},
		{"enums null", `{"type":null,"priority":null,"status":null}`, func(t Ticket) bool { return t.Type == "" && t.Priority == "" && t.Status == "" }},
		{"tags with null", `{"tags":["a",null]}`, func(t Ticket) bool { return reflect.DeepEqual(t.Tags, []string{"a", ""}) }},
		{"custom_fields null", `{"custom_fields":null}`, func(t Ticket) bool { return t.CustomFields == nil }},
		{"bools null", `{"has_incidents":null,"is_public":null}`, func(t Ticket) bool { return !t.HasIncidents && !t.IsPublic }},
	})
}

// TestCustomFieldRoundTrip checks that every kind of value re-encodes byte for byte.
func TestCustomFieldRoundTrip(t *testing.T) {
	tests := []struct {
		json string
		want any
	}{
		{`{"id":27642,"value":"745"}`, "745"},
		{`{"id":27643,"value":12.5}`, json.Number("12.5")},
		{`{"id":27643,"value":745}`, json.Number("745")},
		{`{"id":27643,"value":-0.25}`, json.Number("-0.25")},
		{`{"id":27643,"value":1e+21}`, json.Number("1e+21")},
		{`{"id":27643,"value":9007199254740993}`, json.Number("9007199254740993")},
		{`{"id":27644,"value":true}`, true},
		{`{"id":27644,"value":false}`, false},
		{`{"id":27645,"value":["a","b"]}`, []any{"a", "b"}},
		{`{"id":27645,"value":[]}`, []any{}},
		{`{"id":27646,"value":null}`, nil},
		{`{"id":27647,"value":"héllo \"quoted\""}`, `héllo "quoted"`},
		{`{"id":27648,"value":{"a":1}}`, map[string]any{"a": json.Number("1")}},
	}
	for _, tt := range tests {
		t.Run(tt.json, func(t *testing.T) {
			var f CustomField
			if err := json.Unmarshal([]byte(tt.json), &f); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(f.Value, tt.want) {
				t.Errorf("Value = %#v, want %#v", f.Value, tt.want)
			}
			out, err := json.Marshal(f)
			if err != nil {
				t.Fatal(err)
			}
			if string(out) != tt.json {
				t.Errorf("round trip\n got: %s\nwant: %s", out, tt.json)
			}
		})
	}
}

// TestTicketReencode checks that a decoded ticket encodes back to JSON that decodes the same.
func TestTicketReencode(t *testing.T) {
	for _, name := range []string{"ticket.json", "ticket_nulls.json", "ticket_rule.json"} {
		t.Run(name, func(t *testing.T) {
			tk := decodeTicket(t, name)
			b, err := json.Marshal(tk)
			if err != nil {
				t.Fatal(err)
			}
			var again Ticket
			if err := json.Unmarshal(b, &again); err != nil {
				t.Fatal(err)
			}
			clearRaw := func(v *Via) { v.Source.From.Raw, v.Source.To.Raw = nil, nil }
			clearRaw(&tk.Via)
			clearRaw(&again.Via)
			if !reflect.DeepEqual(again, tk) {
				t.Errorf("re-decoded ticket differs\n got: %+v\nwant: %+v", again, tk)
			}
			if bytes.Contains(b, []byte(`"Raw"`)) {
				t.Errorf("Raw leaked into JSON: %s", b)
			}
		})
	}
}

func TestTicketRequestMarshal(t *testing.T) {
	cet := time.FixedZone("CET", 3600)
	tests := []struct {
		name string
		req  TicketRequest
		want string
	}{
		{"empty", TicketRequest{}, `{}`},
		{"null assignee", TicketRequest{AssigneeID: Null[int64]()}, `{"assignee_id":null}`},
		{"set assignee", TicketRequest{AssigneeID: Set[int64](235323)}, `{"assignee_id":235323}`},
		{"clear tags", TicketRequest{Tags: Set([]string{})}, `{"tags":[]}`},
		{"null tags", TicketRequest{Tags: Null[[]string]()}, `{"tags":null}`},
		{"collaborators", TicketRequest{Collaborators: Set([]Collaborator{
			CollaboratorID(1), CollaboratorEmail("a@b.c"), NewCollaborator("N", "n@x.y"),
		})}, `{"collaborators":[1,"a@b.c",{"name":"N","email":"n@x.y"}]}`},
		{"due_at whole seconds UTC", TicketRequest{DueAt: Set(time.Date(2026, 1, 2, 4, 4, 5, 999_000_000, cet))},
			`{"due_at":"2026-01-02T03:04:05Z"}`},
		{"due_at null", TicketRequest{DueAt: Null[time.Time]()}, `{"due_at":null}`},
		{"safe update", TicketRequest{SafeUpdate: Set(true), UpdatedStamp: Set(time.Date(2026, 3, 4, 17, 2, 11, 5, time.UTC))},
			`{"safe_update":true,"updated_stamp":"2026-03-04T17:02:11Z"}`},
		{"private comment", TicketRequest{Comment: &Comment{Body: "note", Public: Set(false)}},
			`{"comment":{"body":"note","public":false}}`},
		{"empty comment and requester", TicketRequest{Comment: &Comment{}, Requester: &Requester{}},
			`{"comment":{},"requester":{}}`},
		{"bulk entry", TicketRequest{ID: 2, Status: Set(StatusPending)}, `{"id":2,"status":"pending"}`},
		{"cc changes", TicketRequest{
			EmailCCs:  Set([]CCChange{{UserEmail: "a@b.c", UserName: "A", Action: CCPut}, {UserID: 7, Action: CCDelete}}),
			Followers: Set([]CCChange{{UserID: 8}}),
		}, `{"email_ccs":[{"user_email":"a@b.c","user_name":"A","action":"put"},{"user_id":7,"action":"delete"}],"followers":[{"user_id":8}]}`},
		{"everything", TicketRequest{
			Subject: Set("s"), RawSubject: Set("{{dc.s}}"),
			Type: Set(TypeIncident), Priority: Set(PriorityUrgent), Status: Set(StatusOpen),
			RequesterID: Set[int64](1), SubmitterID: Set[int64](2), AssigneeID: Set[int64](3),
			AssigneeEmail: Set("agent@acme.test"), GroupID: Set[int64](4), OrganizationID: Set[int64](5),
			CollaboratorIDs: Set([]int64{6}), Collaborators: Set([]Collaborator{CollaboratorID(7)}),
			AdditionalCollaborators: Set([]Collaborator{CollaboratorEmail("x@y.z")}),
			FollowerIDs:             Set([]int64{8}), EmailCCIDs: Set([]int64{9}),
			ExternalID: Set("ext"), ForumTopicID: Set[int64](10), ProblemID: Set[int64](11),
			DueAt: Set(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)), Tags: Set([]string{"a"}),
			AdditionalTags: Set([]string{"b"}), RemoveTags: Set([]string{"c"}),
			TicketFormID: Set[int64](12), BrandID: Set[int64](13), CustomStatusID: Set[int64](14),
			ViaFollowupSourceID: Set[int64](15), SafeUpdate: Set(true),
			UpdatedStamp: Set(time.Date(2026, 1, 2, 3, 4, 6, 0, time.UTC)),
			Comment:      &Comment{Body: "b", HTMLBody: "<p>b</p>", Public: Set(true), AuthorID: 16, Uploads: []string{"tok"}},
			Requester:    &Requester{Name: "n", Email: "e@x.y", LocaleID: 8},
			CustomFields: []CustomField{{ID: 17, Value: "v"}, {ID: 18, Value: nil}, {ID: 19, Value: json.Number("2.5")}},
			Metadata:     map[string]any{"time_spent": "4m12s"},
		}, `{
			"subject":"s","raw_subject":"{{dc.s}}","type":"incident","priority":"urgent","status":"open",
			"requester_id":1,"submitter_id":2,"assignee_id":3,"assignee_email":"agent@acme.test",
			"group_id":4,"organization_id":5,"collaborator_ids":[6],"collaborators":[7],
			"additional_collaborators":["x@y.z"],"follower_ids":[8],"email_cc_ids":[9],
			"external_id":"ext","forum_topic_id":10,"problem_id":11,"due_at":"2026-01-02T03:04:05Z",
			"tags":["a"],"additional_tags":["b"],"remove_tags":["c"],"ticket_form_id":12,"brand_id":13,
			"custom_status_id":14,"via_followup_source_id":15,"safe_update":true,
			"updated_stamp":"2026-01-02T03:04:06Z",
			"comment":{"body":"b","html_body":"<p>b</p>","public":true,"author_id":16,"uploads":["tok"]},
			"requester":{"name":"n","email":"e@x.y","locale_id":8},
			"custom_fields":[{"id":17,"value":"v"},{"id":18,"value":null},{"id":19,"value":2.5}],
			"metadata":{"time_spent":"4m12s"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(tt.req)
			if err != nil {
				t.Fatal(err)
			}
			jsonEqual(t, b, tt.want)
			// A pointer, as the services pass it, marshals the same way.
			pb, err := json.Marshal(&tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(pb, b) {
				t.Errorf("pointer form differs: %s vs %s", pb, b)
			}
		})
	}
	if b, _ := json.Marshal(TicketRequest{}); string(b) != `{}` {
		t.Errorf("empty request = %s, want {}", b)
	}
}

func TestCollaboratorJSON(t *testing.T) {
	tests := []struct {
		c    Collaborator
		json string
	}{
		{CollaboratorID(562624), `562624`},
		{CollaboratorEmail("someone@example.com"), `"someone@example.com"`},
		{NewCollaborator("Someone Special", "someone@example.com"), `{"name":"Someone Special","email":"someone@example.com"}`},
		{Collaborator{}, `null`},
	}
	for _, tt := range tests {
		t.Run(tt.json, func(t *testing.T) {
			b, err := json.Marshal(tt.c)
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tt.json {
				t.Errorf("marshal = %s, want %s", b, tt.json)
			}
			var back Collaborator
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatal(err)
			}
			if back != tt.c {
				t.Errorf("unmarshal = %+v, want %+v", back, tt.c)
			}
		})
	}
	c := NewCollaborator("N", "n@x.y")
	if c.Name() != "N" || c.Email() != "n@x.y" || c.ID() != 0 || CollaboratorID(3).ID() != 3 {
		t.Errorf("accessors wrong: %+v", c)
	}
	if err := json.Unmarshal([]byte(`true`), &c); err == nil {
		t.Error("a bool collaborator decoded without error")
	}
}

func TestMergeRequestMarshal(t *testing.T) {
	tests := []struct {
		name string
		req  MergeRequest
		want string
	}{
		{"ids only", MergeRequest{IDs: []int64{123, 234}}, `{"ids":[123,234]}`},
		{"all", MergeRequest{IDs: []int64{123}, TargetComment: "Closing in favor of #111",
			SourceComment: "Combining with #123", TargetCommentIsPublic: Set(true), SourceCommentIsPublic: Set(false)},
			`{"ids":[123],"target_comment":"Closing in favor of #111","source_comment":"Combining with #123",
			  "target_comment_is_public":true,"source_comment_is_public":false}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(tt.req)
			if err != nil {
				t.Fatal(err)
			}
			jsonEqual(t, b, tt.want)
		})
	}
}

func TestDecodeTicketCreateAudit(t *testing.T) {
	var body struct {
		Ticket Ticket `json:"ticket"`
		Audit  Audit  `json:"audit"`
	}
	decodeFixture(t, "ticket_create.json", &body)
	if body.Ticket.ID != 35440 || body.Ticket.ExternalID != "order-88121" {
		t.Errorf("ticket = %+v", body.Ticket)
	}
	a := body.Audit
	if a.ID != 1020043338 || a.TicketID != 35440 || a.AuthorID != 76872 ||
		!a.CreatedAt.Equal(mustTime(t, "2026-03-05T08:30:12Z")) {
		t.Errorf("audit header = %+v", a)
	}
	if a.Via == nil || a.Via.Channel != "api" {
		t.Errorf("audit via = %+v", a.Via)
	}
	if want := map[string]any{"time_spent": "4m12s", "account": "integrations"}; !reflect.DeepEqual(a.Metadata.Custom, want) {
		t.Errorf("metadata.custom = %v", a.Metadata.Custom)
	}
	if a.Metadata.System["ip_address"] != "184.106.40.75" || a.Metadata.System["latitude"] != 53.3338 {
		t.Errorf("metadata.system = %v", a.Metadata.System)
	}
	if len(a.Events) != 9 {
		t.Fatalf("%d events, want 9", len(a.Events))
	}
	comment := a.Events[0]
	// Raw is the event's JSON as sent: it holds what the fields leave out (audit_id here).
	var raw map[string]any
	if err := json.Unmarshal(comment.Raw, &raw); err != nil || raw["audit_id"] != 1020043338.0 || raw["body"] != comment.Body {
		t.Errorf("comment event Raw = %s (%v)", comment.Raw, err)
	}
	for i, e := range a.Events {
		if !json.Valid(e.Raw) || !bytes.HasPrefix(e.Raw, []byte("{")) {
			t.Errorf("event %d: Raw = %q", i, e.Raw)
		}
	}
	comment.Raw = nil
	wantComment := AuditEvent{
		ID: 1020043339, Type: "Comment", AuthorID: 76872, Public: true,
		Body:      "The smoke is very colorful.",
		HTMLBody:  `<div class="zd-comment" dir="auto"><p>The smoke is very colorful.</p></div>`,
		PlainBody: "The smoke is very colorful.",
		Attachments: []Attachment{{
			ID: 498483, URL: "https://acme.zendesk.com/api/v2/attachments/498483.json", FileName: "crash.log",
			ContentURL:  "https://acme.zendesk.com/attachments/token/xy1/?name=crash.log",
			ContentType: "text/plain", Size: 2532, Thumbnails: []Attachment{},
		}},
	}
	if !reflect.DeepEqual(comment, wantComment) {
		t.Errorf("comment event\n got: %+v\nwant: %+v", comment, wantComment)
	}
	changes := []struct {
		typ, field  string
		value, prev any
	}{
		{"Create", "priority", "urgent", nil},
		{"Create", "tags", []any{"printer"}, nil},
		{"Change", "assignee_id", "235323", nil},
		{"Change", "status", "open", "new"},
		{"Change", "27643", json.Number("12.5"), json.Number("7")},
		{"Change", "tags", []any{"printer", "fire"}, []any{"printer"}},
		{"Change", "custom_status_id", map[string]any{"id": json.Number("3612009")}, map[string]any{"id": json.Number("3612008")}},
	}
	for i, c := range changes {
		e := a.Events[i+1]
		if e.Type != c.typ || e.FieldName != c.field || !reflect.DeepEqual(e.Value, c.value) || !reflect.DeepEqual(e.PreviousValue, c.prev) {
			t.Errorf("event %d = %s %s %#v (was %#v), want %s %s %#v (was %#v)",
				i+1, e.Type, e.FieldName, e.Value, e.PreviousValue, c.typ, c.field, c.value, c.prev)
		}
	}
	n := a.Events[8]
	if n.Type != "Notification" || !reflect.DeepEqual(n.Recipients, []int64{20978392}) || n.Via == nil ||
		n.Via.Source.From.Title != "Notify requester of received request" || n.Via.Source.Rel != "trigger" {
		t.Errorf("notification event = %+v", n)
	}
}

func TestDecodeAuditTolerance(t *testing.T) {
	var a Audit
	in := `{"id":"5","ticket_id":"6","author_id":-1,"metadata":{"custom":[],"system":null},"via":null,
		"events":[{"id":"7","type":"Change","field_name":12,"value":null,"previous_value":true}]}`
	if err := json.Unmarshal([]byte(in), &a); err != nil {
		t.Fatal(err)
	}
	want := Audit{ID: 5, TicketID: 6, AuthorID: -1,
		Events: []AuditEvent{{ID: 7, Type: "Change", FieldName: "12", PreviousValue: true,
			Raw: json.RawMessage(`{"id":"7","type":"Change","field_name":12,"value":null,"previous_value":true}`)}}}
	if !reflect.DeepEqual(a, want) {
		t.Errorf("audit = %+v, want %+v", a, want)
	}
}

func decodeJobStatus(t testing.TB, name string) JobStatus {
	t.Helper()
	var body struct {
		JobStatus JobStatus `json:"job_status"`
	}
	decodeFixture(t, name, &body)
	return body.JobStatus
}

func TestDecodeJobStatus(t *testing.T) {
	tests := []struct {
		fixture  string
		id       string
		status   JobState
		jobType  string
		message  string
		total    int
		progress int
		done     bool
		results  []JobResult
		failures int
	}{
		{"job_status_queued.json", "V3-8b6f2c5e1d0a4f7b9c3e2a1d5f6b7c8d", JobQueued, "Bulk Create Ticket", "", 0, 0, false, nil, 0},
		{"job_status_completed_create.json", "V3-8b6f2c5e1d0a4f7b9c3e2a1d5f6b7c8d", JobCompleted, "Bulk Create Ticket",
			"Completed at 2026-03-05 08:31:40 +0000", 3, 3, true, []JobResult{
				{Index: 2, ID: 35443, AccountID: 9876543},
				{Index: 0, ID: 35441, AccountID: 9876543},
				{Index: 1, ID: 35442, AccountID: 9876543},
			}, 0},
		{"job_status_completed_update.json", "V3-c41e9a07f2b84d1e8a6f3b5c7d9e0f12", JobCompleted, "Bulk Update Ticket",
			"Completed at 2026-03-05 08:40:02 +0000", 2, 2, true, []JobResult{
				{ID: 35441, Action: "update", Status: "Updated", Success: true},
				{ID: 35442, Action: "update", Status: "Updated", Success: true},
			}, 0},
		{"job_status_failed.json", "V3-e7a2b9c4d1f0483e95a6b7c8d9e0f1a2", JobFailed, "Bulk Update Ticket",
			"Failed at 2026-03-05 08:45:19 +0000", 3, 3, true, []JobResult{
				{Index: 0, ID: 35441, Action: "update", Status: "Updated", Success: true},
				{Index: 1, ID: 35442, Action: "update", Error: "TicketUpdateFailed", Details: "Status: closed prevents ticket update"},
				{Index: 2, ID: 35999, Error: "RecordInvalid",
					Details: `{"requester":[{"description":"Requester: Email is invalid","error":"InvalidValue"}]}`},
				{Index: 3, Error: "PermissionDenied", Details: `["You do not have access","to this ticket"]`},
			}, 3},
		{"job_status_results_object.json", "V3-0f1e2d3c4b5a69788796a5b4c3d2e1f0", JobCompleted, "Merge Ticket",
			"Completed at 2026-03-05 09:02:55 +0000", 1, 1, true, []JobResult{{Success: true}}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			js := decodeJobStatus(t, tt.fixture)
			want := JobStatus{ID: tt.id, URL: "https://acme.zendesk.com/api/v2/job_statuses/" + tt.id + ".json",
				JobType: tt.jobType, Status: tt.status, Message: tt.message, Total: tt.total,
				Progress: tt.progress, Results: tt.results}
			if !reflect.DeepEqual(js, want) {
				t.Errorf("job status\n got: %+v\nwant: %+v", js, want)
			}
			if js.Done() != tt.done {
				t.Errorf("Done() = %v, want %v", js.Done(), tt.done)
			}
			if got := len(js.Failures()); got != tt.failures {
				t.Errorf("%d failures, want %d: %+v", got, tt.failures, js.Failures())
			}
		})
	}
}

func TestJobStatusResultsByIndex(t *testing.T) {
	js := decodeJobStatus(t, "job_status_completed_create.json")
	var ids []int64
	for i, r := range js.ResultsByIndex() {
		if r.Index != i {
			t.Errorf("result %d has index %d", i, r.Index)
		}
		ids = append(ids, r.ID)
	}
	if want := []int64{35441, 35442, 35443}; !reflect.DeepEqual(ids, want) {
		t.Errorf("ids by index = %v, want %v", ids, want)
	}
	if js.Results[0].Index != 2 {
		t.Error("ResultsByIndex reordered the original results")
	}
	upd := decodeJobStatus(t, "job_status_completed_update.json")
	if !reflect.DeepEqual(upd.ResultsByIndex(), upd.Results) {
		t.Error("results without index were reordered")
	}
}

func TestJobStatusDone(t *testing.T) {
	for status, done := range map[JobState]bool{
		JobQueued: false, JobWorking: false, JobCompleted: true, JobFailed: true, JobKilled: true, "": false, "paused": false,
	} {
		if got := (&JobStatus{Status: status}).Done(); got != done {
			t.Errorf("Done() for %q = %v, want %v", status, got, done)
		}
	}
}

func TestDecodeJobStatusTolerance(t *testing.T) {
	tests := []struct {
		name string
		json string
		want JobStatus
	}{
		{"numeric id", `{"id":12345,"status":"queued"}`, JobStatus{ID: "12345", Status: JobQueued}},
		{"counts as strings", `{"total":"4","progress":"2"}`, JobStatus{Total: 4, Progress: 2}},
		{"results empty object", `{"results":{}}`, JobStatus{Results: []JobResult{{}}}},
		{"results empty list", `{"results":[]}`, JobStatus{Results: []JobResult{}}},
		{"results string", `{"results":"done"}`, JobStatus{}},
		{"result not an object", `{"results":["ok",null]}`, JobStatus{Results: []JobResult{{Details: "ok"}, {}}}},
		{"result odd types", `{"results":[{"id":"9","index":"1","success":"true","error":{"code":1}}]}`,
			JobStatus{Results: []JobResult{{ID: 9, Index: 1, Success: true, Error: `{"code":1}`}}}},
		{"unknown keys", `{"id":"V3-x","whatever":[1],"results":null}`, JobStatus{ID: "V3-x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var js JobStatus
			if err := json.Unmarshal([]byte(tt.json), &js); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(js, tt.want) {
				t.Errorf("got %+v, want %+v", js, tt.want)
			}
		})
	}
}

func TestDecodeJobStatuses(t *testing.T) {
	var body struct {
		JobStatuses []JobStatus `json:"job_statuses"`
	}
	decodeFixture(t, "job_statuses.json", &body)
	var states []JobState
	for _, js := range body.JobStatuses {
		states = append(states, js.Status)
	}
	if want := []JobState{JobQueued, JobWorking, JobCompleted}; !reflect.DeepEqual(states, want) {
		t.Errorf("states = %v, want %v", states, want)
	}
	if w := body.JobStatuses[1]; w.Total != 4 || w.Progress != 1 || w.Message != "" || len(w.Results) != 1 || w.Results[0].Action != "delete" {
		t.Errorf("working job = %+v", w)
	}
}

func TestDecodeTicketRelated(t *testing.T) {
	var r TicketRelated
	decodeFixture(t, "ticket_related.json", &r)
	want := TicketRelated{JiraIssueIDs: []string{"10432", "OPS-77"}, FollowupSourceIDs: []int64{35001, 35002}, Incidents: 7}
	if !reflect.DeepEqual(r, want) {
		t.Errorf("related = %+v, want %+v", r, want)
	}
	if err := json.Unmarshal([]byte(`{"topic_id":"42","jira_issue_ids":null,"from_archive":true,"incidents":null}`), &r); err != nil {
		t.Fatal(err)
	}
	if want := (TicketRelated{TopicID: 42, FromArchive: true}); !reflect.DeepEqual(r, want) {
		t.Errorf("related = %+v, want %+v", r, want)
	}
}

func ptrTime(t time.Time) *time.Time { return &t }

func TestDecodeUsers(t *testing.T) {
	var body struct {
		Users []User `json:"users"`
	}
	decodeFixture(t, "users_collaborators.json", &body)
	want := []User{
		{ID: 223443, URL: "https://acme.zendesk.com/api/v2/users/223443.json", Name: "Johnny Agent",
			Email: "johnny@acme.test", Role: "agent", Active: true, Verified: true, TimeZone: "Europe/Dublin",
			IanaTimeZone: "Europe/Dublin", Signature: "Johnny", Moderator: true, DefaultGroupID: 98738,
			ReportCSV: true, LastLoginAt: ptrTime(mustTime(t, "2026-03-05T07:59:12Z")), Tags: []string{}, UserFields: map[string]any{},
			Locale: "en-US", LocaleID: 1, CreatedAt: mustTime(t, "2024-06-11T10:02:33Z"), UpdatedAt: mustTime(t, "2026-02-28T16:45:01Z")},
		{ID: 8678530, URL: "https://acme.zendesk.com/api/v2/users/8678530.json", Name: "Peter Admin",
			Email: "peter@acme.test", Role: "admin", Active: true, Verified: true, OrganizationID: 509974,
			Phone: "+49 30 1234567", TimeZone: "Berlin", Locale: "de", LocaleID: 8,
			CreatedAt: mustTime(t, "2019-01-02T08:00:00Z"), UpdatedAt: mustTime(t, "2026-01-15T12:00:00Z")},
		{ID: 20978392, URL: "https://acme.zendesk.com/api/v2/users/20978392.json", Name: "Jane Doe",
			Email: "jane.doe@example.org", Role: "end-user", Active: true, OrganizationID: 509974,
			TimeZone: "Eastern Time (US & Canada)", Locale: "en-US", LocaleID: 1,
			CreatedAt: mustTime(t, "2026-03-02T09:15:27Z"), UpdatedAt: mustTime(t, "2026-03-02T09:15:27Z")},
	}
	if !reflect.DeepEqual(body.Users, want) {
		t.Errorf("users\n got: %+v\nwant: %+v", body.Users, want)
	}
}

func TestDecodeTwicketStatuses(t *testing.T) {
	var body struct {
		Statuses []TwicketStatus `json:"statuses"`
	}
	decodeFixture(t, "twicket_statuses.json", &body)
	want := []TwicketStatus{
		{ID: 834, Favorited: true, UserFollowed: true},
		{ID: 836, UserFollowed: true, Retweeted: true},
	}
	if !reflect.DeepEqual(body.Statuses, want) {
		t.Errorf("statuses = %+v, want %+v", body.Statuses, want)
	}
}

// fuzzSeeds adds every fixture whose name starts with prefix, and the object under key.
func fuzzSeeds(f *testing.F, prefix, key string) {
	names, err := filepath.Glob(filepath.Join("testdata", prefix+"*.json"))
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range names {
		b := fixture(f, filepath.Base(name))
		f.Add(b)
		var body map[string]json.RawMessage
		if json.Unmarshal(b, &body) == nil && body[key] != nil {
			f.Add([]byte(body[key]))
		}
	}
}

// FuzzDecodeTicket checks that no input makes ticket decoding panic, and that whatever decodes
// encodes again.
func FuzzDecodeTicket(f *testing.F) {
	fuzzSeeds(f, "ticket", "ticket")
	f.Add([]byte(`{"group_id":"1e3","via":{"channel":1.5},"satisfaction_rating":[],"custom_fields":[{"value":{}}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var tk Ticket
		if json.Unmarshal(b, &tk) != nil {
			return
		}
		if _, err := json.Marshal(tk); err != nil {
			t.Errorf("decoded ticket does not encode: %v", err)
		}
		var body struct {
			Tickets []Ticket `json:"tickets"`
			Audit   *Audit   `json:"audit"`
		}
		_ = json.Unmarshal(b, &body)
	})
}

// FuzzDecodeJobStatus checks that no input makes job status decoding panic, and that the
// helpers work on whatever decodes.
func FuzzDecodeJobStatus(f *testing.F) {
	fuzzSeeds(f, "job_status", "job_status")
	f.Add([]byte(`{"results":[1,"x",{"details":{"a":[1]}}],"total":-1}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var js JobStatus
		if json.Unmarshal(b, &js) != nil {
			return
		}
		_ = js.Done()
		_ = js.Failures()
		if got := js.ResultsByIndex(); len(got) != len(js.Results) {
			t.Errorf("ResultsByIndex lost results: %d vs %d", len(got), len(js.Results))
		}
		if _, err := json.Marshal(js); err != nil {
			t.Errorf("decoded job status does not encode: %v", err)
		}
	})
}

// BenchmarkDecodeTicketsPage measures a page of three full tickets, the decoder's hot path.
func BenchmarkDecodeTicketsPage(b *testing.B) {
	data := fixture(b, "tickets_page.json")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var page struct {
			Tickets []Ticket `json:"tickets"`
		}
		if err := json.Unmarshal(data, &page); err != nil {
			b.Fatal(err)
		}
	}
}
