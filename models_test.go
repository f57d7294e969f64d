package zendesk

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

// readFixture returns the bytes of testdata/name.
func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// decodeFixture decodes testdata/name into v, failing the test on any error.
func decodeFixture(t testing.TB, name string, v any) {
	t.Helper()
	if err := json.Unmarshal(readFixture(t, name), v); err != nil {
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
	tests := []struct {
		name  string
		json  string
		check func(Ticket) bool
	}{
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
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var tk Ticket
			if err := json.Unmarshal([]byte(tt.json), &tk); err != nil {
				t.Fatalf("decode %s: %v", tt.json, err)
			}
			if !tt.check(tk) {
				t.Errorf("decode %s: unexpected %+v", tt.json, tk)
			}
		})
	}
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
