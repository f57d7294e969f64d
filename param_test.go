package zendesk

import (
	"encoding/json"
	"math"
	"strconv"
	"testing"
	"time"
)

func TestParamMarshal(t *testing.T) {
	type body struct {
		AssigneeID Param[int64]    `json:"assignee_id,omitzero"`
		Tags       Param[[]string] `json:"tags,omitzero"`
		Subject    Param[string]   `json:"subject,omitzero"`
	}
	tests := []struct {
		name string
		in   body
		want string
	}{
		{"unset omitted", body{}, `{}`},
		{"set", body{AssigneeID: Set[int64](42), Subject: Set("Hi")}, `{"assignee_id":42,"subject":"Hi"}`},
		{"null clears", body{AssigneeID: Null[int64]()}, `{"assignee_id":null}`},
		{"empty list clears tags", body{Tags: Set([]string{})}, `{"tags":[]}`},
		{"set zero value is sent", body{Subject: Set("")}, `{"subject":""}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := json.Marshal(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestParamGet(t *testing.T) {
	if v, ok := Set[int64](7).Get(); !ok || v != 7 {
		t.Errorf("Set(7).Get() = %d, %v", v, ok)
	}
	if _, ok := Null[int64]().Get(); ok {
		t.Error("Null().Get() reports a value")
	}
	var unset Param[int64]
	if _, ok := unset.Get(); ok || !unset.IsZero() || unset.IsNull() {
		t.Error("zero Param is not unset")
	}
	if !Null[string]().IsNull() || Null[string]().IsZero() {
		t.Error("Null is not null")
	}
	get := Param[int64].Get // a valid method expression, as API.md promises
	if v, _ := get(Set[int64](3)); v != 3 {
		t.Error("method expression")
	}
}

func TestParamUnmarshalRoundTrip(t *testing.T) {
	var p struct {
		A Param[int64]  `json:"a,omitzero"`
		B Param[string] `json:"b,omitzero"`
		C Param[bool]   `json:"c,omitzero"`
	}
	if err := json.Unmarshal([]byte(`{"a":null,"b":"x"}`), &p); err != nil {
		t.Fatal(err)
	}
	if !p.A.IsNull() || !p.C.IsZero() {
		t.Errorf("a null = %v, c unset = %v", p.A.IsNull(), p.C.IsZero())
	}
	if v, ok := p.B.Get(); !ok || v != "x" {
		t.Errorf("b = %q %v", v, ok)
	}
	out, _ := json.Marshal(p)
	if string(out) != `{"a":null,"b":"x"}` {
		t.Errorf("round trip = %s", out)
	}
	if err := json.Unmarshal([]byte(`{"a":"nope"}`), &p); err == nil {
		t.Error("a string into Param[int64] decoded")
	}
}

// TestParamMarshalMatchesEncodingJSON: the values Param writes itself (ints, bools, strings and
// the string types, times) come out byte for byte as json.Marshal writes the bare value, alone
// and inside a struct.
func TestParamMarshalMatchesEncodingJSON(t *testing.T) {
	strs := []string{"", "Hi", "My printer is on fire!", `say "hi"`, `back\slash`, "<b>&amp;</b>", "tab\there", "nl\n",
		"\x00\x1f\x7f", "héllo wörld", "日本語", "\u2028\u2029", "bad \xff utf-8", "~ !#$%'()*+,-./:;=?@[]^_`{|}"}
	var all []byte
	for c := range 256 {
		all = append(all, byte(c))
	}
	strs = append(strs, string(all))
	check := func(name string, p json.Marshaler, bare any) {
		t.Helper()
		got, err := p.MarshalJSON()
		want, werr := json.Marshal(bare)
		if err != nil || werr != nil || string(got) != string(want) {
			t.Errorf("%s: MarshalJSON = %s, %v; json.Marshal = %s, %v", name, got, err, want, werr)
		}
		inStruct, err := json.Marshal(struct{ V json.Marshaler }{p})
		wantStruct, _ := json.Marshal(struct{ V any }{bare})
		if err != nil || string(inStruct) != string(wantStruct) {
			t.Errorf("%s in a struct: %s, %v; want %s", name, inStruct, err, wantStruct)
		}
	}
	for _, s := range strs {
		check("string "+strconv.Quote(s), Set(s), s)
		check("TicketType", Set(TicketType(s)), TicketType(s))
		check("Priority", Set(Priority(s)), Priority(s))
		check("Status", Set(Status(s)), Status(s))
	}
	for _, n := range []int64{0, 1, -1, 42, 20978392, math.MaxInt64, math.MinInt64} {
		check("int64 "+strconv.FormatInt(n, 10), Set(n), n)
	}
	check("true", Set(true), true)
	check("false", Set(false), false)
	for _, tm := range []time.Time{{}, time.Date(2026, 3, 10, 12, 0, 0, 999, time.FixedZone("x", 3600)), time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)} {
		check("time "+tm.String(), Set(wireTime(tm)), wireTime(tm))
	}
	check("float", Set(12.5), 12.5)
	check("list", Set([]string{"a", "<b>"}), []string{"a", "<b>"})
}

// FuzzParamString: any string a Param writes itself comes out as json.Marshal writes it.
func FuzzParamString(f *testing.F) {
	for _, s := range []string{"", "plain", `"quoted"`, "<&>", "\x7f", "é", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := Set(s).MarshalJSON()
		want, _ := json.Marshal(s)
		if err != nil || string(got) != string(want) {
			t.Errorf("%q: %s, %v; want %s", s, got, err, want)
		}
	})
}
